// What the worker processes of a shared (Redis) deployment tell each other about a lane
// beyond its budgets: the limits learnt from headers (so a new worker starts warm), and a
// pause after a 429 (so every worker holds off, not only the one that was refused).
import type { Redis } from "ioredis";
import type { LaneLimits } from "./rate-limit-learning";

export interface LearntLimits extends Partial<LaneLimits> {
  /** When a response last stated them (epoch ms). */
  observedAt: number;
}

/** Extends a pause only forward: a short Retry-After never cuts a longer one short. */
const EXTEND_PAUSE = `
local current = tonumber(redis.call('get', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1`;

export class SharedLaneState {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limitsTtlMs: number,
  ) {}

  private limitsKey(laneKey: string): string {
    return `${this.prefix}:limits:${laneKey}`;
  }

  private pauseKey(laneKey: string): string {
    return `${this.prefix}:pause:${laneKey}`;
  }

  async readLimits(laneKey: string): Promise<LearntLimits | undefined> {
    const text = await this.redis.get(this.limitsKey(laneKey));
    if (!text) return undefined;
    try {
      const parsed = JSON.parse(text) as LearntLimits;
      return typeof parsed.observedAt === "number" ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async writeLimits(laneKey: string, limits: LearntLimits): Promise<void> {
    await this.redis.set(this.limitsKey(laneKey), JSON.stringify(limits), "PX", this.limitsTtlMs);
  }

  /** Epoch ms until which the lane is paused (0 = not paused). */
  async readPause(laneKey: string): Promise<number> {
    const value = Number(await this.redis.get(this.pauseKey(laneKey)));
    return Number.isFinite(value) ? value : 0;
  }

  async pauseUntil(laneKey: string, until: number, now = Date.now()): Promise<void> {
    const ms = Math.ceil(until - now);
    if (ms <= 0) return;
    await this.redis.eval(EXTEND_PAUSE, 1, this.pauseKey(laneKey), String(Math.ceil(until)), String(ms));
  }
}

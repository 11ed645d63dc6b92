// The per-provider-key call scheduler: every provider call of a job waits here until its lane
// (one merchant key + model family, as providers apply their limits) may start it.
//
// Per lane:
// - requests- and tokens-per-minute budgets (rate-limit-windows.ts), starting from
//   conservative defaults (or a caller's hint), then set to the limits the provider's
//   rate-limit headers state; each call reserves its estimated tokens (input + its output cap
//   when it sets one, as providers count) before it starts and is corrected with its real
//   usage when it ends; a lane whose estimates run systematically low reserves more up front;
// - when the headers show the key's budget draining faster than the lane counts (another app
//   on the key, tokens no estimate sees), the lane uses less of the limit until it refills;
// - a concurrency cap from Little's law (in-flight = rate × latency, with headroom), and one
//   call at a time until a first answer has shown the key's limits;
// - a 429 pauses the whole lane for Retry-After (or what the headers imply) and the call goes
//   back to the front of the queue, a bounded number of times; answers saying the key's budget
//   is (nearly) spent brake the lane the same way;
// - FIFO order; a waiting call leaves the queue when its AbortSignal fires.
// With Redis (REDIS_URL), budgets, learnt limits and pauses are shared by every worker process.
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { isProviderError } from "../providers/provider-error";
import {
  brakeMs,
  countedTokens,
  isRateLimitError,
  limitsFromSnapshot,
  modelFamily,
  retryDelayMs,
  snapshotOf,
  usageOf,
  type CallUsage,
  type LaneLimits,
} from "./rate-limit-learning";
import type { RateLimitSnapshot } from "../providers/types";
import { SharedLaneState } from "./rate-limit-shared-state";
import { LaneBudget, type Reservation, type WindowLimiter } from "./rate-limit-windows";
import type { CallEstimate, CallLane, CallScheduleOptions, CallScheduler } from "./scheduler-port";

export type { LaneLimits } from "./rate-limit-learning";

/**
 * A call's expected usage (the port's). `maxOutputTokens`: the output cap the call sends
 * (max_tokens), when it sends one — providers count the cap toward TPM, not the expected output.
 */
export type ScheduleEstimate = CallEstimate;
export type ScheduleOptions = CallScheduleOptions;

export interface SchedulerDefaults {
  /** Cold-start budgets, until a response's headers state the key's real limits. */
  rpm: number;
  tpm: number;
  /** Share of the stated limits the scheduler plans to use (headroom for estimate errors). */
  share: number;
  /** Budget window; whole seconds when shared through Redis. */
  windowMs: number;
  maxConcurrency: number;
  /** How often one call is retried after a 429 before its error reaches the caller. */
  maxRetries: number;
  /**
   * How often one call is retried after a server error, timeout or lost connection (after
   * 0.5 s, 1 s, …; the lane is not paused). Adapters used through the scheduler should have
   * their SDK's own retries off (`transport.maxRetries: 0`), so 429s reach the scheduler.
   */
  maxTransientRetries: number;
  /** The longest single pause a 429 or a spent budget may impose. */
  maxPauseMs: number;
  /** Latency assumed before any call has finished (for the concurrency cap). */
  initialLatencyMs: number;
  /** How long learnt limits stay in Redis without being confirmed by a response. */
  limitsTtlMs: number;
  /** How often a worker re-reads the limits other workers learnt. */
  sharedRefreshMs: number;
}

/** Tier-1-like limits (Anthropic's first tier: 50 RPM, 30k input TPM): safe for any paid key. */
export const SCHEDULER_DEFAULTS: Readonly<SchedulerDefaults> = Object.freeze({
  rpm: 50,
  tpm: 30_000,
  share: 0.95,
  windowMs: 2_000,
  maxConcurrency: 64,
  maxRetries: 8,
  maxTransientRetries: 2,
  maxPauseMs: 60_000,
  initialLatencyMs: 1_000,
  limitsTtlMs: 3_600_000,
  sharedRefreshMs: 15_000,
});

export interface CreateCallSchedulerOptions {
  /** Share budgets through Redis: a connection, or a URL (REDIS_URL) the scheduler connects to and closes. */
  redis?: Redis | string;
  /** Prefix of every Redis and counter key (one per deployment; tests use a unique one). */
  keyPrefix?: string;
  defaults?: Partial<SchedulerDefaults>;
  /** Starting limits for a lane, when the caller knows better than the defaults (e.g. a local model: Infinity). */
  limitHints?: (lane: CallLane) => Partial<LaneLimits> | undefined;
}


export type LimitsSource = "default" | "hint" | "headers" | "shared";

export interface LaneStatus {
  key: string;
  limits: LaneLimits;
  limitsSource: LimitsSource;
  queued: number;
  inFlight: number;
  concurrency: number;
  /** Epoch ms until which this process holds the lane (0 = not paused). */
  pausedUntil: number;
  /** Call attempts started (retries included). */
  started: number;
  /** 429s answered to this lane's calls. */
  rateLimited: number;
  /** Observed latency (moving average, ms). */
  latencyMs: number;
  /**
   * Share of the limits in use after the provider's headers showed its budget draining faster
   * than this lane counts (another app on the key, or tokens the estimates miss); 1 = all.
   */
  pressure: { requests: number; tokens: number };
}

export interface ProviderCallScheduler extends CallScheduler {
  schedule<T>(lane: CallLane, estimate: ScheduleEstimate, call: () => Promise<T>, options?: ScheduleOptions): Promise<T>;
  status(lane: CallLane): LaneStatus | undefined;
  /** Rejects calls still waiting, stops timers, and closes a Redis connection the scheduler opened. */
  close(): Promise<void>;
}

export class SchedulerClosedError extends Error {
  override readonly name = "SchedulerClosedError";
  constructor() {
    super("The provider call scheduler was closed before this call could start.");
  }
}

const LATENCY_WEIGHT = 0.2;
const TOKENS_WEIGHT = 0.1;
/** How fast the lane learns how far the callers' token estimates are off (real ÷ estimated). */
const RATIO_WEIGHT = 0.2;
const RATIO_BOUNDS = [0.25, 4] as const;
/**
 * Pressure feedback. At the planned pace the provider's bucket stays nearly full (a 2 s window
 * spends ~3% of it, and refills as much); below three quarters full it is draining faster than
 * this lane counts: use less of the limit (×0.85, at most once a window), and give it back
 * slowly (+0.02 a window) once the bucket is nearly full again.
 */
const DRAINING_BELOW = 0.75;
const REFILLED_ABOVE = 0.9;
const PRESSURE_DOWN = 0.85;
const PRESSURE_UP = 0.02;
const PRESSURE_FLOOR = 0.25;
/** After a counter store failure (Redis unreachable and no stand-in), try again this much later. */
const STORE_RETRY_MS = 1_000;
const REDIS_READY_WAIT_MS = 5_000;

interface Waiter {
  call: () => Promise<unknown>;
  /** Expected tokens as the provider counts them: input + (output cap, or expected output). */
  tokens: number;
  outputCap?: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
  attempts: number;
  transientRetries: number;
  /** "running" includes the backoff before a retry after a transient error. */
  state: "queued" | "running" | "done";
}

interface LaneContext {
  config: SchedulerDefaults;
  budget: LaneBudget;
  shared?: SharedLaneState;
  sharedReady?: () => Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

const ignore = () => {};

class Lane {
  private queue: Waiter[] = [];
  private head = 0;
  private queued = 0;
  private inFlight = 0;
  private pumping = false;
  private pumpAgain = false;
  private timer?: ReturnType<typeof setTimeout>;
  private timerAt = Infinity;
  private pausedUntil = 0;
  /** A first answer has come back: the concurrency cap opens up. */
  private warm = false;
  private learntAt = -Infinity;
  private sharedCheckedAt = -Infinity;
  private sharedWrittenAt = -Infinity;
  private latencyMs: number;
  private tokensPerCall = 0;
  /** Real tokens ÷ estimated tokens, so a systematic estimate error is reserved for up front. */
  private usageRatio = 1;
  private readonly pressure = { requests: 1, tokens: 1 };
  private readonly pressureChangedAt = { requests: -Infinity, tokens: -Infinity };
  private started = 0;
  private rateLimited = 0;
  private closed = false;

  constructor(
    readonly key: string,
    private readonly limits: LaneLimits,
    private limitsSource: LimitsSource,
    private readonly ctx: LaneContext,
  ) {
    this.latencyMs = ctx.config.initialLatencyMs;
  }

  enqueue(waiter: Waiter): void {
    this.queue.push(waiter);
    this.queued++;
    if (this.tokensPerCall === 0) this.tokensPerCall = waiter.tokens;
    void this.pump();
  }

  abort(waiter: Waiter): void {
    if (waiter.state !== "queued") return; // a running call stops through its own signal
    waiter.state = "done";
    this.queued--;
    this.detach(waiter);
    waiter.reject(abortReason(waiter.signal!));
  }

  status(): LaneStatus {
    return {
      key: this.key,
      limits: { ...this.limits },
      limitsSource: this.limitsSource,
      queued: this.queued,
      inFlight: this.inFlight,
      concurrency: this.concurrency(),
      pausedUntil: this.pausedUntil > Date.now() ? this.pausedUntil : 0,
      started: this.started,
      rateLimited: this.rateLimited,
      latencyMs: Math.round(this.latencyMs),
      pressure: { ...this.pressure },
    };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (let waiter = this.peek(); waiter; waiter = this.peek()) {
      this.take(waiter, "done");
      this.detach(waiter);
      waiter.reject(new SchedulerClosedError());
    }
  }

  /** In-flight calls that keep the lane at its planned rate: Little's law with 2× headroom. */
  private concurrency(): number {
    const { maxConcurrency, share } = this.ctx.config;
    if (!this.warm) return 1;
    const limits = this.limitsInUse();
    const perMinute = Math.min(limits.rpm, limits.tpm / Math.max(1, this.tokensPerCall)) * share;
    if (!Number.isFinite(perMinute)) return maxConcurrency;
    const inFlight = (perMinute / 60_000) * this.latencyMs;
    return Math.min(maxConcurrency, Math.max(1, Math.ceil(2 * inFlight) + 1));
  }

  /** The learnt (or default) limits scaled by the pressure feedback. */
  private limitsInUse(): LaneLimits {
    return { rpm: this.limits.rpm * this.pressure.requests, tpm: this.limits.tpm * this.pressure.tokens };
  }

  // ── queue ───────────────────────────────────────────────────────────────────────────────

  private peek(): Waiter | undefined {
    while (this.head < this.queue.length && this.queue[this.head].state !== "queued") this.head++;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return this.queue[this.head];
  }

  /**
   * Takes `waiter` out of the queue. Not necessarily the head any more: a call refused while
   * this one's budget was being reserved may have gone back in front of it. The queue skips
   * whatever is no longer "queued".
   */
  private take(waiter: Waiter, state: Waiter["state"]): void {
    waiter.state = state;
    this.queued--;
  }

  /** A call refused with 429 goes back first: it was admitted before everything still waiting. */
  private requeueFirst(waiter: Waiter): void {
    waiter.state = "queued";
    if (this.head > 0) this.queue[--this.head] = waiter;
    else this.queue.unshift(waiter);
    this.queued++;
  }

  private detach(waiter: Waiter): void {
    if (waiter.onAbort) waiter.signal?.removeEventListener("abort", waiter.onAbort);
  }

  // ── dispatch ────────────────────────────────────────────────────────────────────────────

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        await this.admit();
      } while (this.pumpAgain && !this.closed);
    } catch {
      // The counters' store failed (Redis down with no stand-in): nothing is lost, try later.
      this.wakeAt(Date.now() + STORE_RETRY_MS);
    } finally {
      this.pumping = false;
    }
  }

  private async admit(): Promise<void> {
    const { config, budget, shared } = this.ctx;
    while (!this.closed) {
      const waiter = this.peek();
      if (!waiter || this.inFlight >= this.concurrency()) return;
      let now = Date.now();
      if (this.timer && now < this.timerAt) return; // waiting for a known time (window, pause)
      if (shared && now - this.sharedCheckedAt >= config.sharedRefreshMs) await this.loadShared(shared, now);
      const pausedUntil = Math.max(this.pausedUntil, shared ? await shared.readPause(this.key).catch(() => 0) : 0);
      now = Date.now();
      if (pausedUntil > now) {
        this.wakeAt(pausedUntil);
        return;
      }
      // No estimate: the lane's average call (its real usage is counted when it ends either way).
      const tokens = Math.ceil(waiter.tokens > 0 ? waiter.tokens * this.usageRatio : this.tokensPerCall);
      const outcome = await budget.tryReserve(tokens, this.limitsInUse(), config.share, now);
      if ("waitMs" in outcome) {
        this.wakeAt(now + Math.max(1, outcome.waitMs));
        return;
      }
      if (waiter.state !== "queued" || this.closed) {
        await budget.refund(outcome.reservation); // aborted while its budget was being reserved
        continue;
      }
      this.take(waiter, "running");
      this.start(waiter, outcome.reservation);
    }
  }

  private wakeAt(at: number): void {
    if (this.closed || (this.timer && this.timerAt <= at)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      void this.pump();
    }, Math.max(1, at - Date.now()));
  }

  private start(waiter: Waiter, reservation: Reservation): void {
    waiter.attempts++;
    this.inFlight++;
    this.started++;
    const startedAt = Date.now();
    let running: Promise<unknown>;
    try {
      running = waiter.call();
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (value) => this.succeeded(waiter, reservation, value, startedAt),
      (error: unknown) => this.failed(waiter, reservation, error, startedAt),
    );
  }

  private succeeded(waiter: Waiter, reservation: Reservation, value: unknown, startedAt: number): void {
    this.inFlight--;
    const now = Date.now();
    this.observe(now - startedAt);
    const snapshot = snapshotOf(value);
    this.learn(snapshot, now);
    this.feelPressure(snapshot, now);
    this.settle(waiter, reservation, usageOf(value), now);
    const brake = brakeMs(snapshot, this.peek()?.tokens ?? this.tokensPerCall, now);
    if (brake > 0) this.pause(now + Math.min(brake, this.ctx.config.maxPauseMs), now);
    waiter.state = "done";
    this.detach(waiter);
    waiter.resolve(value);
    void this.pump();
  }

  /** Replaces the reservation with what the provider counted, and learns from the difference. */
  private settle(waiter: Waiter, reservation: Reservation, used: CallUsage, now: number): void {
    const counted = countedTokens(used, waiter.outputCap);
    if (counted !== undefined) {
      this.tokensPerCall = this.tokensPerCall > 0 ? this.tokensPerCall + TOKENS_WEIGHT * (counted - this.tokensPerCall) : counted;
      if (waiter.tokens > 0) {
        const ratio = counted / used.requests / waiter.tokens;
        this.usageRatio = Math.min(RATIO_BOUNDS[1], Math.max(RATIO_BOUNDS[0], this.usageRatio + RATIO_WEIGHT * (ratio - this.usageRatio)));
      }
    }
    this.ctx.budget.settle(reservation, { tokens: counted, requests: used.requests }, this.limitsInUse(), this.ctx.config.share, now).catch(ignore);
  }

  private failed(waiter: Waiter, reservation: Reservation, error: unknown, startedAt: number): void {
    this.inFlight--;
    const now = Date.now();
    this.warm = true;
    if (isProviderError(error)) {
      this.learn(error.rateLimit, now);
      this.feelPressure(error.rateLimit, now);
      // What a failed call was billed still counted toward the key's budget.
      if (error.usage) this.settle(waiter, reservation, usageOf({ usage: error.usage }), now);
    }
    if (isRateLimitError(error)) {
      this.rateLimited++;
      this.pause(now + retryDelayMs(error, waiter.attempts, waiter.tokens, this.ctx.config.maxPauseMs, now), now);
      if (waiter.attempts <= this.ctx.config.maxRetries && !waiter.signal?.aborted && !this.closed) {
        this.requeueFirst(waiter);
        void this.pump();
        return;
      }
    } else {
      this.observe(now - startedAt);
      const { maxTransientRetries, maxPauseMs } = this.ctx.config;
      if (isProviderError(error) && error.transient && waiter.transientRetries < maxTransientRetries && !waiter.signal?.aborted && !this.closed) {
        const backoff = Math.min(500 * 2 ** waiter.transientRetries++, maxPauseMs);
        setTimeout(() => this.retryAfterBackoff(waiter, error), backoff * (0.8 + 0.4 * Math.random()));
        void this.pump();
        return;
      }
    }
    waiter.state = "done";
    this.detach(waiter);
    waiter.reject(error);
    void this.pump();
  }

  private retryAfterBackoff(waiter: Waiter, error: unknown): void {
    if (waiter.signal?.aborted || this.closed) {
      waiter.state = "done";
      this.detach(waiter);
      waiter.reject(waiter.signal?.aborted ? abortReason(waiter.signal) : this.closed ? new SchedulerClosedError() : error);
      return;
    }
    this.requeueFirst(waiter);
    void this.pump();
  }

  // ── learning ────────────────────────────────────────────────────────────────────────────

  private observe(latencyMs: number): void {
    this.warm = true;
    this.latencyMs += LATENCY_WEIGHT * (latencyMs - this.latencyMs);
  }

  private feelPressure(snapshot: RateLimitSnapshot | undefined, now: number): void {
    if (!snapshot) return;
    const windowMs = this.ctx.config.windowMs;
    for (const kind of ["requests", "tokens"] as const) {
      const window = snapshot[kind];
      if (!window?.limit || window.remaining === undefined) continue;
      const fill = window.remaining / window.limit;
      const since = now - this.pressureChangedAt[kind];
      if (fill < DRAINING_BELOW && since >= windowMs) {
        this.pressure[kind] = Math.max(PRESSURE_FLOOR, this.pressure[kind] * PRESSURE_DOWN);
        this.pressureChangedAt[kind] = now;
      } else if (fill > REFILLED_ABOVE && this.pressure[kind] < 1 && since >= windowMs) {
        this.pressure[kind] = Math.min(1, this.pressure[kind] + PRESSURE_UP);
        this.pressureChangedAt[kind] = now;
      }
    }
  }

  private pause(until: number, now: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
    this.ctx.shared?.pauseUntil(this.key, until, now).catch(ignore);
  }

  private learn(snapshot: RateLimitSnapshot | undefined, now: number): void {
    const found = limitsFromSnapshot(snapshot);
    if (found.rpm === undefined && found.tpm === undefined) return;
    let changed = false;
    if (found.rpm !== undefined && found.rpm !== this.limits.rpm) {
      this.limits.rpm = found.rpm;
      changed = true;
    }
    if (found.tpm !== undefined && found.tpm !== this.limits.tpm) {
      this.limits.tpm = found.tpm;
      changed = true;
    }
    this.limitsSource = "headers";
    this.learntAt = now;
    this.warm = true;
    const { shared, config } = this.ctx;
    if (shared && (changed || now - this.sharedWrittenAt > config.limitsTtlMs / 4)) {
      this.sharedWrittenAt = now;
      shared.writeLimits(this.key, { ...found, observedAt: now }).catch(ignore);
    }
  }

  private async loadShared(shared: SharedLaneState, now: number): Promise<void> {
    this.sharedCheckedAt = now;
    if (this.ctx.sharedReady) await this.ctx.sharedReady();
    const learnt = await shared.readLimits(this.key).catch(() => undefined);
    if (!learnt || learnt.observedAt <= this.learntAt) return;
    if (learnt.rpm !== undefined) this.limits.rpm = learnt.rpm;
    if (learnt.tpm !== undefined) this.limits.tpm = learnt.tpm;
    this.learntAt = learnt.observedAt;
    if (this.limitsSource !== "headers") this.limitsSource = "shared";
    this.warm = true;
  }
}

class Scheduler implements ProviderCallScheduler {
  private readonly lanes = new Map<string, Lane>();
  /** providerKeyId + model as given → its lane (saves the model-family parse per call). */
  private readonly byLane = new Map<string, Lane>();
  private readonly shared?: SharedLaneState;
  private readonly prefix: string;
  private closed = false;

  constructor(
    private readonly config: SchedulerDefaults,
    private readonly redis: Redis | undefined,
    private readonly ownsRedis: boolean,
    keyPrefix: string,
    private readonly limitHints?: (lane: CallLane) => Partial<LaneLimits> | undefined,
  ) {
    this.prefix = keyPrefix;
    if (redis) this.shared = new SharedLaneState(redis, keyPrefix, config.limitsTtlMs);
  }

  schedule<T>(lane: CallLane, estimate: ScheduleEstimate, call: () => Promise<T>, options?: ScheduleOptions): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.closed) return Promise.reject(new SchedulerClosedError());
    const target = this.laneFor(lane);
    const cap = estimate.maxOutputTokens !== undefined && estimate.maxOutputTokens > 0 ? estimate.maxOutputTokens : undefined;
    const tokens = Math.max(0, Math.ceil((estimate.inputTokens || 0) + (cap ?? (estimate.outputTokens || 0))));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        call,
        tokens,
        outputCap: cap,
        resolve: resolve as (value: unknown) => void,
        reject,
        signal,
        attempts: 0,
        transientRetries: 0,
        state: "queued",
      };
      if (signal) {
        waiter.onAbort = () => target.abort(waiter);
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      target.enqueue(waiter);
    });
  }

  status(lane: CallLane): LaneStatus | undefined {
    return this.lanes.get(this.laneKey(lane))?.status();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const lane of this.lanes.values()) lane.close();
    if (this.redis && this.ownsRedis) await this.redis.quit().catch(() => this.redis!.disconnect());
  }

  private laneKey(lane: CallLane): string {
    return `${lane.providerKeyId}:${modelFamily(lane.model)}`;
  }

  private laneFor(lane: CallLane): Lane {
    const given = `${lane.providerKeyId}\u0000${lane.model}`;
    const known = this.byLane.get(given);
    if (known) return known;
    const key = this.laneKey(lane);
    let target = this.lanes.get(key);
    if (!target) {
      const hint = this.limitHints?.(lane);
      const limits: LaneLimits = { rpm: hint?.rpm ?? this.config.rpm, tpm: hint?.tpm ?? this.config.tpm };
      const budget = new LaneBudget(key, this.counter("requests"), this.counter("tokens"), this.config.windowMs);
      target = new Lane(key, limits, hint ? "hint" : "default", {
        config: this.config,
        budget,
        shared: this.shared,
        sharedReady: this.redis ? () => redisReady(this.redis!) : undefined,
      });
      this.lanes.set(key, target);
    }
    this.byLane.set(given, target);
    return target;
  }

  private counter(kind: "requests" | "tokens"): WindowLimiter {
    const options = { points: 1, duration: Math.max(1, Math.ceil((2 * this.config.windowMs) / 1000)), keyPrefix: `${this.prefix}:${kind}` };
    if (!this.redis) return new RateLimiterMemory(options);
    return new RateLimiterRedis({
      ...options,
      storeClient: this.redis,
      // While Redis is unreachable each process counts alone (a 429 then pauses the lane)
      // instead of queueing commands until it is back.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  }
}

/** Resolves when the connection is ready, or after a few seconds (the stand-in counters take over). */
function redisReady(redis: Redis): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, REDIS_READY_WAIT_MS);
    redis.once("ready", done);
  });
}

/**
 * The scheduler for this process. With `redis` (a connection, or REDIS_URL), budgets, learnt
 * limits and pauses are shared with every other process using the same Redis and key prefix.
 */
export function createCallScheduler(options: CreateCallSchedulerOptions = {}): ProviderCallScheduler {
  const config: SchedulerDefaults = { ...SCHEDULER_DEFAULTS, ...options.defaults };
  if (!(config.share > 0 && config.share <= 1)) throw new RangeError("share must be in (0, 1]");
  if (!(config.windowMs >= 1000)) throw new RangeError("windowMs must be at least 1000");
  const keyPrefix = options.keyPrefix ?? "byok:calls";
  const owns = typeof options.redis === "string";
  const redis = typeof options.redis === "string" ? new Redis(options.redis, { maxRetriesPerRequest: 2 }) : options.redis;
  return new Scheduler(config, redis, owns, keyPrefix, options.limitHints);
}

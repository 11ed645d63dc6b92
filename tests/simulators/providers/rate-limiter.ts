// Per-key request and token budgets, refilled continuously over a minute — how OpenAI and
// Anthropic describe their limits ("replenished continuously up to the maximum").

export interface BucketState {
  limit: number;
  remaining: number;
  /** Milliseconds until the bucket is full again. */
  resetMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Which budget refused the request. */
  exceeded?: "requests" | "tokens";
  /** Milliseconds until the refused request would fit. */
  retryAfterMs: number;
  requests?: BucketState;
  tokens?: BucketState;
}

const MINUTE_MS = 60_000;

class Bucket {
  private level: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    now: number,
  ) {
    this.level = capacity;
    this.updatedAt = now;
  }

  private refill(now: number) {
    const perMs = this.capacity / MINUTE_MS;
    this.level = Math.min(this.capacity, this.level + (now - this.updatedAt) * perMs);
    this.updatedAt = now;
  }

  /** Milliseconds until `amount` is available (0 = now; Infinity = never, above capacity). */
  waitFor(amount: number, now: number): number {
    this.refill(now);
    if (amount > this.capacity) return Infinity;
    if (this.level >= amount) return 0;
    return Math.ceil((amount - this.level) / (this.capacity / MINUTE_MS));
  }

  take(amount: number, now: number) {
    this.refill(now);
    this.level -= amount;
  }

  state(now: number): BucketState {
    this.refill(now);
    const missing = this.capacity - this.level;
    return {
      limit: this.capacity,
      remaining: Math.max(0, Math.floor(this.level)),
      resetMs: Math.ceil(missing / (this.capacity / MINUTE_MS)),
    };
  }
}

export class RateLimiter {
  private readonly buckets = new Map<string, { requests?: Bucket; tokens?: Bucket }>();

  constructor(
    private rpm?: number,
    private tpm?: number,
    private readonly clock: () => number = Date.now,
  ) {}

  setLimits(limits: { rpm?: number; tpm?: number }) {
    if ("rpm" in limits) this.rpm = limits.rpm;
    if ("tpm" in limits) this.tpm = limits.tpm;
    this.buckets.clear();
  }

  reset() {
    this.buckets.clear();
  }

  private bucketsFor(key: string) {
    let entry = this.buckets.get(key);
    if (!entry) {
      const now = this.clock();
      entry = {
        requests: this.rpm ? new Bucket(this.rpm, now) : undefined,
        tokens: this.tpm ? new Bucket(this.tpm, now) : undefined,
      };
      this.buckets.set(key, entry);
    }
    return entry;
  }

  /** Admits one request costing `tokens`, or says how long to wait. */
  admit(key: string, tokens: number): RateDecision {
    const now = this.clock();
    const { requests, tokens: tokenBucket } = this.bucketsFor(key);
    const requestWait = requests ? requests.waitFor(1, now) : 0;
    const tokenWait = tokenBucket ? tokenBucket.waitFor(tokens, now) : 0;
    if (requestWait > 0 || tokenWait > 0) {
      return {
        allowed: false,
        exceeded: requestWait > 0 ? "requests" : "tokens",
        retryAfterMs: Math.max(requestWait, tokenWait),
        requests: requests?.state(now),
        tokens: tokenBucket?.state(now),
      };
    }
    requests?.take(1, now);
    tokenBucket?.take(tokens, now);
    return { allowed: true, retryAfterMs: 0, requests: requests?.state(now), tokens: tokenBucket?.state(now) };
  }

  /** Current budgets without spending anything (for headers on non-generation requests). */
  peek(key: string): Pick<RateDecision, "requests" | "tokens"> {
    const now = this.clock();
    const { requests, tokens } = this.bucketsFor(key);
    return { requests: requests?.state(now), tokens: tokens?.state(now) };
  }
}

/** OpenAI's duration format for reset headers: "1s", "6m0s", "12ms", "1m3.5s". */
export function formatOpenAiDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "1m0s";
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const minutes = Math.floor(ms / MINUTE_MS);
  const seconds = (ms % MINUTE_MS) / 1000;
  const secondsText = Number.isInteger(seconds) ? `${seconds}` : seconds.toFixed(3).replace(/0+$/, "");
  return minutes > 0 ? `${minutes}m${secondsText}s` : `${secondsText}s`;
}

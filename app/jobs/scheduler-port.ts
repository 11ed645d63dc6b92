// The one door through which the pipeline calls a provider: a scheduler decides when a call
// may start on its lane (one provider key + model). The real per-key scheduler
// (provider-scheduler.server.ts: limits learnt from rate-limit headers, Retry-After, shared
// through Redis) implements this interface; until then, and in tests that do not exercise rate
// limits, the pass-through below caps concurrency per lane and nothing else.

export interface CallLane {
  providerKeyId: string;
  model: string;
}

/** What a call is expected to use, so a token budget can be reserved before it starts. */
export interface CallEstimate {
  inputTokens: number;
  outputTokens: number;
  /** The output cap the call sends (max_tokens), when it sends one: providers count it toward TPM. */
  maxOutputTokens?: number;
}

export interface CallScheduleOptions {
  /** The job stopping: a call still waiting for its turn leaves the queue. */
  signal?: AbortSignal;
}

export interface CallScheduler {
  schedule<T>(lane: CallLane, estimate: CallEstimate, call: () => Promise<T>, options?: CallScheduleOptions): Promise<T>;
}

/** A counting semaphore: at most `limit` holders at once, waiters served in arrival order. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else this.active--;
  }
}

/** Runs calls as they come, at most `concurrency` at a time per lane. */
export class PassThroughScheduler implements CallScheduler {
  private readonly lanes = new Map<string, Semaphore>();

  constructor(private readonly concurrency = 8) {}

  async schedule<T>(lane: CallLane, _estimate: CallEstimate, call: () => Promise<T>, options: CallScheduleOptions = {}): Promise<T> {
    options.signal?.throwIfAborted();
    const key = `${lane.providerKeyId}\u0000${lane.model}`;
    let semaphore = this.lanes.get(key);
    if (!semaphore) this.lanes.set(key, (semaphore = new Semaphore(this.concurrency)));
    await semaphore.acquire();
    try {
      return await call();
    } finally {
      semaphore.release();
    }
  }
}

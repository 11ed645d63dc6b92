// The per-key call scheduler on a simulated clock: a small in-test provider with a
// continuously refilled bucket (as OpenAI and Anthropic describe theirs) answers the calls,
// so minutes of pacing run in milliseconds. The HTTP simulators are exercised in
// tests/integration/provider-scheduler*.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCallScheduler, type ProviderCallScheduler } from "../../app/jobs/provider-scheduler.server";
import { modelFamily } from "../../app/jobs/rate-limit-learning";
import { LaneBudget, windowBudget } from "../../app/jobs/rate-limit-windows";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { ProviderError } from "../../app/providers/provider-error";
import type { RateLimitSnapshot } from "../../app/providers/types";

const MINUTE = 60_000;
const lane = { providerKeyId: "key-1", model: "gpt-4o-mini" };

interface FakeProviderOptions {
  rpm: number;
  tpm: number;
  latencyMs?: number;
  /** Tokens the provider counts per call, relative to the estimate the scheduler got. */
  usageFactor?: number;
  /** Leave out the rate-limit headers. */
  silent?: boolean;
  /** The provider counts this many times what the usage reports (another consumer on the key, or tokens no estimate sees). */
  hiddenFactor?: number;
}

/** A provider key with continuously refilled request and token buckets, answering after `latencyMs`. */
function fakeProvider(options: FakeProviderOptions) {
  const { rpm, tpm, latencyMs = 500, usageFactor = 1, hiddenFactor = 1 } = options;
  let requests = rpm;
  let tokens = tpm;
  let updatedAt = Date.now();
  const starts: { at: number; tokens: number }[] = [];
  let throttled = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  function refill(now: number) {
    requests = Math.min(rpm, requests + ((now - updatedAt) * rpm) / MINUTE);
    tokens = Math.min(tpm, tokens + ((now - updatedAt) * tpm) / MINUTE);
    updatedAt = now;
  }

  function snapshot(now: number): RateLimitSnapshot | undefined {
    if (options.silent) return undefined;
    return {
      requests: { limit: rpm, remaining: Math.floor(requests), resetAt: now + ((rpm - requests) * MINUTE) / rpm },
      tokens: { limit: tpm, remaining: Math.floor(tokens), resetAt: now + ((tpm - tokens) * MINUTE) / tpm },
      observedAt: now,
    };
  }

  /**
   * The call the pipeline would make: `estimate` tokens expected, `usageFactor` × that used.
   * With `cap` (max_tokens) the provider counts input + cap, as OpenAI does.
   */
  function call(estimate: number, cap?: number) {
    return async () => {
      const now = Date.now();
      refill(now);
      const billed = Math.round(estimate * usageFactor);
      const input = Math.round(billed * 0.7);
      const used = Math.round((cap !== undefined ? input + cap : billed) * hiddenFactor);
      if (requests < 1 || tokens < used) {
        throttled++;
        const wait = Math.max(((1 - requests) * MINUTE) / rpm, ((used - tokens) * MINUTE) / tpm);
        throw new ProviderError({ kind: "rate_limit", message: "429", status: 429, retryAfterMs: Math.ceil(wait), rateLimit: snapshot(now) });
      }
      requests -= 1;
      tokens -= used;
      starts.push({ at: now, tokens: used });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      inFlight--;
      return {
        object: { ok: true },
        usage: { inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 }, outputTokens: billed - input, characters: 0 },
        rateLimit: snapshot(Date.now()),
      };
    };
  }

  return {
    call,
    starts,
    get throttled() {
      return throttled;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    /** The most requests and tokens started in any 60-second span. */
    busiestMinute() {
      let most = { requests: 0, tokens: 0 };
      let first = 0;
      let tokensInSpan = 0;
      for (let last = 0; last < starts.length; last++) {
        tokensInSpan += starts[last].tokens;
        while (starts[last].at - starts[first].at >= MINUTE) tokensInSpan -= starts[first++].tokens;
        most = { requests: Math.max(most.requests, last - first + 1), tokens: Math.max(most.tokens, tokensInSpan) };
      }
      return most;
    },
  };
}

let scheduler: ProviderCallScheduler | undefined;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 27, 12, 0, 3) });
});

afterEach(async () => {
  await scheduler?.close();
  scheduler = undefined;
  vi.useRealTimers();
});

/** Schedules `count` calls of `tokens` each and runs the clock until all settle. */
async function runAll(s: ProviderCallScheduler, provider: ReturnType<typeof fakeProvider>, count: number, tokens: number) {
  const results = Array.from({ length: count }, () =>
    s.schedule(lane, { inputTokens: Math.round(tokens * 0.7), outputTokens: tokens - Math.round(tokens * 0.7) }, provider.call(tokens)).then(
      () => "ok",
      (error: unknown) => error,
    ),
  );
  const startedAt = Date.now();
  let settled = false;
  const all = Promise.all(results).finally(() => (settled = true));
  while (!settled) await vi.advanceTimersByTimeAsync(250);
  return { outcomes: await all, minutes: (Date.now() - startedAt) / MINUTE };
}

describe("window budgets", () => {
  it("spends exactly the planned share of a limit over time, even when a window's share is fractional", () => {
    // 3 RPM at 95% in 10 s windows is 0.475 requests per window.
    const perWindow = (3 * 0.95 * 10_000) / MINUTE;
    let total = 0;
    for (let n = 1_000_000; n < 1_000_600; n++) {
      const budget = windowBudget(n, perWindow);
      expect(budget === 0 || budget === 1).toBe(true);
      total += budget;
    }
    expect(total).toBeGreaterThanOrEqual(Math.floor(600 * perWindow) - 1);
    expect(total).toBeLessThanOrEqual(Math.ceil(600 * perWindow));
  });

  it("charges a call that overruns its window to the next window", async () => {
    const counter = () => new RateLimiterMemory({ points: 1, duration: 20, keyPrefix: "unit" });
    const budget = new LaneBudget("lane", counter(), counter(), 10_000);
    const limits = { rpm: Infinity, tpm: 60_000 }; // 10,000 tokens per 10 s window at 100%
    const start = Math.ceil(Date.now() / 10_000) * 10_000;
    expect("reservation" in (await budget.tryReserve(8_000, limits, 1, start))).toBe(true);
    // 2,000 left: a 5,000-token call still starts, 3,000 become the next window's debt.
    expect("reservation" in (await budget.tryReserve(5_000, limits, 1, start + 1))).toBe(true);
    const full = await budget.tryReserve(1, limits, 1, start + 2);
    expect(full).toEqual({ waitMs: 9_998 });
    // Next window: 10,000 − 3,000 debt = 7,000.
    expect("reservation" in (await budget.tryReserve(7_000, limits, 1, start + 10_000))).toBe(true);
    expect("waitMs" in (await budget.tryReserve(1, limits, 1, start + 10_001))).toBe(true);
  });
});

describe("provider call scheduler (simulated clock)", () => {
  it("keeps every minute under the key's RPM, with no 429, while using at least 90% of it", async () => {
    const provider = fakeProvider({ rpm: 120, tpm: 10_000_000, latencyMs: 700 });
    scheduler = createCallScheduler({ defaults: { rpm: 50, tpm: 1_000_000 } });
    const { outcomes, minutes } = await runAll(scheduler, provider, 600, 300);
    expect(outcomes.every((o) => o === "ok")).toBe(true);
    expect(provider.throttled).toBe(0);
    expect(provider.busiestMinute().requests).toBeLessThanOrEqual(120);
    expect(600 / minutes / 120).toBeGreaterThanOrEqual(0.9);
    expect(scheduler.status(lane)?.limitsSource).toBe("headers");
  });

  it("keeps every minute under the key's TPM and corrects estimates with the real usage", async () => {
    // The calls use 30% more tokens than estimated; the budget follows the real usage.
    const provider = fakeProvider({ rpm: 10_000, tpm: 100_000, latencyMs: 400, usageFactor: 1.3 });
    scheduler = createCallScheduler();
    const { outcomes, minutes } = await runAll(scheduler, provider, 400, 1_000);
    expect(outcomes.every((o) => o === "ok")).toBe(true);
    expect(provider.throttled).toBe(0);
    expect(provider.busiestMinute().tokens).toBeLessThanOrEqual(100_000);
    const tokensPerMinute = provider.starts.reduce((sum, s) => sum + s.tokens, 0) / minutes;
    expect(tokensPerMinute / 100_000).toBeGreaterThanOrEqual(0.9);
  });

  it("counts a call's output cap (max_tokens) toward TPM, as the provider does, not its smaller real output", async () => {
    const provider = fakeProvider({ rpm: 10_000, tpm: 100_000, latencyMs: 400 });
    scheduler = createCallScheduler();
    // 700 input + 300 expected output, capped at 1,000: the provider counts 1,700 a call.
    const results = Array.from({ length: 200 }, () =>
      scheduler!.schedule(lane, { inputTokens: 700, outputTokens: 300, maxOutputTokens: 1_000 }, provider.call(1_000, 1_000)),
    );
    let settled = false;
    const all = Promise.all(results).finally(() => (settled = true));
    const startedAt = Date.now();
    while (!settled) await vi.advanceTimersByTimeAsync(250);
    await all;
    expect(provider.throttled).toBe(0);
    expect(provider.busiestMinute().tokens).toBeLessThanOrEqual(100_000);
    const counted = provider.starts.reduce((sum, s) => sum + s.tokens, 0);
    expect(counted / ((Date.now() - startedAt) / MINUTE) / 100_000).toBeGreaterThanOrEqual(0.9);
  });

  it("uses less of the limit when the provider's headers show its budget draining faster than counted", async () => {
    // The provider counts 1.6× what the usage says (say, max_tokens the caller did not mention).
    const provider = fakeProvider({ rpm: 10_000, tpm: 100_000, latencyMs: 400, hiddenFactor: 1.6 });
    scheduler = createCallScheduler();
    const { outcomes } = await runAll(scheduler, provider, 600, 1_000);
    expect(outcomes.every((o) => o === "ok")).toBe(true);
    expect(provider.throttled).toBe(0);
    expect(scheduler.status(lane)!.pressure.tokens).toBeLessThan(0.8);
  });

  it("counts the real usage of calls that came without a token estimate", async () => {
    const provider = fakeProvider({ rpm: 10_000, tpm: 60_000, latencyMs: 300 });
    scheduler = createCallScheduler();
    const results = Array.from({ length: 150 }, () => scheduler!.schedule(lane, { inputTokens: 0, outputTokens: 0 }, provider.call(1_000)));
    let settled = false;
    const all = Promise.all(results).finally(() => (settled = true));
    while (!settled) await vi.advanceTimersByTimeAsync(250);
    await all;
    expect(provider.throttled).toBe(0);
    expect(provider.busiestMinute().tokens).toBeLessThanOrEqual(60_000);
  });

  it("learns limits lower than its defaults from the first answer before sending more", async () => {
    const provider = fakeProvider({ rpm: 30, tpm: 1_000_000, latencyMs: 300 });
    scheduler = createCallScheduler({ defaults: { rpm: 600, tpm: 1_000_000 } });
    const { outcomes } = await runAll(scheduler, provider, 80, 200);
    expect(outcomes.every((o) => o === "ok")).toBe(true);
    expect(provider.throttled).toBe(0);
    expect(provider.busiestMinute().requests).toBeLessThanOrEqual(30);
    expect(scheduler.status(lane)?.limits.rpm).toBe(30);
  });

  it("sends one call until the first answer, then enough in parallel to fill the limit (Little's law), capped", async () => {
    const provider = fakeProvider({ rpm: 6_000, tpm: 100_000_000, latencyMs: 2_000 });
    scheduler = createCallScheduler({ defaults: { maxConcurrency: 40 } });
    const pending = Array.from({ length: 300 }, () => scheduler!.schedule(lane, { inputTokens: 10, outputTokens: 10 }, provider.call(20)));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(provider.starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(scheduler.status(lane)?.concurrency).toBeGreaterThan(1);
    await vi.advanceTimersByTimeAsync(60_000);
    await Promise.all(pending);
    // 6,000 RPM × 2 s latency needs ~190 in flight: the cap holds it at 40.
    expect(provider.maxInFlight).toBe(40);
  });

  it("pauses the whole lane for Retry-After after a 429 and then completes the refused call", async () => {
    scheduler = createCallScheduler({ defaults: { rpm: 600, tpm: 1_000_000 } });
    const starts: { id: number; at: number }[] = [];
    let refuse = true;
    const call = (id: number) => async () => {
      starts.push({ id, at: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (id === 0 && refuse) {
        refuse = false;
        throw new ProviderError({ kind: "rate_limit", message: "429", status: 429, retryAfterMs: 5_000 });
      }
      return { id };
    };
    const results = Array.from({ length: 5 }, (_, id) => scheduler!.schedule(lane, { inputTokens: 10, outputTokens: 10 }, call(id)));
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3, 4].map((id) => ({ id })));
    const refusedAt = starts[0].at + 100;
    // Nothing started during the pause; the refused call went first after it.
    const afterRefusal = starts.slice(1);
    expect(afterRefusal.every((s) => s.at >= refusedAt + 5_000)).toBe(true);
    expect(afterRefusal[0].id).toBe(0);
    expect(scheduler.status(lane)?.rateLimited).toBe(1);
  });

  it("keeps a call refused while the next call's budget is being reserved (it goes first, nothing is lost)", async () => {
    scheduler = createCallScheduler({ defaults: { rpm: 6_000, tpm: 10_000_000 } });
    await scheduler.schedule(lane, { inputTokens: 1, outputTokens: 1 }, async () => "warm");
    let refusedOnce = false;
    const refusedThenAnswered = scheduler.schedule(lane, { inputTokens: 1, outputTokens: 1 }, async () => {
      await Promise.resolve(); // refused a moment later, while the scheduler admits the next call
      if (!refusedOnce) {
        refusedOnce = true;
        throw new ProviderError({ kind: "rate_limit", message: "429", status: 429, retryAfterMs: 10 });
      }
      return "a";
    });
    const next = scheduler.schedule(lane, { inputTokens: 1, outputTokens: 1 }, async () => "b");
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(Promise.all([refusedThenAnswered, next])).resolves.toEqual(["a", "b"]);
  });

  it("gives up on a call after a bounded number of 429s and hands the error to the caller", async () => {
    scheduler = createCallScheduler({ defaults: { maxRetries: 3 } });
    let attempts = 0;
    const refused = scheduler.schedule(lane, { inputTokens: 10, outputTokens: 10 }, async () => {
      attempts++;
      throw new ProviderError({ kind: "rate_limit", message: "429", status: 429, retryAfterMs: 1_000 });
    });
    const outcome = refused.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(30_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe("rate_limit");
    expect(attempts).toBe(4);
  });

  it("does not retry other errors (a spent quota, a bad request)", async () => {
    scheduler = createCallScheduler();
    let attempts = 0;
    const quota = scheduler.schedule(lane, { inputTokens: 10, outputTokens: 10 }, async () => {
      attempts++;
      throw new ProviderError({ kind: "quota", message: "quota", status: 429 });
    });
    const outcome = quota.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(((await outcome) as ProviderError).kind).toBe("quota");
    expect(attempts).toBe(1);
  });

  it("retries a server error or timeout a bounded number of times, without pausing the lane", async () => {
    scheduler = createCallScheduler({ defaults: { rpm: 600, tpm: 1_000_000, maxTransientRetries: 2 } });
    let flaky = 0;
    const recovers = scheduler.schedule(lane, { inputTokens: 1, outputTokens: 1 }, async () => {
      if (flaky++ === 0) throw new ProviderError({ kind: "server", message: "502", status: 502 });
      return "answered";
    });
    let broken = 0;
    const fails = scheduler
      .schedule(lane, { inputTokens: 1, outputTokens: 1 }, async () => {
        broken++;
        throw new ProviderError({ kind: "timeout", message: "timed out" });
      })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(recovers).resolves.toBe("answered");
    expect(((await fails) as ProviderError).kind).toBe("timeout");
    expect(broken).toBe(3);
    expect(scheduler.status(lane)?.pausedUntil).toBe(0);
  });

  it("brakes when an answer says the key's budget is spent (another app using the same key)", async () => {
    scheduler = createCallScheduler({ defaults: { rpm: 600, tpm: 1_000_000 } });
    const starts: number[] = [];
    const call = (spent: boolean) => async () => {
      starts.push(Date.now());
      const now = Date.now();
      return {
        rateLimit: {
          requests: { limit: 600, remaining: spent ? 0 : 500, resetAt: now + 60_000 },
          tokens: { limit: 1_000_000, remaining: 900_000, resetAt: now + 1_000 },
          observedAt: now,
        },
      };
    };
    const first = scheduler.schedule(lane, { inputTokens: 1, outputTokens: 1 }, call(true));
    const second = scheduler.schedule(lane, { inputTokens: 1, outputTokens: 1 }, call(false));
    await vi.advanceTimersByTimeAsync(5_000);
    await Promise.all([first, second]);
    // One request refills in 60,000 / 600 = 100 ms.
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(100);
  });

  it("starts calls in the order they were scheduled", async () => {
    const provider = fakeProvider({ rpm: 60, tpm: 1_000_000, latencyMs: 50 });
    scheduler = createCallScheduler();
    const order: number[] = [];
    const results = Array.from({ length: 40 }, (_, id) =>
      scheduler!.schedule(lane, { inputTokens: 5, outputTokens: 5 }, async () => {
        order.push(id);
        return provider.call(10)();
      }),
    );
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    await Promise.all(results);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order).toHaveLength(40);
  });

  it("takes waiting calls out of the queue when their signal aborts; running and other calls finish", async () => {
    const provider = fakeProvider({ rpm: 12, tpm: 1_000_000, latencyMs: 200 });
    scheduler = createCallScheduler();
    const job = new AbortController();
    let invoked = 0;
    const counted = (tokens: number) => {
      const inner = provider.call(tokens);
      return () => {
        invoked++;
        return inner();
      };
    };
    const jobCalls = Array.from({ length: 10 }, () =>
      scheduler!.schedule(lane, { inputTokens: 5, outputTokens: 5 }, counted(10), { signal: job.signal }).then(
        () => "ok",
        (error: unknown) => (error as Error).name,
      ),
    );
    const otherCall = scheduler.schedule(lane, { inputTokens: 5, outputTokens: 5 }, counted(10));
    await vi.advanceTimersByTimeAsync(1_000);
    const startedBeforeAbort = invoked;
    job.abort();
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    const outcomes = await Promise.all(jobCalls);
    await expect(otherCall).resolves.toBeTruthy();
    expect(outcomes.filter((o) => o === "AbortError")).toHaveLength(10 - startedBeforeAbort);
    expect(invoked).toBe(startedBeforeAbort + 1);
    expect(scheduler.status(lane)?.queued).toBe(0);
    await expect(scheduler.schedule(lane, { inputTokens: 1, outputTokens: 1 }, async () => 1, { signal: job.signal })).rejects.toThrow();
  });

  it("gives each key and model family its own lane; dated snapshots share their model's", async () => {
    expect(modelFamily("gpt-4o-mini-2024-07-18")).toBe("gpt-4o-mini");
    expect(modelFamily("claude-sonnet-4-5-20250929")).toBe("claude-sonnet-4-5");
    expect(modelFamily("models/gemini-2.5-flash")).toBe("gemini-2.5-flash");
    expect(modelFamily("mistral-small-latest")).toBe("mistral-small");
    scheduler = createCallScheduler({
      defaults: { rpm: 6, tpm: 1_000_000 },
      limitHints: (l) => (l.providerKeyId === "key-2" ? { rpm: 600 } : undefined),
    });
    const slow = fakeProvider({ rpm: 6, tpm: 1_000_000, latencyMs: 10 });
    const other = fakeProvider({ rpm: 600, tpm: 1_000_000, latencyMs: 10 });
    const keyA = Array.from({ length: 3 }, () => scheduler!.schedule(lane, { inputTokens: 1, outputTokens: 1 }, slow.call(2)));
    const dated = scheduler.schedule({ ...lane, model: "gpt-4o-mini-2024-07-18" }, { inputTokens: 1, outputTokens: 1 }, slow.call(2));
    const keyB = scheduler.schedule({ ...lane, providerKeyId: "key-2" }, { inputTokens: 1, outputTokens: 1 }, other.call(2));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(other.starts).toHaveLength(1); // key-2 does not wait behind key-1's queue
    expect(slow.starts.length).toBeLessThan(4);
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    await Promise.all([...keyA, dated, keyB]);
    expect(scheduler.status({ ...lane, model: "gpt-4o-mini-2024-07-18" })?.started).toBe(4);
  });

  it("rejects waiting calls when closed", async () => {
    scheduler = createCallScheduler({ defaults: { rpm: 6 } });
    const results = Array.from({ length: 5 }, () =>
      scheduler!.schedule(lane, { inputTokens: 1, outputTokens: 1 }, async () => 1).catch((error: unknown) => (error as Error).name),
    );
    await vi.advanceTimersByTimeAsync(100);
    await scheduler.close();
    const outcomes = await Promise.all(results);
    expect(outcomes.filter((o) => o === "SchedulerClosedError").length).toBeGreaterThan(0);
  });
});

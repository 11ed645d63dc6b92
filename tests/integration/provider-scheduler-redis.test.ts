// Shared mode: two scheduler instances (standing in for two worker processes, each with its
// own Redis connection) share one key's budgets, learnt limits and 429 pauses through Redis at
// 127.0.0.1:6379. Every test uses its own key prefix and removes its keys afterwards.
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCallScheduler, type ProviderCallScheduler } from "../../app/jobs/provider-scheduler.server";
import { createProvider } from "../../app/providers/factory.server";
import type { GenerateResult } from "../../app/providers/types";
import { startProviderSimulator, type ProviderSimulator } from "../simulators/providers/server";
import { z } from "zod";

const REDIS_URL = "redis://127.0.0.1:6379";
const KEY = "sk-test-shared-7d1e9c3b5a";
const MODEL = "gpt-4o-mini";
const lane = { providerKeyId: "provider-key-shared", model: MODEL };

const Copy = z.object({ title: z.string(), descriptionHtml: z.string() });

let prefixCount = 0;
const uniquePrefix = () => `test:scheduler:${process.pid}:${Date.now()}:${++prefixCount}`;

async function removeKeys(redis: Redis, prefix: string) {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
}

describe("provider call scheduler shared through Redis", () => {
  let sim: ProviderSimulator;
  let admin: Redis;
  let prefix: string;
  const open: { scheduler: ProviderCallScheduler; redis: Redis }[] = [];

  /**
   * One "worker": its own connection and scheduler, same prefix. The simulator logs arrival
   * times, which lag admission by the latency plus whatever a loaded 2-core CI machine adds; at
   * 93% of the limit any minute of admissions holds at most 29 calls, so that jitter cannot push
   * a logged minute past the key's 30 (at the default 95% it can by one). Without sharing, the
   * two workers would send ~56 a minute.
   */
  function worker() {
    const redis = new Redis(REDIS_URL);
    const scheduler = createCallScheduler({ redis, keyPrefix: prefix, defaults: { share: 0.93 } });
    open.push({ scheduler, redis });
    return scheduler;
  }

  const textModel = () =>
    createProvider({ providerId: "openai", apiKey: KEY, baseUrl: `${sim.url}/v1`, transport: { timeoutMs: 10_000, maxRetries: 0 } }).textModel!;

  function generate(scheduler: ProviderCallScheduler, n: number): Promise<GenerateResult<z.infer<typeof Copy>>> {
    const model = textModel();
    return scheduler.schedule(lane, { inputTokens: 150, outputTokens: 250 }, () =>
      model.generate({
        model: MODEL,
        system: "You write product copy.",
        prompt: `Title: Linen Shirt ${n}\nVendor: Northwind\nProduct type: Shirts`,
        schema: Copy,
        schemaName: "product_copy",
      }),
    );
  }

  const chatRequests = () => sim.requests().filter((r) => r.path.endsWith("/chat/completions"));

  beforeAll(async () => {
    sim = await startProviderSimulator({ kind: "openai", keys: [KEY], latencyMs: 40 });
    admin = new Redis(REDIS_URL);
    await admin.ping();
  });
  afterEach(async () => {
    for (const { scheduler, redis } of open.splice(0)) {
      await scheduler.close();
      await redis.quit();
    }
    await removeKeys(admin, prefix);
    sim.reset();
  });
  afterAll(async () => {
    await admin.quit();
    await sim.close();
  });

  it(
    "two workers together keep every minute under one key's RPM",
    async () => {
      prefix = uniquePrefix();
      sim.setLimits({ rpm: 30 });
      const [a, b] = [worker(), worker()];
      // Alone, each would plan 95% of 30 RPM: together they would send ~57 a minute.
      const results = await Promise.all(Array.from({ length: 36 }, (_, n) => generate(n % 2 ? b : a, n)));

      expect(results).toHaveLength(36);
      expect(sim.stats().throttled).toBe(0);
      const times = chatRequests()
        .map((r) => r.receivedAt)
        .sort((x, y) => x - y);
      expect(times).toHaveLength(36);
      let busiest = 0;
      for (let last = 0, first = 0; last < times.length; last++) {
        while (times[last] - times[first] >= 60_000) first++;
        busiest = Math.max(busiest, last - first + 1);
      }
      expect(busiest).toBeLessThanOrEqual(30);
      expect(a.status(lane)!.started + b.status(lane)!.started).toBe(36);
    },
    150_000,
  );

  it("a new worker starts with the limits another worker learnt", async () => {
    prefix = uniquePrefix();
    sim.setLimits({ rpm: 77, tpm: 123_456 });
    const a = worker();
    await generate(a, 1);
    expect(a.status(lane)?.limitsSource).toBe("headers");
    await new Promise((resolve) => setTimeout(resolve, 100)); // the write to Redis is not awaited by the call

    const b = worker();
    let seenByB: ReturnType<ProviderCallScheduler["status"]>;
    await b.schedule(lane, { inputTokens: 10, outputTokens: 10 }, async () => {
      seenByB = b.status(lane); // before any answer has reached b
      return "no provider call";
    });
    expect(seenByB!).toMatchObject({ limits: { rpm: 77, tpm: 123_456 }, limitsSource: "shared" });
  });

  it("a 429 seen by one worker pauses the lane for the other", async () => {
    prefix = uniquePrefix();
    const [a, b] = [worker(), worker()];
    await generate(b, 0); // b knows the lane's limits: without a pause it would start at once
    sim.inject({ status: 429, retryAfterSeconds: 2 });
    const refused = generate(a, 1);
    while (!(a.status(lane)?.pausedUntil ?? 0)) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100)); // a's pause reaches Redis
    const others = [generate(b, 2), generate(b, 3)];
    await Promise.all([refused, ...others]);

    const log = chatRequests();
    const refusal = log.find((r) => r.status === 429)!;
    const later = log.filter((r) => r.receivedAt > refusal.receivedAt);
    expect(later).toHaveLength(3); // a's retry and b's two calls
    for (const request of later) expect(request.receivedAt).toBeGreaterThanOrEqual(refusal.receivedAt + 2_000);
    expect(b.status(lane)?.rateLimited).toBe(0);
  });
});

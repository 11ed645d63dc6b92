// The call scheduler in front of the app's OpenAI adapter, against the OpenAI simulator over
// HTTP: real product prompts, real rate-limit headers, real 429s. Limits are checked on the
// simulator's own request log (requests and tokens in every 60-second span), never on how fast
// the test ran. The pacing test takes a little over a minute: fewer calls than the key allows
// per minute could not show that the scheduler keeps to it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CatalogProduct } from "../../app/catalog/product";
import { createJobEstimator } from "../../app/enrichment/estimate";
import { DEFAULT_INSTRUCTIONS } from "../../app/enrichment/instructions";
import { createPromptBuilder } from "../../app/enrichment/prompt";
import { DEFAULT_DATA_SCOPE } from "../../app/enrichment/scope";
import { SEED_TASK_IDS } from "../../app/enrichment/tasks";
import { createCallScheduler, type ProviderCallScheduler } from "../../app/jobs/provider-scheduler.server";
import { createProvider } from "../../app/providers/factory.server";
import { generateCatalog } from "../simulators/shopify/catalog-generator";
import { startProviderSimulator, type ProviderSimulator } from "../simulators/providers/server";

const KEY = "sk-test-scheduler-4b9e2f7a1c";
const MODEL = "gpt-4o-mini";
const lane = { providerKeyId: "provider-key-1", model: MODEL };
const job = { tasks: SEED_TASK_IDS, instructions: DEFAULT_INSTRUCTIONS, dataScope: DEFAULT_DATA_SCOPE, shopDomain: "demo.myshopify.com", imagesEnabled: false };

function catalog(count: number): CatalogProduct[] {
  return [...generateCatalog(count, { seed: 7 })].map((seed, i) => ({
    id: `gid://shopify/Product/${i + 1}`,
    handle: `product-${i + 1}`,
    title: seed.title,
    descriptionHtml: seed.descriptionHtml,
    vendor: seed.vendor,
    productType: seed.productType,
    status: seed.status,
    tags: seed.tags,
    seo: { title: seed.seo?.title ?? null, description: seed.seo?.description ?? null },
    options: seed.options,
    variants: seed.variants.map((v, j) => ({
      id: `gid://shopify/ProductVariant/${(i + 1) * 100 + j}`,
      title: v.selectedOptions.map((o) => o.value).join(" / "),
      sku: v.sku ?? null,
      price: v.price,
      selectedOptions: v.selectedOptions,
    })),
    images: seed.media.map((m, j) => ({ id: `gid://shopify/MediaImage/${(i + 1) * 100 + j}`, url: m.url, altText: m.alt || null })),
    metafields: [],
    updatedAt: "2026-11-01T00:00:00Z",
  }));
}

/**
 * What the provider counted toward TPM for each answered call, by send time: prompt tokens +
 * max_completion_tokens when the request sets it (as OpenAI and the simulator count), else +
 * completion tokens.
 */
interface Counted {
  at: number;
  tokens: number;
}

/** The most requests and tokens in any 60-second span. */
function busiestMinute(requestTimes: number[], counted: Counted[]) {
  const sortedTimes = [...requestTimes].sort((a, b) => a - b);
  let requests = 0;
  for (let last = 0, first = 0; last < sortedTimes.length; last++) {
    while (sortedTimes[last] - sortedTimes[first] >= 60_000) first++;
    requests = Math.max(requests, last - first + 1);
  }
  const sorted = [...counted].sort((a, b) => a.at - b.at);
  let tokens = 0;
  let span = 0;
  for (let last = 0, first = 0; last < sorted.length; last++) {
    span += sorted[last].tokens;
    while (sorted[last].at - sorted[first].at >= 60_000) span -= sorted[first++].tokens;
    tokens = Math.max(tokens, span);
  }
  return { requests, tokens };
}

describe("provider call scheduler against the OpenAI simulator", () => {
  let sim: ProviderSimulator;
  let scheduler: ProviderCallScheduler | undefined;
  let counted: Counted[] = [];

  /** The app's adapter, with the SDK's own 429 retries off: the scheduler owns them. */
  const provider = () =>
    createProvider({
      providerId: "openai",
      apiKey: KEY,
      baseUrl: `${sim.url}/v1`,
      transport: { timeoutMs: 10_000, maxRetries: 0 },
      fetch: async (input, init) => {
        const at = Date.now();
        const response = await globalThis.fetch(input, init);
        if (response.ok && String(input).endsWith("/chat/completions")) {
          const sent = JSON.parse(String(init?.body)) as { max_completion_tokens?: number };
          const body = (await response.clone().json()) as { usage?: { prompt_tokens: number; completion_tokens: number } };
          if (body.usage) counted.push({ at, tokens: body.usage.prompt_tokens + (sent.max_completion_tokens ?? body.usage.completion_tokens) });
        }
        return response;
      },
    });

  /**
   * Schedules one generate per product, the way the pipeline does: estimate, then call; with
   * `outputCap`, the request caps its output and the estimate says so.
   */
  function enrich(s: ProviderCallScheduler, products: CatalogProduct[], signal?: AbortSignal, outputCap?: (expected: number) => number) {
    const textModel = provider().textModel!;
    const builder = createPromptBuilder(job);
    const estimator = createJobEstimator(job);
    return products.map((product) => {
      const estimate = estimator.add(product);
      const prompt = builder.build(product);
      const maxOutputTokens = outputCap?.(estimate.usage.outputTokens);
      return s.schedule(
        lane,
        { inputTokens: estimate.usage.inputTokens.total, outputTokens: estimate.usage.outputTokens, maxOutputTokens },
        () => textModel.generate({ model: MODEL, ...prompt, maxOutputTokens, signal }),
        { signal },
      );
    });
  }

  const chatRequests = () => sim.requests().filter((r) => r.path.endsWith("/chat/completions"));

  beforeAll(async () => {
    sim = await startProviderSimulator({ kind: "openai", keys: [KEY], latencyMs: 60 });
  });
  afterEach(async () => {
    await scheduler?.close();
    scheduler = undefined;
    counted = [];
    sim.reset();
  });
  afterAll(() => sim.close());

  it(
    "learns the key's limits from the first answer and keeps every minute under its RPM and TPM, with no 429",
    async () => {
      // Each call caps its output at 2.5× the expected (~1,320 tokens), as the pipeline does, so
      // the provider counts ~2,600 tokens a call: both budgets bind. The defaults are far too
      // generous on purpose.
      sim.setLimits({ rpm: 40, tpm: 100_000 });
      scheduler = createCallScheduler({ defaults: { rpm: 600, tpm: 1_000_000 } });
      const results = await Promise.all(enrich(scheduler, catalog(44), undefined, (expected) => Math.ceil(expected * 2.5) + 256));

      expect(results).toHaveLength(44);
      expect(results.every((r) => typeof r.object.title === "string" && r.object.title.length > 0)).toBe(true);
      expect(sim.stats().throttled).toBe(0);
      const log = chatRequests();
      expect(log).toHaveLength(44);
      const busiest = busiestMinute(
        log.map((r) => r.receivedAt),
        counted,
      );
      expect(busiest.requests).toBeLessThanOrEqual(40);
      expect(busiest.tokens).toBeLessThanOrEqual(100_000);
      expect(scheduler.status(lane)).toMatchObject({ limits: { rpm: 40, tpm: 100_000 }, limitsSource: "headers", rateLimited: 0 });
    },
    150_000,
  );

  it("pauses the lane for Retry-After after a 429 and completes the refused call afterwards (none lost)", async () => {
    scheduler = createCallScheduler();
    sim.inject({ status: 429, retryAfterSeconds: 1.5 });
    const results = await Promise.all(enrich(scheduler, catalog(6)));

    expect(results.map((r) => typeof r.object.title === "string" && r.object.title.length > 0)).toEqual([true, true, true, true, true, true]);
    expect(sim.stats().throttled).toBe(1);
    const log = chatRequests();
    expect(log).toHaveLength(7);
    const [refused, ...after] = log;
    expect(refused.status).toBe(429);
    // The whole lane waited, and the refused call (same body) went first when it resumed.
    for (const request of after) expect(request.receivedAt).toBeGreaterThanOrEqual(refused.receivedAt + 1_500);
    expect(after[0].body).toEqual(refused.body);
    expect(scheduler.status(lane)?.rateLimited).toBe(1);
  });

  it("stops waiting calls when the job's signal aborts; nothing more reaches the provider", async () => {
    sim.setLimits({ rpm: 6 }); // one call per ten seconds once learnt
    scheduler = createCallScheduler();
    const controller = new AbortController();
    const calls = enrich(scheduler, catalog(5), controller.signal).map((p) =>
      p.then(
        () => "ok",
        (error: unknown) => (error as Error).name,
      ),
    );
    await calls[0];
    controller.abort();
    const outcomes = await Promise.all(calls);
    const answered = outcomes.filter((o) => o === "ok").length;
    expect(outcomes[0]).toBe("ok");
    expect(outcomes.filter((o) => o === "AbortError")).toHaveLength(5 - answered);
    expect(answered).toBeLessThan(5);
    expect(scheduler.status(lane)?.queued).toBe(0);
    const sent = chatRequests().length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(chatRequests()).toHaveLength(sent);
    expect(sent).toBe(answered);
  });
});

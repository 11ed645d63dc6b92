import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { strictJsonSchema } from "../../app/providers/output-schema";
import { describe, expect, it } from "vitest";
import type { CatalogProduct } from "../../app/catalog/product";
import {
  CHAT_FRAMING_TOKENS,
  countPromptTokens,
  createJobEstimator,
  estimateItem,
  estimateJob,
  estimateJobCost,
  IMAGE_INPUT_TOKENS,
  type EstimateOptions,
} from "../../app/enrichment/estimate";
import { parseInstructions } from "../../app/enrichment/instructions";
import { buildEnrichmentPrompt } from "../../app/enrichment/prompt";
import { DEFAULT_DATA_SCOPE } from "../../app/enrichment/scope";
import { OUTPUT_ENVELOPE_TOKENS, TASKS } from "../../app/enrichment/tasks";
import { DEFAULT_LIMITS } from "../../app/enrichment/limits";

function product(n: number, overrides: Partial<CatalogProduct> = {}): CatalogProduct {
  return {
    id: `gid://shopify/Product/${n}`,
    handle: `product-${n}`,
    title: `Linen Shirt ${n}`,
    descriptionHtml: `<p>${"A relaxed shirt in washed linen. ".repeat(n)}</p>`,
    vendor: "Northwind Mills",
    productType: "Shirts",
    status: "ACTIVE",
    tags: ["summer"],
    seo: { title: null, description: null },
    options: [{ name: "Size", values: ["S", "M", "L"] }],
    variants: [],
    images: [
      { id: `gid://shopify/MediaImage/${n}1`, url: "https://cdn.shopify.com/a.jpg", altText: null },
      { id: `gid://shopify/MediaImage/${n}2`, url: "https://cdn.shopify.com/b.jpg", altText: null },
    ],
    metafields: [],
    updatedAt: "2026-11-01T10:00:00Z",
    ...overrides,
  };
}

const instructions = parseInstructions({});
const seed: EstimateOptions = {
  tasks: ["title", "description", "attributes"],
  instructions,
  dataScope: DEFAULT_DATA_SCOPE,
  shopDomain: "northwind.myshopify.com",
  imagesEnabled: false,
};

function tokenizerCount(p: ReturnType<typeof buildEnrichmentPrompt>) {
  return {
    system: countTokens(p.system),
    user: countTokens(p.prompt),
    // The schema as the provider adapters send it (strict JSON Schema, compact).
    schema: countTokens(JSON.stringify(strictJsonSchema(p.schema))),
  };
}

describe("token estimates", () => {
  it("counts input tokens with the tokenizer on the exact prompt: system + user + schema + chat framing", () => {
    const p = buildEnrichmentPrompt({ ...seed, product: product(3) });
    const exact = tokenizerCount(p);
    const counted = countPromptTokens(p);
    expect(counted).toMatchObject({ ...exact, framing: CHAT_FRAMING_TOKENS, images: 0 });
    expect(counted.total).toBe(exact.system + exact.user + exact.schema + CHAT_FRAMING_TOKENS);

    const item = estimateItem(product(3), seed);
    expect(item.usage.inputTokens.total).toBe(counted.total);
    expect(item.usage.inputTokens).toEqual({ total: counted.total, noCache: counted.total, cacheRead: 0, cacheWrite: 0 });
    expect(item.usage.characters).toBe(0);
  });

  it("grows with the product's own data", () => {
    expect(estimateItem(product(40), seed).usage.inputTokens.total).toBeGreaterThan(estimateItem(product(1), seed).usage.inputTokens.total);
  });

  it("expects output tokens per task, from the task limits", () => {
    const item = estimateItem(product(1), seed);
    const ctx = { attributes: instructions.attributes, limits: DEFAULT_LIMITS, instructions };
    expect(item.outputByTask).toEqual({
      title: TASKS.title.expectedOutputTokens(ctx),
      description: TASKS.description.expectedOutputTokens(ctx),
      attributes: TASKS.attributes.expectedOutputTokens(ctx),
    });
    expect(item.usage.outputTokens).toBe(
      OUTPUT_ENVELOPE_TOKENS + item.outputByTask.title! + item.outputByTask.description! + item.outputByTask.attributes!,
    );
    // 120-250 words of HTML: a few hundred tokens, not tens, not thousands.
    expect(item.outputByTask.description).toBeGreaterThan(200);
    expect(item.outputByTask.description).toBeLessThan(400);
  });

  it("counts images for vision work at a fixed rate each", () => {
    const options: EstimateOptions = { ...seed, tasks: ["imageAlt"], imagesEnabled: true, caching: "none" };
    const item = estimateItem(product(1), options);
    expect(item.input.images).toBe(2 * IMAGE_INPUT_TOKENS);
    expect(estimateItem(product(1), { ...options, imageTokens: 85 }).input.images).toBe(170);
  });

  it("sums a job, and reads the stable prefix from cache after the first request when it is long enough", () => {
    const products = [product(1), product(2), product(3)];
    const job = estimateJob(products, seed);
    expect(job.itemCount).toBe(3);
    const { prefixTokens, cachedTokensPerRequest } = job.cache;
    const first = buildEnrichmentPrompt({ ...seed, product: products[0]! });
    const exact = tokenizerCount(first);
    expect(prefixTokens).toBe(exact.system + exact.schema + 3);
    // The seed prompt's stable part is over 1024 tokens, so it caches in 128-token steps.
    expect(prefixTokens).toBeGreaterThanOrEqual(1024);
    expect(cachedTokensPerRequest).toBe(Math.floor(prefixTokens / 128) * 128);

    const [a, b, c] = job.items;
    expect(a!.usage.inputTokens.cacheRead).toBe(0);
    for (const later of [b!, c!]) {
      expect(later.usage.inputTokens.cacheRead).toBe(cachedTokensPerRequest);
      expect(later.usage.inputTokens.noCache).toBe(later.usage.inputTokens.total - cachedTokensPerRequest);
    }
    const sum = (f: (i: (typeof job.items)[number]) => number) => job.items.reduce((s, i) => s + f(i), 0);
    expect(job.usage.inputTokens.total).toBe(sum((i) => i.usage.inputTokens.total));
    expect(job.usage.inputTokens.cacheRead).toBe(2 * cachedTokensPerRequest);
    expect(job.usage.outputTokens).toBe(sum((i) => i.usage.outputTokens));
    expect(job.outputByTask.description).toBe(3 * a!.outputByTask.description!);
  });

  it("caches nothing below the minimum prefix, with caching off, and writes once in explicit (Anthropic) mode", () => {
    const products = [product(1), product(2)];
    const small = estimateJob(products, { ...seed, tasks: ["title"], instructions: parseInstructions({ attributes: [] }) });
    expect(small.cache.prefixTokens).toBeLessThan(1024);
    expect(small.usage.inputTokens.cacheRead).toBe(0);

    expect(estimateJob(products, { ...seed, caching: "none" }).usage.inputTokens.cacheRead).toBe(0);
    expect(estimateJob(products, { ...seed, minCacheableTokens: 4096 }).usage.inputTokens.cacheRead).toBe(0);

    const explicit = estimateJob(products, { ...seed, caching: "explicit" });
    const cached = explicit.cache.cachedTokensPerRequest;
    expect(explicit.items[0]!.usage.inputTokens).toMatchObject({ cacheWrite: cached, cacheRead: 0 });
    expect(explicit.items[1]!.usage.inputTokens).toMatchObject({ cacheWrite: 0, cacheRead: cached });
  });

  it("treats the first `warmupRequests` requests as uncached (concurrent starts)", () => {
    const job = estimateJob([product(1), product(2), product(3)], { ...seed, warmupRequests: 2 });
    expect(job.items.map((i) => i.usage.inputTokens.cacheRead > 0)).toEqual([false, false, true]);
  });

  it("streams: a running estimator gives the same totals without keeping items", () => {
    const estimator = createJobEstimator({ ...seed, keepItems: false });
    for (let n = 1; n <= 5; n++) estimator.add(product(n));
    const streamed = estimator.result();
    expect(streamed.items).toEqual([]);
    expect(streamed.usage).toEqual(estimateJob([1, 2, 3, 4, 5].map((n) => product(n)), seed).usage);
  });

  it("prices the estimate with app/pricing", () => {
    const prices = { currency: "USD", input: 0.15, cachedInput: 0.075, output: 0.6 };
    const { estimate, cost } = estimateJobCost([product(1), product(2)], prices, seed);
    const u = estimate.usage;
    const expected = (u.inputTokens.noCache * 0.15 + u.inputTokens.cacheRead * 0.075 + u.outputTokens * 0.6) / 1_000_000;
    expect(cost.currency).toBe("USD");
    expect(Number(cost.amount.toString())).toBeCloseTo(expected, 10);
    // priceFor's answer works as well.
    const viaLookup = estimateJobCost([product(1), product(2)], { prices }, seed);
    expect(viaLookup.cost.amount.toString()).toBe(cost.amount.toString());
  });
});

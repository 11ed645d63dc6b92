// The OpenAI family against the provider simulators: OpenAI itself, and Gemini and Ollama
// through their OpenAI-compatible endpoints, all via the app's factory and the openai SDK.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startProviderSimulator, type ProviderSimulator } from "../simulators/providers/server";
import { createProvider } from "../../app/providers/factory.server";
import type { ProviderError } from "../../app/providers/provider-error";
import type { GenerateRequest } from "../../app/providers/types";

const KEY = "sk-test-openai-8f3b2c1d9e7a6b5c";
const FAST = { timeoutMs: 5000, maxRetries: 2 };

const ProductCopy = z.object({
  title: z.string(),
  descriptionHtml: z.string(),
  tags: z.array(z.string()),
  material: z.string().optional(),
});

const PROMPT = ["Title: Merino Wool Beanie", "Vendor: Northwind Knits", "Product type: Hats", "Description: <p>A warm navy beanie.</p>"].join("\n");

// A stable instruction block well over 1,024 tokens, so automatic prompt caching applies.
const BRAND_GUIDE = Array.from(
  { length: 70 },
  (_, i) => `Guideline ${i + 1}: write warmly and precisely, mention materials and care, avoid superlatives, keep sentences short.`,
).join("\n");

type Copy = z.infer<typeof ProductCopy>;

function request(overrides: Partial<GenerateRequest<Copy>> = {}): GenerateRequest<Copy> {
  return {
    model: "gpt-4o-mini",
    system: "You are a product copywriter.",
    prompt: PROMPT,
    schema: ProductCopy,
    schemaName: "product_copy",
    maxOutputTokens: 1200,
    ...overrides,
  };
}

const chatRequests = (sim: ProviderSimulator) => sim.requests().filter((r) => r.path.endsWith("/chat/completions"));

describe("OpenAI", () => {
  let sim: ProviderSimulator;
  const openai = (apiKey = KEY, transport = FAST) =>
    createProvider({ providerId: "openai", apiKey, baseUrl: `${sim.url}/v1`, transport });

  beforeAll(async () => {
    sim = await startProviderSimulator({ kind: "openai", keys: [KEY] });
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  it("generates a zod-checked object with normalised usage and the key's rate limits", async () => {
    const result = await openai().textModel!.generate(request());
    expect(result.object.title).toContain("Merino Wool Beanie");
    expect(result.calls).toBe(1);
    expect(result.usage.inputTokens.total).toBe(sim.stats().inputTokens);
    expect(result.usage.inputTokens.noCache).toBe(result.usage.inputTokens.total);
    expect(result.usage.outputTokens).toBe(sim.stats().outputTokens);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.rateLimit?.requests?.limit).toBeGreaterThan(0);
    expect(result.rateLimit?.tokens?.remaining).toBeGreaterThan(0);
    // Native strict JSON-schema mode, with the schema made strict-compatible.
    const body = chatRequests(sim)[0].body as any;
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.schema.required).toEqual(["title", "descriptionHtml", "tags", "material"]);
  });

  it("reports cached input tokens when the same long system prompt is sent again", async () => {
    const provider = openai();
    const first = await provider.textModel!.generate(request({ system: BRAND_GUIDE }));
    const second = await provider.textModel!.generate(request({ system: BRAND_GUIDE, prompt: `${PROMPT}\nColor: navy` }));
    expect(first.usage.inputTokens.cacheRead).toBe(0);
    expect(second.usage.inputTokens.total).toBeGreaterThan(1024);
    expect(second.usage.inputTokens.cacheRead).toBeGreaterThanOrEqual(1024);
    expect(second.usage.inputTokens.cacheRead % 128).toBe(0);
    // prompt_tokens includes the cached ones: the uncached rest is total − cacheRead.
    expect(second.usage.inputTokens.noCache).toBe(second.usage.inputTokens.total - second.usage.inputTokens.cacheRead);
    expect(second.usage.inputTokens.cacheRead).toBe(sim.stats().cachedInputTokens);
  });

  it("retries a 429 and succeeds", async () => {
    sim.inject({ status: 429, retryAfterSeconds: 0.01 });
    const result = await openai().textModel!.generate(request());
    expect(result.object.title).toContain("Merino");
    expect(chatRequests(sim).map((r) => r.status)).toEqual([429, 200]);
  });

  it("repairs malformed JSON with one retry that tells the model what was wrong", async () => {
    sim.inject({ kind: "malformed-json" });
    const result = await openai().textModel!.generate(request());
    expect(result.calls).toBe(2);
    expect(result.object.title).toContain("Merino");
    const repair = chatRequests(sim)[1].body as any;
    expect(repair.messages.at(-2).role).toBe("assistant");
    expect(repair.messages.at(-1).content).toMatch(/not valid JSON/);
    expect(result.usage.inputTokens.total).toBe(sim.stats().inputTokens);
  });

  it("gives up with invalid_output when the repaired answer is still unusable", async () => {
    sim.inject({ kind: "malformed-json", count: 2 });
    const error: ProviderError = await openai().textModel!.generate(request()).catch((e) => e);
    expect(error.kind).toBe("invalid_output");
    expect(chatRequests(sim)).toHaveLength(2);
    // Both calls were billed and the error says so.
    expect(error.usage?.inputTokens.total).toBe(sim.stats().inputTokens);
  });

  it("a schema violation is repaired too", async () => {
    sim.inject({ kind: "schema-violation" });
    const result = await openai().textModel!.generate(request());
    expect(result.calls).toBe(2);
    expect(Array.isArray(result.object.tags)).toBe(true);
  });

  it("a cut-off answer is truncated", async () => {
    sim.inject({ kind: "truncated" });
    const error: ProviderError = await openai().textModel!.generate(request()).catch((e) => e);
    expect(error.kind).toBe("truncated");
    expect(error.usage?.outputTokens).toBeGreaterThan(0);
    expect(chatRequests(sim)).toHaveLength(1);
  });

  it("an output limit too small for the answer is truncated", async () => {
    const error: ProviderError = await openai().textModel!.generate(request({ maxOutputTokens: 8 })).catch((e) => e);
    expect(error.kind).toBe("truncated");
    expect(error.message).toMatch(/8 tokens/);
  });

  it("a wrong key is auth — in generate and in the connection test — and the key is not in the error", async () => {
    const wrong = "sk-test-wrong-1a2b3c4d5e6f7a8b";
    const error: ProviderError = await openai(wrong).textModel!.generate(request()).catch((e) => e);
    expect(error.kind).toBe("auth");
    expect(JSON.stringify(error) + error.message + (error.detail ?? "")).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong.slice(-4));
    const test = await openai(wrong).testConnection();
    expect(test.ok).toBe(false);
    expect(test.error?.kind).toBe("auth");
  });

  it("insufficient_quota is quota, answered at once without retries", async () => {
    sim.inject({ errorCode: "insufficient_quota", count: 3 });
    const error: ProviderError = await openai().textModel!.generate(request()).catch((e) => e);
    expect(error.kind).toBe("quota");
    expect(error.message).toMatch(/quota|credit|billing/);
    expect(chatRequests(sim)).toHaveLength(1);
  });

  it("an unknown model is unknown_model, in generate and in the connection test", async () => {
    const error: ProviderError = await openai().textModel!.generate(request({ model: "gpt-9-turbo" })).catch((e) => e);
    expect(error.kind).toBe("unknown_model");
    expect(error.message).toContain("gpt-9-turbo");
    const test = await openai().testConnection({ model: "gpt-9-turbo" });
    expect(test.ok).toBe(false);
    expect(test.error?.kind).toBe("unknown_model");
    expect(test.models?.map((m) => m.id)).toContain("gpt-4o-mini");
  });

  it("the connection test lists the key's models", async () => {
    const test = await openai().testConnection({ model: "gpt-4o-mini" });
    expect(test.ok).toBe(true);
    expect(test.models?.map((m) => m.id)).toEqual(expect.arrayContaining(["gpt-4o-mini", "gpt-4.1-mini"]));
  });

  it("a response slower than the timeout is timeout", async () => {
    sim.inject({ kind: "slow", delayMs: 1500 });
    const error: ProviderError = await openai(KEY, { timeoutMs: 300, maxRetries: 0 }).textModel!.generate(request()).catch((e) => e);
    expect(error.kind).toBe("timeout");
  });

  it("passes image URLs to a vision model as image_url parts", async () => {
    const image = "https://cdn.shopify.example/files/beanie-navy.jpg";
    const withImage = await openai().textModel!.generate(request({ images: [{ url: image }] }));
    const parts = (chatRequests(sim)[0].body as any).messages[1].content;
    expect(parts).toEqual([{ type: "text", text: PROMPT }, { type: "image_url", image_url: { url: image } }]);
    sim.reset();
    const without = await openai().textModel!.generate(request());
    // The image is billed as input tokens.
    expect(withImage.usage.inputTokens.total).toBeGreaterThan(without.usage.inputTokens.total);
  });

  it("a caller's abort rejects with an AbortError, not a provider error", async () => {
    sim.inject({ kind: "slow", delayMs: 1000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await openai().textModel!.generate(request({ signal: controller.signal })).catch((e) => e);
    expect(error.name).toBe("AbortError");
  });

  it("a server error that persists is server, after the configured retries", async () => {
    sim.inject({ status: 500, count: 3, retryAfterSeconds: 0.01 });
    const error: ProviderError = await openai(KEY, { timeoutMs: 5000, maxRetries: 2 }).textModel!.generate(request()).catch((e) => e);
    expect(error.kind).toBe("server");
    expect(chatRequests(sim)).toHaveLength(3);
  });
});

describe("Google Gemini through its OpenAI-compatible endpoint", () => {
  let sim: ProviderSimulator;
  const GEMINI_KEY = "AIzaSyTest-gemini-0123456789abcdefghij";
  const gemini = (apiKey = GEMINI_KEY) =>
    createProvider({ providerId: "gemini", apiKey, baseUrl: `${sim.url}/v1beta/openai/`, transport: FAST });

  beforeAll(async () => {
    sim = await startProviderSimulator({ kind: "gemini", keys: [GEMINI_KEY] });
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  it("generates a zod-checked object with usage, cached tokens included", async () => {
    const provider = gemini();
    const first = await provider.textModel!.generate(request({ model: "gemini-2.5-flash", system: BRAND_GUIDE }));
    expect(first.object.title).toContain("Merino Wool Beanie");
    expect(first.usage.inputTokens.total).toBeGreaterThan(1024);
    expect(first.usage.outputTokens).toBeGreaterThan(0);
    const second = await provider.textModel!.generate(request({ model: "gemini-2.5-flash", system: BRAND_GUIDE }));
    expect(second.usage.inputTokens.cacheRead).toBe(sim.stats().cachedInputTokens);
    expect(second.usage.inputTokens.noCache).toBe(second.usage.inputTokens.total - second.usage.inputTokens.cacheRead);
  });

  it("lists models without Google's models/ prefix", async () => {
    const test = await gemini().testConnection({ model: "gemini-2.5-flash" });
    expect(test.ok).toBe(true);
    expect(test.models?.every((m) => !m.id.startsWith("models/"))).toBe(true);
  });

  it("a wrong key (Google answers 400 API_KEY_INVALID) is auth", async () => {
    const test = await gemini("AIzaSyWrong-0000000000000000000000000").testConnection();
    expect(test.error?.kind).toBe("auth");
  });

  it("an unknown model is unknown_model", async () => {
    const error: ProviderError = await gemini().textModel!.generate(request({ model: "gemini-0-nano" })).catch((e) => e);
    expect(error.kind).toBe("unknown_model");
  });
});

describe("Ollama through its OpenAI-compatible endpoint", () => {
  let sim: ProviderSimulator;
  const ollama = () => createProvider({ providerId: "ollama", apiKey: "", baseUrl: `${sim.url}/v1/`, transport: FAST });

  beforeAll(async () => {
    sim = await startProviderSimulator({ kind: "ollama" });
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  it("generates a zod-checked object with usage, no key needed", async () => {
    const provider = ollama();
    const [model] = (await provider.listModels()).map((m) => m.id);
    const result = await provider.textModel!.generate(request({ model }));
    expect(result.object.title).toContain("Merino Wool Beanie");
    expect(result.usage.inputTokens.total).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.rateLimit).toBeUndefined();
  });

  it("a model that is not pulled says how to get it", async () => {
    const test = await ollama().testConnection({ model: "not-pulled-model" });
    expect(test.ok).toBe(false);
    expect(test.error?.kind).toBe("unknown_model");
    expect(test.error?.message).toContain("ollama pull not-pulled-model");
  });
});

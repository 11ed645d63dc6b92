// The Anthropic family against the Anthropic simulator, through the app's factory and the
// official @anthropic-ai/sdk.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startProviderSimulator, type ProviderSimulator } from "../simulators/providers/server";
import { createProvider } from "../../app/providers/factory.server";
import type { ProviderError } from "../../app/providers/provider-error";

const KEY = "test-anthropic-key-3c9d0e1f";
const FAST = { timeoutMs: 5000, maxRetries: 2 };

const ProductCopy = z.object({
  title: z.string(),
  descriptionHtml: z.string(),
  tags: z.array(z.string()),
  material: z.string().optional(),
});

const PROMPT = ["Title: Merino Wool Beanie", "Vendor: Northwind Knits", "Product type: Hats", "Description: <p>A warm navy beanie.</p>"].join("\n");

// Longer than claude-sonnet-4’s minimum cacheable prefix (1,024 tokens).
const BRAND_GUIDE = Array.from(
  { length: 80 },
  (_, i) => `Guideline ${i + 1}: write warmly and precisely, mention materials and care, avoid superlatives, keep sentences short.`,
).join("\n");

const messageRequests = (sim: ProviderSimulator) => sim.requests().filter((r) => r.path === "/v1/messages");

describe("Anthropic", () => {
  let sim: ProviderSimulator;
  const anthropic = (apiKey = KEY, transport = FAST, settings?: Record<string, string>) =>
    createProvider({ providerId: "anthropic", apiKey, baseUrl: sim.url, transport, settings });
  const request = (overrides: Record<string, unknown> = {}) => ({
    model: "claude-sonnet-4",
    system: "You are a product copywriter.",
    prompt: PROMPT,
    schema: ProductCopy,
    schemaName: "product_copy",
    maxOutputTokens: 1500,
    ...overrides,
  });

  beforeAll(async () => {
    sim = await startProviderSimulator({ kind: "anthropic", keys: [KEY] });
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  it("generates through output_config json_schema, with normalised usage and rate limits", async () => {
    const result = await anthropic().textModel!.generate(request());
    expect(result.object.title).toContain("Merino Wool Beanie");
    expect(result.usage.inputTokens.total).toBe(sim.stats().inputTokens);
    expect(result.usage.outputTokens).toBe(sim.stats().outputTokens);
    expect(result.usage.inputTokens.cacheWrite).toBe(0);
    expect(result.rateLimit?.inputTokens?.limit).toBeGreaterThan(0);
    expect(result.rateLimit?.requests?.resetAt).toBeGreaterThan(0);
    const body = messageRequests(sim)[0].body as any;
    expect(body.output_config.format.type).toBe("json_schema");
    expect(body.tools).toBeUndefined();
  });

  it("caches the system prompt when asked: a write first, then a read", async () => {
    const provider = anthropic();
    const first = await provider.textModel!.generate(request({ system: BRAND_GUIDE, cacheSystemPrompt: true }));
    const second = await provider.textModel!.generate(request({ system: BRAND_GUIDE, cacheSystemPrompt: true, prompt: `${PROMPT}\nColor: navy` }));
    const body = messageRequests(sim)[0].body as any;
    expect(body.system[0].cache_control).toEqual({ type: "ephemeral" });

    expect(first.usage.inputTokens.cacheWrite).toBeGreaterThan(1024);
    expect(first.usage.inputTokens.cacheRead).toBe(0);
    expect(second.usage.inputTokens.cacheRead).toBe(first.usage.inputTokens.cacheWrite);
    expect(second.usage.inputTokens.cacheWrite).toBe(0);
    // Anthropic's input_tokens excludes cache reads and writes; total puts them back.
    for (const u of [first.usage, second.usage]) {
      expect(u.inputTokens.total).toBe(u.inputTokens.noCache + u.inputTokens.cacheRead + u.inputTokens.cacheWrite);
    }
    expect(second.usage.inputTokens.cacheRead).toBe(sim.stats().cachedInputTokens);
    expect(first.usage.inputTokens.total + second.usage.inputTokens.total).toBe(sim.stats().inputTokens);
  });

  it("no cache_control, no cache", async () => {
    const provider = anthropic();
    await provider.textModel!.generate(request({ system: BRAND_GUIDE }));
    const again = await provider.textModel!.generate(request({ system: BRAND_GUIDE }));
    expect(again.usage.inputTokens.cacheRead).toBe(0);
    expect(again.usage.inputTokens.cacheWrite).toBe(0);
  });

  it("retries a 429 and succeeds", async () => {
    sim.inject({ status: 429, retryAfterSeconds: 0.01 });
    const result = await anthropic().textModel!.generate(request());
    expect(result.object.title).toContain("Merino");
    expect(messageRequests(sim).map((r) => r.status)).toEqual([429, 200]);
  });

  it("repairs malformed JSON once, then gives up with invalid_output", async () => {
    sim.inject({ kind: "malformed-json" });
    const repaired = await anthropic().textModel!.generate(request());
    expect(repaired.calls).toBe(2);
    const repair = messageRequests(sim)[1].body as any;
    expect(repair.messages.map((m: any) => m.role)).toEqual(["user", "assistant", "user"]);

    sim.reset();
    sim.inject({ kind: "malformed-json", count: 2 });
    const error: ProviderError = await anthropic().textModel!.generate(request()).catch((e) => e);
    expect(error.kind).toBe("invalid_output");
    expect(error.usage?.inputTokens.total).toBe(sim.stats().inputTokens);
  });

  it("max_tokens reached is truncated", async () => {
    const error: ProviderError = await anthropic().textModel!.generate(request({ maxOutputTokens: 10 })).catch((e) => e);
    expect(error.kind).toBe("truncated");
    expect(messageRequests(sim)).toHaveLength(1);
  });

  it("works with a forced tool call as the structured-output mode", async () => {
    const result = await anthropic(KEY, FAST, { structuredOutput: "tool_call" }).textModel!.generate(request());
    expect(result.object.title).toContain("Merino Wool Beanie");
    const body = messageRequests(sim)[0].body as any;
    expect(body.tool_choice).toEqual({ type: "tool", name: "product_copy" });
    expect(body.output_config).toBeUndefined();
  });

  it("passes images as image blocks before the prompt text", async () => {
    const image = "https://cdn.shopify.example/files/beanie-navy.jpg";
    await anthropic().textModel!.generate(request({ images: [{ url: image }, { base64: "iVBORw0KGgo=", mediaType: "image/png" }] }));
    const content = (messageRequests(sim)[0].body as any).messages[0].content;
    expect(content[0]).toEqual({ type: "image", source: { type: "url", url: image } });
    expect(content[1]).toEqual({ type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } });
    expect(content[2]).toEqual({ type: "text", text: PROMPT });
  });

  it("a wrong key is auth, without the key in the error", async () => {
    const wrong = "test-anthropic-wrong-9f8e7d6c";
    const test = await anthropic(wrong).testConnection();
    expect(test.ok).toBe(false);
    expect(test.error?.kind).toBe("auth");
    expect(JSON.stringify(test.error) + test.error?.message).not.toContain(wrong);
  });

  it("an unknown model is unknown_model", async () => {
    const error: ProviderError = await anthropic().textModel!.generate(request({ model: "claude-nine" })).catch((e) => e);
    expect(error.kind).toBe("unknown_model");
    const test = await anthropic().testConnection({ model: "claude-nine" });
    expect(test.error?.kind).toBe("unknown_model");
  });

  it("the connection test lists models with their names", async () => {
    const test = await anthropic().testConnection({ model: "claude-haiku-4-5" });
    expect(test.ok).toBe(true);
    expect(test.models?.find((m) => m.id === "claude-haiku-4-5")?.name).toBeTruthy();
  });

  it("overloaded (529) that persists is server", async () => {
    sim.inject({ status: 529, count: 3, retryAfterSeconds: 0.01 });
    const error: ProviderError = await anthropic().textModel!.generate(request()).catch((e) => e);
    expect(error.kind).toBe("server");
    expect(messageRequests(sim)).toHaveLength(3);
  });

  it("a response slower than the timeout is timeout", async () => {
    sim.inject({ kind: "slow", delayMs: 1500 });
    const error: ProviderError = await anthropic(KEY, { timeoutMs: 300, maxRetries: 0 }).textModel!.generate(request()).catch((e) => e);
    expect(error.kind).toBe("timeout");
  });
});

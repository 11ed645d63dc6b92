// The Mistral family against the Mistral simulator, through the app's factory and the
// official @mistralai/mistralai SDK (which retries only because we configure it to).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startProviderSimulator, type ProviderSimulator } from "../simulators/providers/server";
import { createProvider } from "../../app/providers/factory.server";
import type { ProviderError } from "../../app/providers/provider-error";

const KEY = "mistraltestkey0123456789abcdefgh";
// Mistral's backoff adds up to 1 s of jitter per retry; small base delays keep tests quick.
const FAST = { timeoutMs: 5000, maxRetries: 2, retryInitialDelayMs: 10, retryMaxDelayMs: 1500 };

const ProductCopy = z.object({
  title: z.string(),
  descriptionHtml: z.string(),
  tags: z.array(z.string()),
  material: z.string().optional(),
});

const PROMPT = ["Title: Merino Wool Beanie", "Vendor: Northwind Knits", "Product type: Hats", "Description: <p>A warm navy beanie.</p>"].join("\n");
const chatRequests = (sim: ProviderSimulator) => sim.requests().filter((r) => r.path === "/v1/chat/completions");

describe("Mistral", () => {
  let sim: ProviderSimulator;
  const mistral = (apiKey = KEY, transport: Record<string, number> = FAST) =>
    createProvider({ providerId: "mistral", apiKey, baseUrl: sim.url, transport });
  const request = (overrides: Record<string, unknown> = {}) => ({
    model: "mistral-small-latest",
    system: "You are a product copywriter.",
    prompt: PROMPT,
    schema: ProductCopy,
    schemaName: "product_copy",
    maxOutputTokens: 1500,
    ...overrides,
  });

  beforeAll(async () => {
    sim = await startProviderSimulator({ kind: "mistral", keys: [KEY] });
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  it("generates through responseFormat json_schema, with normalised usage and rate limits", async () => {
    const result = await mistral().textModel!.generate(request());
    expect(result.object.title).toContain("Merino Wool Beanie");
    expect(result.usage.inputTokens.total).toBe(sim.stats().inputTokens);
    expect(result.usage.inputTokens.cacheRead).toBe(0);
    expect(result.usage.outputTokens).toBe(sim.stats().outputTokens);
    expect(result.rateLimit?.requests?.limit).toBeGreaterThan(0);
    expect(result.rateLimit?.tokens?.remaining).toBeGreaterThan(0);
    const body = chatRequests(sim)[0].body as any;
    expect(body.response_format).toMatchObject({ type: "json_schema", json_schema: { name: "product_copy", strict: true } });
  });

  it("retries a 429 (the SDK would not by itself) and succeeds", async () => {
    sim.inject({ status: 429, retryAfterSeconds: 0.01 });
    const result = await mistral().textModel!.generate(request());
    expect(result.object.title).toContain("Merino");
    expect(chatRequests(sim).map((r) => r.status)).toEqual([429, 200]);
  });

  it("with retries off, a 429 is rate_limit", async () => {
    sim.inject({ status: 429, retryAfterSeconds: 2 });
    const error: ProviderError = await mistral(KEY, { ...FAST, maxRetries: 0 }).textModel!.generate(request()).catch((e) => e);
    expect(error.kind).toBe("rate_limit");
    expect(error.retryAfterMs).toBe(2000);
  });

  it("repairs malformed JSON once, then gives up with invalid_output", async () => {
    sim.inject({ kind: "malformed-json" });
    const repaired = await mistral().textModel!.generate(request());
    expect(repaired.calls).toBe(2);

    sim.reset();
    sim.inject({ kind: "malformed-json", count: 2 });
    const error: ProviderError = await mistral().textModel!.generate(request()).catch((e) => e);
    expect(error.kind).toBe("invalid_output");
    expect(chatRequests(sim)).toHaveLength(2);
  });

  it("a cut-off answer is truncated", async () => {
    sim.inject({ kind: "truncated" });
    const error: ProviderError = await mistral().textModel!.generate(request()).catch((e) => e);
    expect(error.kind).toBe("truncated");
  });

  it("a wrong key is auth, without the key in the error", async () => {
    const wrong = "wrongmistralkey9876543210zyxwvut";
    const test = await mistral(wrong).testConnection();
    expect(test.error?.kind).toBe("auth");
    expect(JSON.stringify(test.error) + test.error?.message).not.toContain(wrong);
  });

  it("an unknown model (Mistral answers 400 Invalid model) is unknown_model", async () => {
    const error: ProviderError = await mistral().textModel!.generate(request({ model: "mistral-huge" })).catch((e) => e);
    expect(error.kind).toBe("unknown_model");
    const test = await mistral().testConnection({ model: "mistral-huge" });
    expect(test.error?.kind).toBe("unknown_model");
    expect(test.models?.map((m) => m.id)).toContain("mistral-small-latest");
  });

  it("a response slower than the timeout is timeout", async () => {
    sim.inject({ kind: "slow", delayMs: 1500 });
    const error: ProviderError = await mistral(KEY, { ...FAST, timeoutMs: 300, maxRetries: 0 }).textModel!.generate(request()).catch((e) => e);
    expect(error.kind).toBe("timeout");
  });
});

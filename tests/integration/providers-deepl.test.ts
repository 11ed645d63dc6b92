// DeepL against the DeepL simulator, through the app's factory and the official deepl-node.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startProviderSimulator, type ProviderSimulator } from "../simulators/providers/server";
import { createProvider } from "../../app/providers/factory.server";
import type { ProviderError } from "../../app/providers/provider-error";

const KEY = "0b5d2c4e-7a1f-4e3b-9c8d-2f6a1b3c4d5e";
const FAST = { timeoutMs: 2000, maxRetries: 1 };

const HTML = [
  "<p>A <strong>warm</strong> navy beanie, knitted from soft merino wool.</p>",
  "<ul><li>Hand wash cold</li><li>Lay flat to dry</li></ul>",
];

const translateRequests = (sim: ProviderSimulator) => sim.requests().filter((r) => r.path === "/v2/translate");

describe("DeepL", () => {
  let sim: ProviderSimulator;
  const deepl = (apiKey = KEY, transport = FAST) => createProvider({ providerId: "deepl", apiKey, baseUrl: sim.url, transport });

  beforeAll(async () => {
    sim = await startProviderSimulator({ kind: "deepl", keys: [KEY] });
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  it("translates HTML keeping the tags, billing characters without them", async () => {
    const result = await deepl().translator!.translate({ texts: HTML, source: "en", target: "fr", html: true });
    expect(result.texts).toHaveLength(2);
    expect(result.texts[0]).toMatch(/^<p>[\s\S]*<strong>[\s\S]*<\/strong>[\s\S]*<\/p>$/);
    expect(result.texts[1]).toMatch(/^<ul><li>[\s\S]*<\/li><li>[\s\S]*<\/li><\/ul>$/);
    expect(result.texts[0]).not.toBe(HTML[0]);
    expect(result.usage.characters).toBe(sim.stats().characters);
    const textOnly = HTML.join("").replace(/<[^>]*>/g, "").length;
    expect(result.usage.characters).toBeLessThanOrEqual(textOnly);
    expect(result.usage.characters).toBeGreaterThan(0);
    expect(result.usage.inputTokens.total).toBe(0);
    const form = translateRequests(sim)[0].body as any;
    expect(form.tag_handling).toBe("html");
    expect(String(form.target_lang).toUpperCase()).toBe("FR");
  });

  it("maps Shopify locales to DeepL's target codes", async () => {
    await deepl().translator!.translate({ texts: ["Bonjour"], target: "en", html: false });
    await deepl().translator!.translate({ texts: ["Hello"], source: "en-GB", target: "pt-BR", html: false });
    const [toEnglish, toPortuguese] = translateRequests(sim).map((r) => r.body as any);
    expect(String(toEnglish.target_lang).toUpperCase()).toBe("EN-US");
    expect(String(toPortuguese.target_lang).toUpperCase()).toBe("PT-BR");
    expect(String(toPortuguese.source_lang).toUpperCase()).toBe("EN");
  });

  it("sends more than 50 texts in batches and keeps their order", async () => {
    const texts = Array.from({ length: 60 }, (_, i) => `Item number ${i}`);
    const result = await deepl().translator!.translate({ texts, source: "en", target: "de", html: false });
    expect(result.texts).toHaveLength(60);
    expect(translateRequests(sim)).toHaveLength(2);
    expect(result.texts[59]).toContain("59");
  });

  it("the connection test reads the account's character usage", async () => {
    await deepl().translator!.translate({ texts: HTML, target: "de", html: true });
    const test = await deepl().testConnection();
    expect(test.ok).toBe(true);
    expect(test.characterUsage?.count).toBe(sim.stats().characters);
    expect(test.characterUsage?.limit).toBeGreaterThan(0);
  });

  it("a wrong key is auth (DeepL answers 403), without the key in the error", async () => {
    const wrong = "ffffffff-0000-4000-8000-000000000000";
    const test = await deepl(wrong).testConnection();
    expect(test.ok).toBe(false);
    expect(test.error?.kind).toBe("auth");
    expect(JSON.stringify(test.error) + test.error?.message).not.toContain(wrong);
  });

  it("retries a 429 (deepl-node's own backoff) and succeeds", async () => {
    sim.inject({ status: 429 });
    const result = await deepl(KEY, { timeoutMs: 2000, maxRetries: 1 }).translator!.translate({ texts: ["Hello"], target: "de", html: false });
    expect(result.texts).toHaveLength(1);
    expect(translateRequests(sim).map((r) => r.status)).toEqual([429, 200]);
  });

  it("a server error that persists is server", async () => {
    sim.inject({ status: 503, count: 5 });
    const error: ProviderError = await deepl(KEY, { timeoutMs: 2000, maxRetries: 0 }).translator!
      .translate({ texts: ["Hello"], target: "de", html: false })
      .catch((e) => e);
    expect(error.kind).toBe("server");
  });

  it("an unreadable response is server, not a crash", async () => {
    sim.inject({ kind: "malformed-json" });
    const error: ProviderError = await deepl().translator!.translate({ texts: ["Hello"], target: "de", html: false }).catch((e) => e);
    expect(error.kind).toBe("server");
  });
});

describe("DeepL quota", () => {
  let sim: ProviderSimulator;
  const TEXT = "A warm navy beanie.";
  beforeAll(async () => {
    // Exactly one translation of TEXT fits (DeepL bills code points, spaces included).
    sim = await startProviderSimulator({ kind: "deepl", keys: [KEY], characterQuota: TEXT.length });
  });
  afterAll(() => sim.close());

  it("a spent quota shows in the connection test, and the next translation is 456 → quota", async () => {
    const provider = createProvider({ providerId: "deepl", apiKey: KEY, baseUrl: sim.url, transport: FAST });
    const first = await provider.translator!.translate({ texts: [TEXT], target: "de", html: false });
    expect(first.usage.characters).toBe(TEXT.length);

    const test = await provider.testConnection();
    expect(test.ok).toBe(false);
    expect(test.error?.kind).toBe("quota");
    expect(test.characterUsage).toEqual({ count: TEXT.length, limit: TEXT.length });

    const error: ProviderError = await provider.translator!.translate({ texts: ["More."], target: "de", html: false }).catch((e) => e);
    expect(error.kind).toBe("quota");
    expect(error.status).toBe(456);
    expect(error.message).toMatch(/character quota/);
  });
});

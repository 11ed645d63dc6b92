// Cost = normalised usage × list price, checked against amounts worked out by hand
// (prices per 1M units from app/pricing/prices.json, usage shaped as each provider reports it).
import { describe, expect, it } from "vitest";
import { costOf, MissingPriceError } from "../../app/pricing/cost";
import { findTablePrice, modelIdCandidates, PRICE_TABLE, type Prices } from "../../app/pricing/price-table";
import type { NormalizedUsage } from "../../app/providers/usage";

function usage(u: { noCache?: number; cacheRead?: number; cacheWrite?: number; output?: number; characters?: number }): NormalizedUsage {
  const noCache = u.noCache ?? 0;
  const cacheRead = u.cacheRead ?? 0;
  const cacheWrite = u.cacheWrite ?? 0;
  return {
    inputTokens: { total: noCache + cacheRead + cacheWrite, noCache, cacheRead, cacheWrite },
    outputTokens: u.output ?? 0,
    characters: u.characters ?? 0,
  };
}

function tablePrices(provider: string, model: string): Prices {
  const row = findTablePrice(provider, model);
  if (!row) throw new Error(`no row for ${provider}/${model}`);
  return row;
}

describe("cost of a call at list price", () => {
  it("OpenAI gpt-4o-mini with cached input tokens", () => {
    // prompt_tokens 12,000 of which cached_tokens 8,192; completion_tokens 1,500.
    // 3,808 × 0.15 + 8,192 × 0.075 + 1,500 × 0.60 = 571.2 + 614.4 + 900 = 2,085.6 per 1M → $0.0020856
    const cost = costOf(usage({ noCache: 3808, cacheRead: 8192, output: 1500 }), tablePrices("openai", "gpt-4o-mini"));
    expect(cost.amount.toFixed()).toBe("0.0020856");
    expect(cost.currency).toBe("USD");
    expect(cost.lines.map((l) => [l.kind, l.quantity, l.pricePerMillion.toFixed(), l.amount.toFixed()])).toEqual([
      ["input", 3808, "0.15", "0.0005712"],
      ["cacheRead", 8192, "0.075", "0.0006144"],
      ["output", 1500, "0.6", "0.0009"],
    ]);
  });

  it("OpenAI gpt-4o-mini through the batch API (cached input discounted like input)", () => {
    // 3,808 × 0.075 + 8,192 × 0.0375 + 1,500 × 0.30 = 285.6 + 307.2 + 450 = 1,042.8 → $0.0010428
    const cost = costOf(usage({ noCache: 3808, cacheRead: 8192, output: 1500 }), tablePrices("openai", "gpt-4o-mini"), { batch: true });
    expect(cost.amount.toFixed()).toBe("0.0010428");
  });

  it("Anthropic claude-haiku-4-5 with cache read and a 5-minute cache write", () => {
    // input_tokens 1,200 (excludes cache) × 1.00 + cache_creation 3,000 × 1.25 + cache_read 20,000 × 0.10 + output 800 × 5.00
    // = 1,200 + 3,750 + 2,000 + 4,000 = 10,950 → $0.01095
    const cost = costOf(
      usage({ noCache: 1200, cacheWrite: 3000, cacheRead: 20000, output: 800 }),
      tablePrices("anthropic", "claude-haiku-4-5-20251001"),
    );
    expect(cost.amount.toFixed()).toBe("0.01095");
  });

  it("Anthropic claude-haiku-4-5 with a 1-hour cache write", () => {
    // 1,200 × 1.00 + 3,000 × 2.00 + 20,000 × 0.10 + 800 × 5.00 = 1,200 + 6,000 + 2,000 + 4,000 = 13,200 → $0.0132
    const cost = costOf(
      usage({ noCache: 1200, cacheWrite: 3000, cacheRead: 20000, output: 800 }),
      tablePrices("anthropic", "claude-haiku-4-5"),
      {
        cacheWriteTtl: "1h",
      },
    );
    expect(cost.amount.toFixed()).toBe("0.0132");
  });

  it("Mistral mistral-small-latest", () => {
    // promptTokens 2,345 × 0.06 + completionTokens 678 × 0.18 = 140.7 + 122.04 = 262.74 → $0.00026274
    expect(costOf(usage({ noCache: 2345, output: 678 }), tablePrices("mistral", "mistral-small-latest")).amount.toFixed()).toBe(
      "0.00026274",
    );
  });

  it("Gemini gemini-2.5-flash with implicit cache hits and thinking tokens", () => {
    // promptTokenCount 5,000 incl. cachedContentTokenCount 2,048; candidates 400 + thoughts 600 = 1,000 output
    // 2,952 × 0.30 + 2,048 × 0.03 + 1,000 × 2.50 = 885.6 + 61.44 + 2,500 = 3,447.04 → $0.00344704
    const cost = costOf(usage({ noCache: 2952, cacheRead: 2048, output: 1000 }), tablePrices("gemini", "models/gemini-2.5-flash"));
    expect(cost.amount.toFixed()).toBe("0.00344704");
  });

  it("DeepL billed characters, in euros", () => {
    // 12,345 billed characters × €20 per 1M = €0.2469
    const cost = costOf(usage({ characters: 12345 }), tablePrices("deepl", "deepl"));
    expect(cost.amount.toFixed()).toBe("0.2469");
    expect(cost.currency).toBe("EUR");
  });

  it("adds many small amounts without float drift", () => {
    // In floating point 0.1 + 0.2 = 0.30000000000000004; here 1 token × $0.1/1M + 1 token × $0.2/1M is exactly $0.0000003.
    const prices: Prices = { currency: "USD", input: "0.1", output: "0.2" };
    const cost = costOf(usage({ noCache: 1, output: 1 }), prices);
    expect(cost.amount.toFixed()).toBe("0.0000003");
  });

  it("says what is missing instead of billing 0", () => {
    expect(() => costOf(usage({ characters: 10 }), tablePrices("openai", "gpt-4o-mini"), { label: "openai/gpt-4o-mini" })).toThrow(
      MissingPriceError,
    );
    expect(() => costOf(usage({ noCache: 10 }), tablePrices("deepl", "deepl"))).toThrow(/no input price/);
  });

  it("takes a price lookup's answer as well as a row", () => {
    const prices = tablePrices("mistral", "mistral-small-latest");
    const u = usage({ noCache: 2345, output: 678 });
    expect(costOf(u, { prices }).amount.toFixed()).toBe(costOf(u, prices).amount.toFixed());
  });

  it("local models cost nothing", () => {
    expect(costOf(usage({ noCache: 5000, output: 900 }), tablePrices("ollama", "llama3.2:latest")).amount.isZero()).toBe(true);
  });
});

describe("the price table", () => {
  it("has a source and a date on every row, and one row per provider/model", () => {
    const seen = new Set<string>();
    for (const row of PRICE_TABLE) {
      expect(row.source.length).toBeGreaterThan(5);
      expect(row.date).toMatch(/^\d{4}-\d{2}/);
      const key = `${row.provider}/${row.model.toLowerCase()}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it("covers the reference models and the OpenAI-compatible presets", () => {
    for (const [provider, model] of [
      ["openai", "gpt-4o-mini"],
      ["openai", "gpt-4.1-nano"],
      ["openai", "gpt-5-mini"],
      ["anthropic", "claude-sonnet-4"],
      ["mistral", "mistral-large-latest"],
      ["gemini", "gemini-2.0-flash"],
      ["deepseek", "deepseek-chat"],
      ["groq", "llama-3.3-70b-versatile"],
      ["openrouter", "openai/gpt-4o-mini"],
      ["xai", "grok-4"],
      ["together", "meta-llama/Llama-3.3-70B-Instruct-Turbo"],
      ["fireworks", "accounts/fireworks/models/llama-v3p3-70b-instruct"],
      ["perplexity", "sonar"],
      ["lmstudio", "qwen2.5-7b-instruct"],
      ["azure-openai", "gpt-4o-mini-2024-07-18"],
    ]) {
      expect(findTablePrice(provider, model), `${provider}/${model}`).not.toBeNull();
    }
  });

  it("matches dated snapshots to their model, never a longer name to a shorter one", () => {
    expect(findTablePrice("openai", "gpt-4o-2024-08-06")?.model).toBe("gpt-4o");
    expect(findTablePrice("openai", "gpt-4o-mini")?.model).toBe("gpt-4o-mini");
    expect(findTablePrice("anthropic", "claude-sonnet-4-20250514")?.model).toBe("claude-sonnet-4");
    expect(findTablePrice("openai", "gpt-4o-audio-preview")).toBeNull();
    expect(findTablePrice("custom-openai", "my-model")).toBeNull();
    expect(modelIdCandidates("models/Gemini-2.5-Flash")).toContain("gemini-2.5-flash");
  });
});

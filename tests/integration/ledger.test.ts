// The usage ledger against the real test database: each call's stored cost equals the
// hand-computed price × usage, the price it was computed with is recorded, shop overrides win,
// unknown models are flagged (never free), and the Usage page's read models and CSV add up —
// for one shop only.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { csvField, csvLine } from "../../app/ledger/csv";
import { usageCsv, USAGE_CSV_COLUMNS } from "../../app/ledger/export.server";
import { recordUsageEvent, type UsageEventInput } from "../../app/ledger/ledger.server";
import { jobUsage, usageReport } from "../../app/ledger/report.server";
import {
  deletePriceOverride,
  listPriceOverrides,
  priceFor,
  PriceOverrideInputError,
  setPriceOverride,
} from "../../app/pricing/prices.server";
import type { NormalizedUsage } from "../../app/providers/usage";
import { storeProviderKey } from "../../app/vault/provider-keys.server";

const newShop = () => `ledger-${randomUUID().slice(0, 8)}.myshopify.com`;

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

const call = (shop: string, over: Partial<UsageEventInput>): UsageEventInput => ({
  shop,
  provider: "openai",
  model: "gpt-4o-mini",
  context: "enrichment",
  usage: usage({ noCache: 1000, output: 100 }),
  latencyMs: 850,
  outcome: "ok",
  ...over,
});

async function storedCost(id: string) {
  const row = await prisma.usageEvent.findUniqueOrThrow({ where: { id } });
  return { cost: row.cost === null ? null : row.cost.toFixed(), currency: row.currency, priceSource: row.priceSource, row };
}

describe("recording a provider call", () => {
  it("OpenAI with cached tokens: stored cost = 3,808 × 0.15 + 8,192 × 0.075 + 1,500 × 0.60 per 1M = $0.0020856", async () => {
    const shop = newShop();
    // What the OpenAI adapter reports for prompt_tokens 12,000 (cached_tokens 8,192), completion_tokens 1,500.
    const event = await recordUsageEvent(
      call(shop, {
        model: "gpt-4o-mini-2024-07-18",
        usage: usage({ noCache: 3808, cacheRead: 8192, output: 1500 }),
        jobId: "job-1",
        itemId: "gid://shopify/Product/1",
      }),
    );
    expect(event.cost?.toFixed()).toBe("0.0020856");
    const stored = await storedCost(event.id);
    expect(stored).toMatchObject({ cost: "0.0020856", currency: "USD", priceSource: "table 2026-11-26: openai/gpt-4o-mini" });
    expect(stored.row).toMatchObject({
      inputTokens: 12000,
      cachedInputTokens: 8192,
      cacheWriteTokens: 0,
      outputTokens: 1500,
      jobId: "job-1",
      outcome: "ok",
      latencyMs: 850,
    });
  });

  it("Anthropic cache read and write: 1,200 × 1.00 + 3,000 × 1.25 + 20,000 × 0.10 + 800 × 5.00 per 1M = $0.01095", async () => {
    const shop = newShop();
    const event = await recordUsageEvent(
      call(shop, {
        provider: "anthropic",
        model: "claude-haiku-4-5-20251001",
        usage: usage({ noCache: 1200, cacheWrite: 3000, cacheRead: 20000, output: 800 }),
      }),
    );
    expect(await storedCost(event.id)).toMatchObject({
      cost: "0.01095",
      currency: "USD",
      priceSource: "table 2026-11-26: anthropic/claude-haiku-4-5",
    });
    expect((await storedCost(event.id)).row).toMatchObject({ inputTokens: 24200, cachedInputTokens: 20000, cacheWriteTokens: 3000 });
  });

  it("Anthropic 1-hour cache write through the batch API: (1,200 × 0.50 + 3,000 × 1.00 + 20,000 × 0.05 + 800 × 2.50) per 1M = $0.0066", async () => {
    const shop = newShop();
    const event = await recordUsageEvent(
      call(shop, {
        provider: "anthropic",
        model: "claude-haiku-4-5",
        batch: true,
        cacheWriteTtl: "1h",
        usage: usage({ noCache: 1200, cacheWrite: 3000, cacheRead: 20000, output: 800 }),
      }),
    );
    expect((await storedCost(event.id)).cost).toBe("0.0066");
    expect((await storedCost(event.id)).row.batch).toBe(true);
  });

  it("Mistral: 2,345 × 0.06 + 678 × 0.18 per 1M = $0.00026274", async () => {
    const event = await recordUsageEvent(
      call(newShop(), { provider: "mistral", model: "mistral-small-latest", usage: usage({ noCache: 2345, output: 678 }) }),
    );
    expect(await storedCost(event.id)).toMatchObject({ cost: "0.00026274", currency: "USD" });
  });

  it("Gemini: 2,952 × 0.30 + 2,048 × 0.03 + 1,000 × 2.50 per 1M = $0.00344704", async () => {
    const event = await recordUsageEvent(
      call(newShop(), { provider: "gemini", model: "gemini-2.5-flash", usage: usage({ noCache: 2952, cacheRead: 2048, output: 1000 }) }),
    );
    expect(await storedCost(event.id)).toMatchObject({ cost: "0.00344704", currency: "USD" });
  });

  it("DeepL billed characters: 12,345 × €20 per 1M = €0.2469", async () => {
    const event = await recordUsageEvent(
      call(newShop(), { provider: "deepl", model: "deepl", context: "translation", usage: usage({ characters: 12345 }) }),
    );
    expect(await storedCost(event.id)).toMatchObject({ cost: "0.2469", currency: "EUR", priceSource: "table 2026-11-26: deepl/*" });
    expect((await storedCost(event.id)).row.characters).toBe(12345);
  });

  it("records a call to a model without a known price, with no cost and a message saying so", async () => {
    const event = await recordUsageEvent(call(newShop(), { provider: "custom-openai", model: "my-finetune" }));
    expect(event.cost).toBeNull();
    const stored = await storedCost(event.id);
    expect(stored.cost).toBeNull();
    expect(stored.priceSource).toContain("No price known for custom-openai model “my-finetune”; add one");
    expect(stored.row.inputTokens).toBe(1000);
  });

  it("records a failed call with its usage and a sanitized error (no key in the ledger)", async () => {
    const shop = newShop();
    const event = await recordUsageEvent(
      call(shop, {
        outcome: "invalid_output",
        errorMessage: "Output did not match the schema after repair. Authorization: Bearer sk-proj-ledger-secret-000001",
      }),
    );
    const stored = await storedCost(event.id);
    expect(stored.row.outcome).toBe("invalid_output");
    expect(stored.row.errorMessage).toContain("Output did not match the schema");
    expect(stored.row.errorMessage).not.toContain("ledger-secret");
    expect(stored.cost).toBe("0.00021"); // 1,000 × 0.15 + 100 × 0.60 = 210 per 1M: tokens were billed
  });
});

describe("per-shop price overrides", () => {
  it("win over the table for that shop only, and are named in priceSource", async () => {
    const shop = newShop();
    const other = newShop();
    await setPriceOverride({
      shop,
      provider: "openai",
      model: "gpt-4o-mini",
      prices: { currency: "USD", input: "0.12", output: "0.48" },
      note: "negotiated",
    });

    const mine = await recordUsageEvent(call(shop, {})); // 1,000 × 0.12 + 100 × 0.48 = 168 per 1M
    const theirs = await recordUsageEvent(call(other, {})); // list: 1,000 × 0.15 + 100 × 0.60 = 210 per 1M
    expect((await storedCost(mine.id)).cost).toBe("0.000168");
    expect((await storedCost(mine.id)).priceSource).toMatch(/^override \d{4}-\d{2}-\d{2}T.*: openai\/gpt-4o-mini$/);
    expect((await storedCost(theirs.id)).cost).toBe("0.00021");
  });

  it("price a custom endpoint's models with a '*' override", async () => {
    const shop = newShop();
    expect((await priceFor(shop, "custom-openai", "llama-70b")).ok).toBe(false);
    await setPriceOverride({ shop, provider: "custom-openai", model: "*", prices: { currency: "USD", input: 0.5, output: 1 } });
    const lookup = await priceFor(shop, "custom-openai", "llama-70b");
    expect(lookup).toMatchObject({ ok: true, source: "override" });
  });

  it("are listed, replaced and deleted per shop", async () => {
    const shop = newShop();
    const first = await setPriceOverride({
      shop,
      provider: "mistral",
      model: "mistral-small-latest",
      prices: { currency: "EUR", input: "0.05", output: "0.15" },
    });
    await setPriceOverride({
      shop,
      provider: "mistral",
      model: "mistral-small-latest",
      prices: { currency: "EUR", input: "0.04", output: "0.12" },
    });
    const listed = await listPriceOverrides(shop);
    expect(listed).toHaveLength(1);
    expect(listed[0].prices).toMatchObject({ input: "0.04", currency: "EUR" });
    expect(await deletePriceOverride(newShop(), first.id)).toBe(false); // another shop cannot delete it
    expect(await listPriceOverrides(shop)).toHaveLength(1);
    expect(await deletePriceOverride(shop, first.id)).toBe(true);
    expect(await listPriceOverrides(shop)).toHaveLength(0);
  });

  it("reject prices that are not amounts", async () => {
    const err = await setPriceOverride({
      shop: newShop(),
      provider: "openai",
      model: "gpt-4o",
      prices: { currency: "USD", input: "-1", output: "x" },
    }).catch((e) => e);
    expect(err).toBeInstanceOf(PriceOverrideInputError);
    expect(err.field).toBe("prices");
  });
});

describe("the Usage page's read models", () => {
  it("totals and spend by day, provider/model and context for a date range, for one shop, per currency", async () => {
    const shop = newShop();
    const at = (iso: string) => new Date(iso);
    // In range (May 1–3, 2026)
    await recordUsageEvent(call(shop, { at: at("2026-05-01T08:00:00Z") })); // $0.00021
    await recordUsageEvent(call(shop, { at: at("2026-05-01T23:59:59Z"), usage: usage({ noCache: 3808, cacheRead: 8192, output: 1500 }) })); // $0.0020856
    await recordUsageEvent(
      call(shop, {
        at: at("2026-05-03T10:00:00Z"),
        provider: "deepl",
        model: "deepl",
        context: "translation",
        usage: usage({ characters: 12345 }),
      }),
    ); // €0.2469
    await recordUsageEvent(call(shop, { at: at("2026-05-03T11:00:00Z"), outcome: "timeout", usage: usage({}) })); // $0, failed
    await recordUsageEvent(call(shop, { at: at("2026-05-03T12:00:00Z"), provider: "custom-openai", model: "mystery", context: "copilot" })); // unpriced
    // Outside the range or another shop
    await recordUsageEvent(call(shop, { at: at("2026-04-30T23:59:59Z") }));
    await recordUsageEvent(call(shop, { at: at("2026-05-04T00:00:00Z") }));
    await recordUsageEvent(call(newShop(), { at: at("2026-05-02T00:00:00Z") }));

    const report = await usageReport({ shop, from: at("2026-05-01T00:00:00Z"), to: at("2026-05-04T00:00:00Z") });
    expect(report.totals).toEqual({
      calls: 5,
      failedCalls: 1,
      unpricedCalls: 1,
      inputTokens: 1000 + 12000 + 0 + 0 + 1000,
      cachedInputTokens: 8192,
      cacheWriteTokens: 0,
      outputTokens: 100 + 1500 + 0 + 100,
      characters: 12345,
      cost: { EUR: "0.2469", USD: "0.0022956" }, // 0.00021 + 0.0020856
    });
    expect(report.byDay.map((d) => [d.day, d.calls, d.cost])).toEqual([
      ["2026-05-01", 2, { USD: "0.0022956" }],
      ["2026-05-02", 0, {}],
      ["2026-05-03", 3, { EUR: "0.2469", USD: "0" }],
    ]);
    expect(report.byProviderModel.map((m) => [m.provider, m.model, m.calls, m.cost])).toEqual([
      ["deepl", "deepl", 1, { EUR: "0.2469" }],
      ["openai", "gpt-4o-mini", 3, { USD: "0.0022956" }],
      ["custom-openai", "mystery", 1, {}],
    ]);
    expect(report.byContext.map((c) => [c.context, c.calls, c.cost])).toEqual([
      ["translation", 1, { EUR: "0.2469" }],
      ["enrichment", 3, { USD: "0.0022956" }],
      ["copilot", 1, {}],
    ]);

    // The shop's local day: 23:59:59 UTC on May 1 is already May 2 in Berlin.
    const berlin = await usageReport({ shop, from: at("2026-04-30T22:00:00Z"), to: at("2026-05-03T22:00:00Z"), timeZone: "Europe/Berlin" });
    expect(berlin.byDay.map((d) => [d.day, d.calls])).toEqual([
      ["2026-05-01", 2], // Apr 30 23:59:59Z (= May 1 01:59 Berlin) and May 1 08:00Z
      ["2026-05-02", 1],
      ["2026-05-03", 3],
    ]);
  });

  it("sums a job's spend so far", async () => {
    const shop = newShop();
    await recordUsageEvent(call(shop, { jobId: "job-a" }));
    await recordUsageEvent(call(shop, { jobId: "job-a" }));
    await recordUsageEvent(call(shop, { jobId: "job-b" }));
    await recordUsageEvent(call(newShop(), { jobId: "job-a" }));
    const job = await jobUsage(shop, "job-a");
    expect(job).toMatchObject({ calls: 2, cost: { USD: "0.00042" } });
  });
});

describe("CSV export", () => {
  it("quotes per RFC 4180 and defuses spreadsheet formulas", () => {
    expect(csvLine(["plain", 'say "hi"', "a,b", "two\nlines", "=HYPERLINK(1)", "-1", 42, true, null])).toBe(
      'plain,"say ""hi""","a,b","two\nlines",\'=HYPERLINK(1),\'-1,42,true,\r\n',
    );
    expect(csvField(-5)).toBe("-5"); // numbers are not text: no prefix
  });

  it("exports one line per call of the shop in the range, with key labels and the price used", async () => {
    const shop = newShop();
    const key = await storeProviderKey({ shop, provider: "openai", label: 'Main, "prod"', apiKey: `sk-proj-${randomUUID()}` });
    await recordUsageEvent(
      call(shop, { at: new Date("2026-06-02T09:30:00Z"), providerKeyId: key.id, jobId: "job-9", itemId: "gid://shopify/Product/9" }),
    );
    await recordUsageEvent(
      call(shop, {
        at: new Date("2026-06-02T09:31:00Z"),
        model: "gpt-4o-mini",
        outcome: "invalid_output",
        errorMessage: '=cmd|" /C calc"!A0, then "more"',
      }),
    );
    await recordUsageEvent(call(newShop(), { at: new Date("2026-06-02T09:30:00Z") }));

    const csv = await usageCsv({ shop, from: new Date("2026-06-01T00:00:00Z"), to: new Date("2026-07-01T00:00:00Z") });
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(USAGE_CSV_COLUMNS.join(","));
    expect(lines[1]).toBe(
      `2026-06-02T09:30:00.000Z,openai,gpt-4o-mini,enrichment,"Main, ""prod""",job-9,gid://shopify/Product/9,1000,0,0,100,0,false,0.00021,USD,table 2026-11-26: openai/gpt-4o-mini,850,ok,`,
    );
    expect(lines[2]).toBe(
      `2026-06-02T09:31:00.000Z,openai,gpt-4o-mini,enrichment,,,,1000,0,0,100,0,false,0.00021,USD,table 2026-11-26: openai/gpt-4o-mini,850,invalid_output,"'=cmd|"" /C calc""!A0, then ""more"""`,
    );
    expect(lines).toHaveLength(4); // header, 2 rows, and the empty string after the last CRLF
  });
});

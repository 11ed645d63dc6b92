// The Usage page's loader, action and CSV export as the embedded app calls them (real session
// tokens, real ledger rows). A merchant depends on: totals and breakdowns for the days they
// chose, an export of exactly those calls, budgets and prices they can set with inline errors —
// and another shop never seeing or changing any of it.
import { API_SECRET, appRequest, callRoute, everything, installShop, jsonOf } from "./routes-session";
import { describe, expect, it } from "vitest";
import { loader as csvLoader } from "../../app/routes/app.usage.csv";
import { action, loader } from "../../app/routes/app.usage";
import prisma from "../../app/db.server";
import { recordUsageEvent } from "../../app/ledger/ledger.server";
import type { NormalizedUsage } from "../../app/providers/usage";
import { storeProviderKey } from "../../app/vault/provider-keys.server";

const PAGE = "/app/usage";

function usage(noCache: number, cacheRead: number, output: number, characters = 0): NormalizedUsage {
  return { inputTokens: { total: noCache + cacheRead, noCache, cacheRead, cacheWrite: 0 }, outputTokens: output, characters };
}

/** Two days of calls in November 2026 (UTC) for the shop. */
async function seedLedger(shop: string) {
  const key = await storeProviderKey({
    shop,
    provider: "openai",
    label: "OpenAI – ledger",
    apiKey: "sk-proj-ledger-seed-key-0001",
  });
  const base = { shop, providerKeyId: key.id, latencyMs: 700, outcome: "ok" };
  await recordUsageEvent({
    ...base,
    provider: "openai",
    model: "gpt-4o-mini",
    context: "enrichment",
    usage: usage(1_000_000, 0, 0),
    at: new Date("2026-11-03T10:00:00Z"),
  });
  await recordUsageEvent({
    ...base,
    provider: "openai",
    model: "gpt-4o-mini",
    context: "enrichment",
    usage: usage(0, 0, 1_000_000),
    at: new Date("2026-11-04T23:59:00Z"),
  });
  await recordUsageEvent({
    ...base,
    provider: "deepl",
    model: "deepl",
    context: "translation",
    usage: usage(0, 0, 0, 500_000),
    at: new Date("2026-11-04T12:00:00Z"),
  });
  await recordUsageEvent({
    ...base,
    provider: "openai",
    model: "gpt-4o-mini",
    context: "copilot",
    outcome: "auth",
    usage: usage(0, 0, 0),
    at: new Date("2026-11-04T12:30:00Z"),
  });
  // Outside the range asked for below.
  await recordUsageEvent({
    ...base,
    provider: "openai",
    model: "gpt-4o",
    context: "enrichment",
    usage: usage(1_000_000, 0, 0),
    at: new Date("2026-10-31T23:59:59Z"),
  });
}

const NOVEMBER_3_TO_4 = "?range=custom&from=2026-11-03&to=2026-11-04";

async function page(shop: string, search = NOVEMBER_3_TO_4) {
  const response = await callRoute(loader, await appRequest(shop, `${PAGE}${search}`));
  expect(response.status).toBe(200);
  return { response, data: await jsonOf(response) };
}

async function post(shop: string, form: Record<string, string>) {
  return callRoute(action, await appRequest(shop, PAGE, { form }));
}

async function csv(shop: string, search = NOVEMBER_3_TO_4) {
  return callRoute(csvLoader, await appRequest(shop, `${PAGE}/csv${search}`));
}

describe("authentication", () => {
  it("refuses the page, its action and the export without a valid session token", async () => {
    const shop = await installShop("usage-auth");
    await seedLedger(shop);
    for (const options of [{ anonymous: true }, { secret: `other-${API_SECRET}` }]) {
      const pageResponse = await callRoute(loader, await appRequest(shop, PAGE, options));
      const exportResponse = await callRoute(csvLoader, await appRequest(shop, `${PAGE}/csv`, options));
      const budget = await callRoute(
        action,
        await appRequest(shop, PAGE, { ...options, form: { intent: "setBudget", scope: "shop", monthlyCap: "5" } }),
      );
      for (const response of [pageResponse, exportResponse, budget]) {
        expect([302, 401]).toContain(response.status);
        expect(await response.text()).not.toMatch(/gpt-4o-mini|time_utc/);
      }
    }
    expect(await prisma.budget.count({ where: { shop } })).toBe(0);
  });
});

describe("the report", () => {
  it("totals, spend by day, by provider/model and by context for the chosen days only", async () => {
    const shop = await installShop("usage-report");
    await seedLedger(shop);
    const { data } = await page(shop);
    expect(data.range).toEqual({ preset: "custom", fromDay: "2026-11-03", toDay: "2026-11-04" });
    // gpt-4o-mini: 1M input × $0.15 + 1M output × $0.60; DeepL 0.5M characters × €20.
    expect(data.totals).toMatchObject({
      calls: 4,
      failedCalls: 1,
      inputTokens: 1_000_000,
      outputTokens: 1_000_000,
      characters: 500_000,
    });
    expect(data.totals.cost).toEqual({ EUR: "10", USD: "0.75" });
    expect(data.byDay.map((d: { day: string; cost: unknown }) => [d.day, d.cost])).toEqual([
      ["2026-11-03", { USD: "0.15" }],
      ["2026-11-04", { EUR: "10", USD: "0.6" }],
    ]);
    expect(
      data.byProviderModel.map((r: { provider: string; model: string; calls: number }) => [r.provider, r.model, r.calls]),
    ).toEqual([
      ["deepl", "deepl", 1],
      ["openai", "gpt-4o-mini", 3],
    ]);
    expect(data.byContext.map((r: { context: string }) => r.context).sort()).toEqual(["copilot", "enrichment", "translation"]);
  });

  it("an impossible range falls back to the last 30 days and says why", async () => {
    const shop = await installShop("usage-range");
    const { data } = await page(shop, "?range=custom&from=2026-11-10&to=2026-11-01");
    expect(data.rangeError).toMatch(/last day comes before the first/);
    expect(data.range.preset).toBe("last30");
    expect(data.byDay).toHaveLength(30);
  });

  it("the CSV export has one line per call of those days, with the key's label — never the key", async () => {
    const shop = await installShop("usage-csv");
    await seedLedger(shop);
    const response = await csv(shop);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="usage-2026-11-03-to-2026-11-04.csv"');
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^time_utc,provider,model,context,provider_key,/);
    expect(lines).toHaveLength(5);
    expect(lines.slice(1).every((l) => l.includes("OpenAI – ledger"))).toBe(true);
    expect(lines.join("\n")).not.toContain("sk-proj-ledger-seed-key-0001");
  });
});

describe("budgets and prices", () => {
  it("sets a shop cap and a context cap with this month's spend, with inline errors for bad input", async () => {
    const shop = await installShop("usage-budget");
    const bad = await post(shop, { intent: "setBudget", scope: "shop", monthlyCap: "lots", currency: "USD" });
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).fieldErrors).toEqual({ monthlyCap: "Enter the cap as an amount, e.g. 25 or 25.50." });
    const badScope = await post(shop, { intent: "setBudget", scope: "everything", monthlyCap: "5" });
    expect((await jsonOf(badScope)).fieldErrors.scope).toMatch(/whole shop or a kind of work/);
    const badCurrency = await post(shop, { intent: "setBudget", scope: "shop", monthlyCap: "5", currency: "dollars" });
    expect((await jsonOf(badCurrency)).fieldErrors.currency).toMatch(/3-letter currency/);

    expect((await jsonOf(await post(shop, { intent: "setBudget", scope: "shop", monthlyCap: "25", currency: "USD" }))).ok).toBe(
      true,
    );
    expect(
      (await jsonOf(await post(shop, { intent: "setBudget", scope: "translation", monthlyCap: "$5.50", currency: "EUR" }))).ok,
    ).toBe(true);
    await recordUsageEvent({
      shop,
      provider: "openai",
      model: "gpt-4o-mini",
      context: "enrichment",
      usage: usage(0, 0, 1_000_000),
      latencyMs: 1,
      outcome: "ok",
    });

    const { data } = await page(shop, "?range=thisMonth");
    expect(data.budgets.map((b: Record<string, unknown>) => [b.context, b.monthlyCap, b.currency, b.spent])).toEqual([
      [null, "25", "USD", "0.6"],
      ["translation", "5.5", "EUR", "0"],
    ]);
  });

  it("saves the shop's own price (used for new costs) and refuses prices that are not amounts", async () => {
    const shop = await installShop("usage-price");
    const bad = await post(shop, {
      intent: "setPrice",
      provider: "openai",
      model: "gpt-4o-mini",
      currency: "USD",
      input: "0,10",
    });
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).fieldErrors.input).toMatch(/price like 0\.15/);
    const none = await post(shop, { intent: "setPrice", provider: "openai", model: "gpt-4o-mini", currency: "USD" });
    expect((await jsonOf(none)).fieldErrors.prices).toMatch(/at least an input and output price/);

    const saved = await post(shop, {
      intent: "setPrice",
      provider: "openai",
      model: "gpt-4o-mini",
      currency: "usd",
      input: "0.10",
      output: "0.40",
      note: "Negotiated",
    });
    expect((await jsonOf(saved)).ok).toBe(true);
    const event = await recordUsageEvent({
      shop,
      provider: "openai",
      model: "gpt-4o-mini",
      context: "enrichment",
      usage: usage(1_000_000, 0, 1_000_000),
      latencyMs: 1,
      outcome: "ok",
    });
    expect(event.cost?.toFixed()).toBe("0.5");

    const { data } = await page(shop);
    expect(data.overrides).toMatchObject([
      {
        provider: "openai",
        model: "gpt-4o-mini",
        prices: { currency: "USD", input: "0.10", output: "0.40" },
        note: "Negotiated",
      },
    ]);
    const removed = await post(shop, { intent: "removePrice", id: data.overrides[0].id });
    expect((await jsonOf(removed)).ok).toBe(true);
    expect((await page(shop)).data.overrides).toEqual([]);
  });
});

describe("another shop", () => {
  it("sees none of shop A's ledger, budgets or prices, and cannot remove them", async () => {
    const shopA = await installShop("usage-a");
    const shopB = await installShop("usage-b");
    await seedLedger(shopA);
    await post(shopA, { intent: "setBudget", scope: "shop", monthlyCap: "25", currency: "USD" });
    await post(shopA, { intent: "setPrice", provider: "openai", model: "gpt-4o", currency: "USD", input: "1", output: "4" });
    const a = (await page(shopA)).data;

    const { response, data } = await page(shopB);
    expect(data.totals.calls).toBe(0);
    expect(data.byProviderModel).toEqual([]);
    expect(data.budgets).toEqual([]);
    expect(data.overrides).toEqual([]);
    expect(await everything(response)).not.toMatch(/gpt-4o|OpenAI – ledger/);

    const exportB = await (await csv(shopB)).text();
    expect(exportB.trim().split("\r\n")).toHaveLength(1);

    expect((await post(shopB, { intent: "removeBudget", id: a.budgets[0].id })).status).toBe(404);
    expect((await post(shopB, { intent: "removePrice", id: a.overrides[0].id })).status).toBe(404);
    const after = (await page(shopA)).data;
    expect(after.budgets).toHaveLength(1);
    expect(after.overrides).toHaveLength(1);
    expect(after.totals.calls).toBe(4);
  });
});

// Monthly caps: work that would cross a cap is stopped before it is done, with a message a
// merchant understands. Spend = the shop's ledger for the calendar month (UTC), in the cap's currency.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BudgetInputError, checkBudget, listBudgets, monthSpend, removeBudget, setBudget } from "../../app/budget/budgets.server";
import { formatMoney } from "../../app/budget/money";
import { recordUsageEvent } from "../../app/ledger/ledger.server";
import { setPriceOverride } from "../../app/pricing/prices.server";

const newShop = () => `budget-${randomUUID().slice(0, 8)}.myshopify.com`;
const MAY_20 = new Date("2026-05-20T12:00:00Z");

// Round numbers: with this shop price, 1,000,000 input tokens cost exactly $1.
async function spend(shop: string, dollars: number, over: { context?: string; at?: Date } = {}) {
  const tokens = Math.round(dollars * 1_000_000);
  await recordUsageEvent({
    shop,
    provider: "custom-openai",
    model: "house-model",
    context: over.context ?? "enrichment",
    usage: { inputTokens: { total: tokens, noCache: tokens, cacheRead: 0, cacheWrite: 0 }, outputTokens: 0, characters: 0 },
    latencyMs: 100,
    outcome: "ok",
    at: over.at ?? new Date("2026-05-10T09:00:00Z"),
  });
}

async function shopWithPrice() {
  const shop = newShop();
  await setPriceOverride({ shop, provider: "custom-openai", model: "*", prices: { currency: "USD", input: "1", output: "1" } });
  return shop;
}

describe("checkBudget", () => {
  it("stops a run that would cross the context's cap, with the month, the new total and the cap", async () => {
    const shop = await shopWithPrice();
    await setBudget({ shop, context: "enrichment", monthlyCap: "10", currency: "USD" });
    await spend(shop, 4.5);
    await spend(shop, 5); // $9.50 in May for enrichment
    await spend(shop, 7, { at: new Date("2026-04-30T23:59:59Z") }); // April: not this month
    await spend(shop, 3, { context: "translation" }); // another context
    await spend(await shopWithPrice(), 50); // another shop

    const check = await checkBudget({ shop, context: "enrichment", additionalCost: "2.90", now: MAY_20 });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.message).toBe("This run would bring May's spend for batch enrichment to $12.40, over your $10.00 cap.");
    expect(check.exceeded).toMatchObject({ spent: "9.5", projected: "12.4", remaining: "0.5" });
  });

  it("lets work through that stays within the cap (reaching it exactly is allowed)", async () => {
    const shop = await shopWithPrice();
    await setBudget({ shop, context: "enrichment", monthlyCap: 10 });
    await spend(shop, 9.5);
    const check = await checkBudget({ shop, context: "enrichment", additionalCost: "0.5", now: MAY_20 });
    expect(check).toMatchObject({ ok: true, checked: [{ spent: "9.5", projected: "10", remaining: "0.5" }] });
  });

  it("applies the whole-shop cap to every context's spend", async () => {
    const shop = await shopWithPrice();
    await setBudget({ shop, context: null, monthlyCap: "20" });
    await setBudget({ shop, context: "translation", monthlyCap: "100" });
    await spend(shop, 12, { context: "enrichment" });
    await spend(shop, 7.5, { context: "translation" });
    const check = await checkBudget({ shop, context: "translation", additionalCost: 1, now: MAY_20, subject: "This call" });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.message).toBe("This call would bring May's spend for this shop to $20.50, over your $20.00 cap.");
    expect(check.checked.map((c) => [c.budget.context, c.spent])).toEqual([
      ["translation", "7.5"],
      [null, "19.5"],
    ]);
  });

  it("shows enough digits when cents would hide the overrun", async () => {
    const shop = await shopWithPrice();
    await setBudget({ shop, context: "enrichment", monthlyCap: "10" });
    await spend(shop, 10);
    const check = await checkBudget({ shop, context: "enrichment", additionalCost: "0.004", now: MAY_20 });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toContain("to $10.004, over your $10.000 cap");
  });

  it("starts a new month at zero (UTC calendar month)", async () => {
    const shop = await shopWithPrice();
    await setBudget({ shop, context: "enrichment", monthlyCap: "10" });
    await spend(shop, 9.99, { at: new Date("2026-05-31T23:59:59Z") });
    expect((await checkBudget({ shop, context: "enrichment", additionalCost: 5, now: new Date("2026-06-01T00:00:00Z") })).ok).toBe(true);
    expect((await checkBudget({ shop, context: "enrichment", additionalCost: 5, now: new Date("2026-05-31T23:59:59Z") })).ok).toBe(false);
  });

  it("counts only spend in the cap's currency; a shop without caps is never stopped", async () => {
    const shop = await shopWithPrice();
    await setBudget({ shop, context: null, monthlyCap: "1", currency: "EUR" });
    await spend(shop, 5); // USD
    expect(await monthSpend({ shop, currency: "EUR", now: MAY_20 })).toSatisfy((d: { isZero(): boolean }) => d.isZero());
    expect((await checkBudget({ shop, context: "enrichment", additionalCost: 100, currency: "USD", now: MAY_20 })).ok).toBe(true);
    expect((await checkBudget({ shop, context: "translation", additionalCost: "1.01", currency: "EUR", now: MAY_20 })).ok).toBe(false);
    expect((await checkBudget({ shop: await shopWithPrice(), context: "enrichment", additionalCost: 1e6, now: MAY_20 })).ok).toBe(true);
  });
});

describe("setting caps", () => {
  it("keeps one cap per shop/context/currency, lists them shop-wide first, and removes them per shop", async () => {
    const shop = newShop();
    await setBudget({ shop, context: "translation", monthlyCap: "5" });
    await setBudget({ shop, context: null, monthlyCap: "50" });
    const replaced = await setBudget({ shop, context: null, monthlyCap: "$75.50" });
    const budgets = await listBudgets(shop);
    expect(budgets.map((b) => [b.context, b.monthlyCap, b.currency])).toEqual([
      [null, "75.5", "USD"],
      ["translation", "5", "USD"],
    ]);
    expect(await listBudgets(newShop())).toEqual([]);
    expect(await removeBudget(newShop(), replaced.id)).toBe(false);
    expect(await removeBudget(shop, replaced.id)).toBe(true);
    expect(await listBudgets(shop)).toHaveLength(1);
  });

  it("rejects a negative or non-numeric cap with a field error", async () => {
    for (const monthlyCap of ["-1", "ten dollars"]) {
      const err = await setBudget({ shop: newShop(), monthlyCap }).catch((e) => e);
      expect(err).toBeInstanceOf(BudgetInputError);
      expect(err.field).toBe("monthlyCap");
    }
  });
});

describe("formatMoney", () => {
  it("formats by currency", () => {
    expect(formatMoney("12.4", "USD")).toBe("$12.40");
    expect(formatMoney("0.2469", "EUR")).toBe("€0.25");
  });
});

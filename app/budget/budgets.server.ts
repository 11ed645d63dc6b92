// Optional monthly spending caps, for a whole shop (context null) or one work context. Spend
// this month = the sum of the shop's ledger costs in the calendar month (UTC), in the cap's
// currency. checkBudget runs before work that costs money: a call that would cross a cap is
// not made, and the caller gets a message a merchant understands.
import prisma from "../db.server";
import { contextLabel } from "../ledger/contexts";
import { Decimal, toDecimal } from "../pricing/cost";
import { formatMoney } from "./money";

export interface BudgetView {
  id: string;
  /** null = the whole shop. */
  context: string | null;
  monthlyCap: string;
  currency: string;
}

export class BudgetInputError extends Error {
  constructor(readonly field: "monthlyCap" | "currency" | "context", message: string) {
    super(message);
    this.name = "BudgetInputError";
  }
}

const toView = (b: { id: string; context: string | null; monthlyCap: { toString(): string }; currency: string }): BudgetView => ({
  id: b.id,
  context: b.context,
  monthlyCap: toDecimal(b.monthlyCap).toFixed(),
  currency: b.currency,
});

export async function listBudgets(shop: string): Promise<BudgetView[]> {
  const rows = await prisma.budget.findMany({ where: { shop }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toView).sort((a, b) => (a.context === null ? -1 : b.context === null ? 1 : a.context.localeCompare(b.context)));
}

/** Sets (creates or replaces) the cap for the shop or one context, in one currency. */
export async function setBudget(input: {
  shop: string;
  context?: string | null;
  monthlyCap: string | number;
  currency?: string;
}): Promise<BudgetView> {
  const currency = (input.currency ?? "USD").trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new BudgetInputError("currency", "Use a 3-letter currency code such as USD.");
  let cap: Decimal;
  try {
    cap = toDecimal(typeof input.monthlyCap === "string" ? input.monthlyCap.trim().replace(/^[$€£]/, "") : input.monthlyCap);
  } catch {
    throw new BudgetInputError("monthlyCap", "Enter the cap as an amount, e.g. 25 or 25.50.");
  }
  if (!cap.isFinite() || cap.isNegative()) throw new BudgetInputError("monthlyCap", "The cap must be zero or more.");
  const context = input.context?.trim() || null;
  // One cap per (shop, context, currency). context may be null, which a unique index would not
  // constrain on either database, so setting a cap replaces any existing one in one transaction
  // (a batch, not an interactive transaction: short, and no lock held across round trips).
  const [, row] = await prisma.$transaction([
    prisma.budget.deleteMany({ where: { shop: input.shop, context, currency } }),
    prisma.budget.create({ data: { shop: input.shop, context, currency, monthlyCap: cap.toFixed() } }),
  ]);
  return toView(row);
}

export async function removeBudget(shop: string, id: string): Promise<boolean> {
  const { count } = await prisma.budget.deleteMany({ where: { shop, id } });
  return count > 0;
}

/** [start, end) of the calendar month (UTC) containing `now`. */
export function monthRange(now: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { start, end };
}

/** The shop's spend this calendar month (UTC) in one currency; one context, or all (context undefined/null). */
export async function monthSpend(input: { shop: string; context?: string | null; currency: string; now?: Date }): Promise<Decimal> {
  const { start, end } = monthRange(input.now ?? new Date());
  const result = await prisma.usageEvent.aggregate({
    where: {
      shop: input.shop,
      currency: input.currency,
      createdAt: { gte: start, lt: end },
      ...(input.context ? { context: input.context } : {}),
    },
    _sum: { cost: true },
  });
  // SQLite sums REAL columns in floating point; ledger costs have 10 decimal places.
  return toDecimal(result._sum.cost ?? 0).toDecimalPlaces(10, Decimal.ROUND_HALF_UP);
}

export interface BudgetCapCheck {
  budget: BudgetView;
  spent: string;
  projected: string;
  remaining: string;
}

export type BudgetCheck =
  | { ok: true; checked: BudgetCapCheck[] }
  | {
      ok: false;
      /** e.g. "This run would bring May's spend for batch enrichment to $12.40, over your $10.00 cap." */
      message: string;
      exceeded: BudgetCapCheck;
      checked: BudgetCapCheck[];
    };

/**
 * Would spending `additionalCost` more (in `currency`) now cross the shop's cap or the
 * context's cap? Caps in other currencies do not apply. The context's own cap is reported
 * first when both would be crossed.
 */
export async function checkBudget(input: {
  shop: string;
  context: string;
  additionalCost: Decimal | string | number;
  currency?: string;
  now?: Date;
  /** How the message names the work, e.g. "This run" (default) or "This call". */
  subject?: string;
}): Promise<BudgetCheck> {
  const now = input.now ?? new Date();
  const currency = input.currency ?? "USD";
  const additional = toDecimal(input.additionalCost);
  const budgets = await prisma.budget.findMany({
    where: { shop: input.shop, currency, OR: [{ context: null }, { context: input.context }] },
  });
  budgets.sort((a, b) => (a.context === null ? 1 : 0) - (b.context === null ? 1 : 0)); // context caps first

  const checked: BudgetCapCheck[] = [];
  let exceeded: BudgetCapCheck | null = null;
  for (const row of budgets) {
    const budget = toView(row);
    const spent = await monthSpend({ shop: input.shop, context: row.context, currency, now });
    const projected = spent.add(additional);
    const cap = toDecimal(row.monthlyCap);
    const check = { budget, spent: spent.toFixed(), projected: projected.toFixed(), remaining: Decimal.max(cap.sub(spent), 0).toFixed() };
    checked.push(check);
    if (!exceeded && projected.gt(cap)) exceeded = check;
  }
  if (!exceeded) return { ok: true, checked };

  const month = new Intl.DateTimeFormat("en-US", { month: "long", timeZone: "UTC" }).format(now);
  const scope = exceeded.budget.context ? contextLabel(exceeded.budget.context) : "this shop";
  const message =
    `${input.subject ?? "This run"} would bring ${month}'s spend for ${scope} to ` +
    `${formatMoney(exceeded.projected, currency, exceeded.budget.monthlyCap)}, over your ` +
    `${formatMoney(exceeded.budget.monthlyCap, currency, exceeded.projected)} cap.`;
  return { ok: false, message, exceeded, checked };
}

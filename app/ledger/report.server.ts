// Read models for the Usage page: totals and spend by day, by provider/model and by context
// for a date range, always for one shop. Sums are decimal (exact), per currency — DeepL bills
// in EUR, most others in USD — and returned as fixed-point strings, ready for a loader's JSON.
import prisma from "../db.server";
import { Decimal, toDecimal } from "../pricing/cost";

export interface UsageBucket {
  calls: number;
  /** Calls whose outcome was not "ok". */
  failedCalls: number;
  /** Calls recorded without a known price (their cost is not in `cost`). */
  unpricedCalls: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  characters: number;
  /** Currency code → amount, as a fixed-point decimal string (e.g. { USD: "12.4031" }). */
  cost: Record<string, string>;
}

export interface UsageReport {
  shop: string;
  from: Date;
  to: Date;
  timeZone: string;
  totals: UsageBucket;
  /** Every day of the range, oldest first, including days without calls (for the chart). */
  byDay: Array<{ day: string } & UsageBucket>;
  /** Most expensive first (by the sum of their amounts; ties by calls). */
  byProviderModel: Array<{ provider: string; model: string } & UsageBucket>;
  byContext: Array<{ context: string } & UsageBucket>;
}

export interface UsageRange {
  shop: string;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  /** IANA time zone for day boundaries (default UTC); e.g. the shop's ianaTimezone. */
  timeZone?: string;
}

interface Accumulator {
  calls: number;
  failedCalls: number;
  unpricedCalls: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  characters: number;
  cost: Map<string, Decimal>;
}

const emptyAccumulator = (): Accumulator => ({
  calls: 0,
  failedCalls: 0,
  unpricedCalls: 0,
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  characters: 0,
  cost: new Map(),
});

const EVENT_FIELDS = {
  id: true,
  createdAt: true,
  provider: true,
  model: true,
  context: true,
  inputTokens: true,
  cachedInputTokens: true,
  cacheWriteTokens: true,
  outputTokens: true,
  characters: true,
  cost: true,
  currency: true,
  outcome: true,
} as const;

type EventRow = {
  createdAt: Date;
  provider: string;
  model: string;
  context: string;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  characters: number;
  cost: { toString(): string } | null;
  currency: string;
  outcome: string;
};

function add(acc: Accumulator, e: EventRow) {
  acc.calls++;
  if (e.outcome !== "ok") acc.failedCalls++;
  acc.inputTokens += e.inputTokens;
  acc.cachedInputTokens += e.cachedInputTokens;
  acc.cacheWriteTokens += e.cacheWriteTokens;
  acc.outputTokens += e.outputTokens;
  acc.characters += e.characters;
  if (e.cost === null) acc.unpricedCalls++;
  else acc.cost.set(e.currency, (acc.cost.get(e.currency) ?? new Decimal(0)).add(toDecimal(e.cost)));
}

export function formatAmount(amount: Decimal): string {
  // Sums of SQLite REAL columns can carry float noise below 1e-10; costs are kept to 10 places.
  return amount.toDecimalPlaces(10, Decimal.ROUND_HALF_UP).toFixed();
}

function toBucket(acc: Accumulator): UsageBucket {
  const { cost, ...counts } = acc;
  return {
    ...counts,
    cost: Object.fromEntries([...cost.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, v]) => [c, formatAmount(v)])),
  };
}

function totalAmount(acc: Accumulator): Decimal {
  return [...acc.cost.values()].reduce((s, v) => s.add(v), new Decimal(0));
}

/** The shop's ledger rows in [from, to), oldest first, a page at a time (constant memory). */
export async function* usageEventPages<S extends Record<string, boolean>>(
  range: { shop: string; from: Date; to: Date },
  select: S,
  pageSize = 2000,
): AsyncGenerator<Array<Record<keyof S | "id", unknown>>> {
  let cursor: string | undefined;
  for (;;) {
    const rows = (await prisma.usageEvent.findMany({
      where: { shop: range.shop, createdAt: { gte: range.from, lt: range.to } },
      select: { ...select, id: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: pageSize,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    })) as unknown as Array<Record<keyof S | "id", unknown>>;
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    cursor = rows[rows.length - 1].id as string;
  }
}

function dayFormatter(timeZone: string): (d: Date) => string {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return (d) => format.format(d); // en-CA formats as YYYY-MM-DD
}

function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  const [y, m, d] = first.split("-").map(Number);
  for (let t = Date.UTC(y, m - 1, d); days.length < 1000; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (day > last) break;
    days.push(day);
  }
  return days;
}

export async function usageReport(range: UsageRange): Promise<UsageReport> {
  const timeZone = range.timeZone ?? "UTC";
  const dayOf = dayFormatter(timeZone);
  const totals = emptyAccumulator();
  const byDay = new Map<string, Accumulator>();
  const byModel = new Map<string, { provider: string; model: string; acc: Accumulator }>();
  const byContext = new Map<string, Accumulator>();

  for await (const page of usageEventPages(range, EVENT_FIELDS))
    for (const raw of page) {
      const e = raw as unknown as EventRow;
      add(totals, e);
      const day = dayOf(e.createdAt);
      if (!byDay.has(day)) byDay.set(day, emptyAccumulator());
      add(byDay.get(day)!, e);
      const modelKey = `${e.provider}\u0000${e.model}`;
      if (!byModel.has(modelKey)) byModel.set(modelKey, { provider: e.provider, model: e.model, acc: emptyAccumulator() });
      add(byModel.get(modelKey)!.acc, e);
      if (!byContext.has(e.context)) byContext.set(e.context, emptyAccumulator());
      add(byContext.get(e.context)!, e);
    }

  const days = range.to > range.from ? daysBetween(dayOf(range.from), dayOf(new Date(range.to.getTime() - 1))) : [];
  const byCost = (a: Accumulator, b: Accumulator) => totalAmount(b).comparedTo(totalAmount(a)) || b.calls - a.calls;

  return {
    shop: range.shop,
    from: range.from,
    to: range.to,
    timeZone,
    totals: toBucket(totals),
    byDay: days.map((day) => ({ day, ...toBucket(byDay.get(day) ?? emptyAccumulator()) })),
    byProviderModel: [...byModel.values()]
      .sort((a, b) => byCost(a.acc, b.acc))
      .map(({ provider, model, acc }) => ({ provider, model, ...toBucket(acc) })),
    byContext: [...byContext.entries()].sort(([, a], [, b]) => byCost(a, b)).map(([context, acc]) => ({ context, ...toBucket(acc) })),
  };
}

/** Spend and calls of one job so far (for "cost so far vs estimate"). */
export async function jobUsage(shop: string, jobId: string): Promise<UsageBucket> {
  const acc = emptyAccumulator();
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.usageEvent.findMany({
      where: { shop, jobId },
      select: EVENT_FIELDS,
      orderBy: { id: "asc" },
      take: 2000,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    for (const row of rows) add(acc, row);
    if (rows.length < 2000) break;
    cursor = rows[rows.length - 1].id;
  }
  return toBucket(acc);
}

// The Usage page's date filter: a preset (last 7 or 30 days, this or last month, today) or a
// custom range of whole UTC days, carried in the URL (?range=…&from=YYYY-MM-DD&to=YYYY-MM-DD)
// so that a filtered page can be bookmarked and the CSV export covers the same days.
import { z } from "zod";

export const RANGE_PRESETS = [
  { value: "today", label: "Today" },
  { value: "last7", label: "Last 7 days" },
  { value: "last30", label: "Last 30 days" },
  { value: "thisMonth", label: "This month" },
  { value: "lastMonth", label: "Last month" },
  { value: "custom", label: "Custom range" },
] as const;

export type RangePreset = (typeof RANGE_PRESETS)[number]["value"];

export interface UsageDateRange {
  preset: RangePreset;
  /** First day, inclusive (YYYY-MM-DD, UTC). */
  fromDay: string;
  /** Last day, inclusive (YYYY-MM-DD, UTC). */
  toDay: string;
  /** [from, to) as instants, for the ledger. */
  from: Date;
  to: Date;
}

const DAY_MS = 86_400_000;
export const MAX_RANGE_DAYS = 366;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-30.")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "Not a date.");

export const rangeSearchSchema = z
  .object({
    range: z.enum(RANGE_PRESETS.map((p) => p.value) as [RangePreset, ...RangePreset[]]).default("last30"),
    from: day.optional(),
    to: day.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.range !== "custom") return;
    if (!v.from || !v.to) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "Choose the first and last day." });
      return;
    }
    if (v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "The last day comes before the first." });
    else if (daysInclusive(v.from, v.to) > MAX_RANGE_DAYS) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `Choose at most ${MAX_RANGE_DAYS} days.` });
    }
  });

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const startOfDay = (d: string) => new Date(`${d}T00:00:00Z`);
const addDays = (d: string, n: number) => isoDay(new Date(startOfDay(d).getTime() + n * DAY_MS));

function daysInclusive(from: string, to: string): number {
  return Math.round((startOfDay(to).getTime() - startOfDay(from).getTime()) / DAY_MS) + 1;
}

/** The preset's days as of `now` (UTC). */
export function presetDays(preset: Exclude<RangePreset, "custom">, now: Date): { fromDay: string; toDay: string } {
  const today = isoDay(now);
  const firstOfMonth = `${today.slice(0, 8)}01`;
  switch (preset) {
    case "today":
      return { fromDay: today, toDay: today };
    case "last7":
      return { fromDay: addDays(today, -6), toDay: today };
    case "last30":
      return { fromDay: addDays(today, -29), toDay: today };
    case "thisMonth":
      return { fromDay: firstOfMonth, toDay: today };
    case "lastMonth": {
      const lastDay = addDays(firstOfMonth, -1);
      return { fromDay: `${lastDay.slice(0, 8)}01`, toDay: lastDay };
    }
  }
}

function toRange(preset: RangePreset, fromDay: string, toDay: string): UsageDateRange {
  return { preset, fromDay, toDay, from: startOfDay(fromDay), to: startOfDay(addDays(toDay, 1)) };
}

/**
 * The range a URL asks for. An invalid custom range falls back to the default, with the reason
 * (the page says why instead of failing).
 */
export function rangeFromSearch(params: URLSearchParams, now = new Date()): { range: UsageDateRange; error?: string } {
  const parsed = rangeSearchSchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    const fallback = presetDays("last30", now);
    return { range: toRange("last30", fallback.fromDay, fallback.toDay), error: parsed.error.issues[0]?.message };
  }
  const { range, from, to } = parsed.data;
  if (range === "custom") return { range: toRange("custom", from!, to!) };
  const days = presetDays(range, now);
  return { range: toRange(range, days.fromDay, days.toDay) };
}

/** Search parameters that select a range (for links: the CSV export, the filter). */
export function rangeSearch(range: Pick<UsageDateRange, "preset" | "fromDay" | "toDay">): URLSearchParams {
  return range.preset === "custom"
    ? new URLSearchParams({ range: "custom", from: range.fromDay, to: range.toDay })
    : new URLSearchParams({ range: range.preset });
}

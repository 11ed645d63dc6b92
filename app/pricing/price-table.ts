// The model price table (prices.json) and how a provider's model id finds its row.
// Prices are data: one row per model with its source and date. Amounts are read as decimals
// (never added up as floats; see cost.ts).
import { z } from "zod";
import table from "./prices.json";

const amount = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/)]);

/** Prices per 1,000,000 units, in `currency`. Absent = not billed separately (see cost.ts). */
export const pricesSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, "a 3-letter currency code such as USD"),
  input: amount.optional(),
  cachedInput: amount.optional(),
  cacheWrite5m: amount.optional(),
  cacheWrite1h: amount.optional(),
  output: amount.optional(),
  batchInput: amount.optional(),
  batchOutput: amount.optional(),
  characters: amount.optional(),
});

export type Prices = z.infer<typeof pricesSchema>;
export type PriceAmount = z.infer<typeof amount>;

export const priceRowSchema = pricesSchema.extend({
  provider: z.string().min(1),
  model: z.string().min(1),
  aliases: z.array(z.string()).optional(),
  source: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/),
  note: z.string().optional(),
});

export type PriceRow = z.infer<typeof priceRowSchema>;

export const PRICE_TABLE: ReadonlyArray<PriceRow> = Object.freeze(z.array(priceRowSchema).parse(table.rows));

/** Providers billed like another one (Azure OpenAI's global list prices are OpenAI's). */
const PRICED_AS: Record<string, string> = { "azure-openai": "openai" };

/**
 * Forms of a model id to look up, most specific first: as given, without a "models/" prefix
 * (Gemini lists them so), without a date snapshot suffix (gpt-4o-mini-2024-07-18,
 * claude-haiku-4-5-20251001), without ":latest" (Ollama tags).
 */
export function modelIdCandidates(model: string): string[] {
  const out: string[] = [];
  const add = (m: string) => {
    const v = m.trim().toLowerCase();
    if (v && !out.includes(v)) out.push(v);
  };
  const base = model.trim().replace(/^models\//i, "");
  add(model);
  add(base);
  add(base.replace(/-\d{4}-\d{2}-\d{2}$/, ""));
  add(base.replace(/-\d{8}$/, ""));
  add(base.replace(/:latest$/i, ""));
  return out;
}

function rowMatches(row: PriceRow, candidate: string): boolean {
  return row.model.toLowerCase() === candidate || (row.aliases ?? []).some((a) => a.toLowerCase() === candidate);
}

/** The table's row for a provider's model: exact (or normalised) model first, then the provider's "*" row. */
export function findTablePrice(provider: string, model: string): PriceRow | null {
  const providers = [provider, PRICED_AS[provider]].filter((p): p is string => Boolean(p));
  for (const p of providers) {
    const rows = PRICE_TABLE.filter((r) => r.provider === p);
    for (const candidate of modelIdCandidates(model)) {
      const row = rows.find((r) => rowMatches(r, candidate));
      if (row) return row;
    }
    const wildcard = rows.find((r) => r.model === "*");
    if (wildcard) return wildcard;
  }
  return null;
}

// CSV export of a shop's ledger for a date range: one line per provider call, with the price
// each cost was computed with, so a merchant can check it against the provider's dashboard.
import { listProviderKeys } from "../vault/provider-keys.server";
import { csvLine } from "./csv";
import { usageEventPages, type UsageRange } from "./report.server";
import { toDecimal } from "../pricing/cost";

export const USAGE_CSV_COLUMNS = [
  "time_utc",
  "provider",
  "model",
  "context",
  "provider_key",
  "job_id",
  "item_id",
  "input_tokens",
  "cached_input_tokens",
  "cache_write_tokens",
  "output_tokens",
  "characters",
  "batch",
  "cost",
  "currency",
  "price_source",
  "latency_ms",
  "outcome",
  "error_message",
] as const;

const FIELDS = {
  createdAt: true,
  provider: true,
  model: true,
  context: true,
  providerKeyId: true,
  jobId: true,
  itemId: true,
  inputTokens: true,
  cachedInputTokens: true,
  cacheWriteTokens: true,
  outputTokens: true,
  characters: true,
  batch: true,
  cost: true,
  currency: true,
  priceSource: true,
  latencyMs: true,
  outcome: true,
  errorMessage: true,
} as const;

/** The CSV, line by line (header first), for streaming from a resource route. */
export async function* usageCsvLines(range: Pick<UsageRange, "shop" | "from" | "to">): AsyncGenerator<string> {
  const labels = new Map((await listProviderKeys(range.shop)).map((k) => [k.id, k.label]));
  yield csvLine([...USAGE_CSV_COLUMNS]);
  for await (const page of usageEventPages(range, FIELDS)) {
    yield page
      .map((r) =>
        csvLine([
          (r.createdAt as Date).toISOString(),
          r.provider as string,
          r.model as string,
          r.context as string,
          r.providerKeyId ? labels.get(r.providerKeyId as string) ?? "(deleted key)" : "",
          r.jobId as string | null,
          r.itemId as string | null,
          r.inputTokens as number,
          r.cachedInputTokens as number,
          r.cacheWriteTokens as number,
          r.outputTokens as number,
          r.characters as number,
          r.batch as boolean,
          r.cost === null ? "" : toDecimal(r.cost as { toString(): string }).toFixed(),
          r.currency as string,
          r.priceSource as string,
          r.latencyMs as number,
          r.outcome as string,
          r.errorMessage as string | null,
        ]),
      )
      .join("");
  }
}

/** The whole CSV as one string. */
export async function usageCsv(range: Pick<UsageRange, "shop" | "from" | "to">): Promise<string> {
  let out = "";
  for await (const chunk of usageCsvLines(range)) out += chunk;
  return out;
}

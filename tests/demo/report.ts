// The report `npm run demo -- --once --report FILE.json` writes: the issue-2 contract, kept
// stable so runs can be compared as the pipeline grows.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface ShopifyCallCounts {
  bulkQueries: number;
  bulkMutations: number;
  directQueries: number;
  directMutations: number;
  /** Requests the simulator answered THROTTLED (or 429). */
  throttled: number;
}

export interface UsageTotals {
  /** Billed input tokens, cached ones included. */
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** DeepL billed characters. */
  characters: number;
}

export interface ReportError {
  /** The product the error belongs to, when it belongs to one. */
  productId?: string;
  message: string;
}

export interface DemoReport {
  products: number;
  enriched: number;
  failed: number;
  skipped: number;
  shopifyCalls: ShopifyCallCounts;
  usage: UsageTotals;
  cost: { estimated: number; actual: number; currency: string };
  durationMs: number;
  errors: ReportError[];
  /** What the run did not do, and why. */
  notes: string[];
}

export const noUsage = (): UsageTotals => ({ inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, characters: 0 });

export function writeJsonFile(file: string, value: unknown): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

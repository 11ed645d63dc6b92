// Cost of one call = normalised usage × the model's prices, in decimal arithmetic.
// Rules (per 1,000,000 units):
// - input tokens not from the cache × input (batch: batchInput when the row has one);
// - cache reads × cachedInput (no such price: billed as input);
// - cache writes × cacheWrite5m or cacheWrite1h by TTL (no such price: billed as input);
// - output tokens × output (batch: batchOutput when the row has one);
// - characters × characters (DeepL).
// In batch mode cache prices get the same discount as input (batchInput / input), as both
// OpenAI and Anthropic apply it. Amounts are rounded to 10 decimal places at the end.
import { Prisma } from "@prisma/client";
import type { NormalizedUsage } from "../providers/usage";
import type { PriceAmount, Prices } from "./price-table";

export const Decimal = Prisma.Decimal;
export type Decimal = Prisma.Decimal;

export const COST_DECIMAL_PLACES = 10;
const MILLION = new Decimal(1_000_000);

export type CacheWriteTtl = "5m" | "1h";

export interface CostLine {
  kind: "input" | "cacheRead" | "cacheWrite" | "output" | "characters";
  quantity: number;
  /** Price per 1,000,000 units actually applied. */
  pricePerMillion: Decimal;
  amount: Decimal;
}

export interface CostBreakdown {
  amount: Decimal;
  currency: string;
  lines: CostLine[];
}

/** The usage has something the price cannot bill (e.g. characters on a token-priced model). */
export class MissingPriceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingPriceError";
  }
}

/** Any decimal-ish value (number, string, a Decimal of either Prisma client) as a Decimal. */
export function toDecimal(value: PriceAmount | Decimal | { toString(): string } | null | undefined): Decimal {
  if (value === null || value === undefined) return new Decimal(0);
  return new Decimal(typeof value === "number" ? String(value) : value.toString());
}

function rate(value: PriceAmount | undefined): Decimal | null {
  return value === undefined ? null : toDecimal(value);
}

/**
 * Exact cost of one call. `price` is a price row, a shop override's prices, or the answer of
 * priceFor (when it is ok). Throws MissingPriceError when the usage has a quantity the price
 * cannot bill (never bills it as 0).
 */
export function costOf(
  usage: NormalizedUsage,
  price: Prices | { prices: Prices },
  options: { batch?: boolean; cacheWriteTtl?: CacheWriteTtl; label?: string } = {},
): CostBreakdown {
  const prices: Prices = "prices" in price ? price.prices : price;
  const label = options.label ?? "this model";
  const listInput = rate(prices.input);
  const listOutput = rate(prices.output);
  const batchInput = options.batch ? rate(prices.batchInput) : null;
  const batchOutput = options.batch ? rate(prices.batchOutput) : null;
  const input = batchInput ?? listInput;
  const output = batchOutput ?? listOutput;
  // Batch discount carried over to cache prices.
  const cacheFactor = batchInput && listInput && !listInput.isZero() ? batchInput.div(listInput) : new Decimal(1);

  const lines: CostLine[] = [];
  const bill = (kind: CostLine["kind"], quantity: number, perMillion: Decimal | null, what: string) => {
    if (!quantity) return;
    if (!Number.isFinite(quantity) || quantity < 0) throw new RangeError(`Usage ${kind} must be a non-negative number.`);
    if (!perMillion)
      throw new MissingPriceError(
        `The price for ${label} has no ${what} price, but the call used ${quantity} ${
          what === "per-character" ? "characters" : `${what} tokens`
        }.`,
      );
    lines.push({ kind, quantity, pricePerMillion: perMillion, amount: perMillion.mul(quantity).div(MILLION) });
  };

  const ttl = options.cacheWriteTtl ?? "5m";
  const cachedInput = rate(prices.cachedInput);
  const cacheWrite = rate(ttl === "1h" ? prices.cacheWrite1h : prices.cacheWrite5m);

  bill("input", usage.inputTokens.noCache, input, "input");
  bill("cacheRead", usage.inputTokens.cacheRead, cachedInput ? cachedInput.mul(cacheFactor) : input, "input");
  bill("cacheWrite", usage.inputTokens.cacheWrite, cacheWrite ? cacheWrite.mul(cacheFactor) : input, "input");
  bill("output", usage.outputTokens, output, "output");
  bill("characters", usage.characters, rate(prices.characters), "per-character");

  const amount = lines
    .reduce((sum, line) => sum.add(line.amount), new Decimal(0))
    .toDecimalPlaces(COST_DECIMAL_PLACES, Decimal.ROUND_HALF_UP);
  return { amount, currency: prices.currency, lines };
}

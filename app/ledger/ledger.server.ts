// The usage ledger: one UsageEvent row per provider call, written once, with its cost computed
// from the normalised usage and the price the shop pays (priceFor), and the label of that
// price stored beside it. A call without a known price is still recorded (tokens and all)
// with cost null and priceSource saying why, so it can never pass for free.
import prisma from "../db.server";
import { costOf, MissingPriceError, type CacheWriteTtl, type Decimal } from "../pricing/cost";
import { priceFor, type KnownPrice } from "../pricing/prices.server";
import type { NormalizedUsage } from "../providers/usage";
import { sanitizeErrorMessage } from "../vault/redact";

export interface UsageEventInput {
  shop: string;
  provider: string;
  /** The model that answered (the provider's reported id is best; dated snapshots are priced like their base model). */
  model: string;
  /** A work context id (see contexts.ts). */
  context: string;
  providerKeyId?: string | null;
  jobId?: string | null;
  itemId?: string | null;
  usage: NormalizedUsage;
  /** Sent through the provider's batch API (batch prices apply). */
  batch?: boolean;
  /** TTL of Anthropic cache writes in this call (default 5m). */
  cacheWriteTtl?: CacheWriteTtl;
  latencyMs: number;
  /** "ok", or the failure kind (e.g. "auth", "rate_limit", "timeout", "invalid_output"). */
  outcome: string;
  /** Sanitized again here: credentials are removed and the length bounded. */
  errorMessage?: string | null;
  /** The price to use, when the caller already looked it up for this provider/model. */
  price?: KnownPrice;
  /** When the call happened (default now). */
  at?: Date;
}

export interface RecordedUsageEvent {
  id: string;
  createdAt: Date;
  /** null when no price was known (see priceSource). */
  cost: Decimal | null;
  currency: string;
  priceSource: string;
}

const OUTCOME = /^[a-z][a-z0-9_]{0,39}$/;

function count(n: number | undefined): number {
  return Number.isFinite(n) && (n as number) > 0 ? Math.round(n as number) : 0;
}

export async function recordUsageEvent(input: UsageEventInput): Promise<RecordedUsageEvent> {
  if (!input.shop) throw new Error("recordUsageEvent: shop is required");
  const outcome = OUTCOME.test(input.outcome) ? input.outcome : "error";
  const lookup = input.price ?? (await priceFor(input.shop, input.provider, input.model));

  let cost: Decimal | null = null;
  let currency = "";
  let priceSource: string;
  if (!lookup.ok) {
    priceSource = `unpriced: ${lookup.message}`;
  } else {
    try {
      const breakdown = costOf(input.usage, lookup.prices, {
        batch: input.batch,
        cacheWriteTtl: input.cacheWriteTtl,
        label: `${input.provider}/${input.model}`,
      });
      cost = breakdown.amount;
      currency = breakdown.currency;
      priceSource = lookup.priceSource;
    } catch (err) {
      if (!(err instanceof MissingPriceError)) throw err;
      priceSource = `unpriced: ${err.message}`;
    }
  }

  const usage = input.usage;
  const row = await prisma.usageEvent.create({
    data: {
      shop: input.shop,
      createdAt: input.at ?? new Date(),
      provider: input.provider,
      model: input.model,
      context: input.context,
      providerKeyId: input.providerKeyId ?? null,
      jobId: input.jobId ?? null,
      itemId: input.itemId ?? null,
      inputTokens: count(usage.inputTokens.total),
      cachedInputTokens: count(usage.inputTokens.cacheRead),
      cacheWriteTokens: count(usage.inputTokens.cacheWrite),
      outputTokens: count(usage.outputTokens),
      characters: count(usage.characters),
      batch: Boolean(input.batch),
      cost: cost === null ? null : cost.toFixed(),
      currency,
      priceSource: priceSource.slice(0, 500),
      latencyMs: count(input.latencyMs),
      outcome,
      errorMessage: input.errorMessage ? sanitizeErrorMessage(input.errorMessage) : null,
    },
    select: { id: true, createdAt: true },
  });
  return { id: row.id, createdAt: row.createdAt, cost, currency, priceSource };
}

// Which price a shop pays for a model: the shop's own override (negotiated prices, custom
// endpoints) first, then the price table. Every answer says where the price came from, and
// that label is stored with each ledger row (UsageEvent.priceSource).
import { z } from "zod";
import prisma from "../db.server";
import { findTablePrice, modelIdCandidates, pricesSchema, type PriceRow, type Prices } from "./price-table";

export interface KnownPrice {
  ok: true;
  provider: string;
  /** The model as asked for. */
  model: string;
  prices: Prices;
  source: "override" | "table";
  /** Stored with each ledger row, shown on the Usage page, e.g. "table 2026-11-26: openai/gpt-4o-mini". */
  priceSource: string;
  /** The table row (source, date, note) when source = "table". */
  row?: PriceRow;
  /** The override's note when source = "override". */
  note?: string;
}

export interface UnknownPrice {
  ok: false;
  reason: "unknown-model";
  provider: string;
  model: string;
  message: string;
}

export type PriceLookup = KnownPrice | UnknownPrice;

export function unknownPriceMessage(provider: string, model: string): string {
  return `No price known for ${provider} model “${model}”; add one under Usage → Prices so its cost can be counted.`;
}

/** The price the shop pays for provider/model, or a clear "no price known" answer (never a silent 0). */
export async function priceFor(shop: string, provider: string, model: string): Promise<PriceLookup> {
  const candidates = modelIdCandidates(model);
  const overrides = await prisma.priceOverride.findMany({ where: { shop, provider } });
  const byModel = (m: string) => overrides.find((o) => o.model.toLowerCase() === m);
  const override = candidates.map(byModel).find(Boolean) ?? byModel("*");
  if (override) {
    const prices = pricesSchema.safeParse(override.prices);
    if (prices.success) {
      return {
        ok: true,
        provider,
        model,
        prices: prices.data,
        source: "override",
        priceSource: `override ${override.updatedAt.toISOString()}: ${provider}/${override.model}`,
        note: override.note,
      };
    }
  }
  const row = findTablePrice(provider, model);
  if (row) {
    const { provider: _p, model: _m, aliases: _a, source: _s, date: _d, note: _n, ...prices } = row;
    return { ok: true, provider, model, prices, source: "table", priceSource: `table ${row.date}: ${row.provider}/${row.model}`, row };
  }
  return { ok: false, reason: "unknown-model", provider, model, message: unknownPriceMessage(provider, model) };
}

// ---------------------------------------------------------------------------------------------
// Per-shop overrides

export interface PriceOverrideView {
  id: string;
  provider: string;
  model: string;
  prices: Prices;
  note: string;
  updatedAt: Date;
}

export class PriceOverrideInputError extends Error {
  constructor(readonly field: "provider" | "model" | "prices" | "note", message: string) {
    super(message);
    this.name = "PriceOverrideInputError";
  }
}

const overrideInput = z.object({
  provider: z.string().trim().min(1).max(64),
  model: z.string().trim().min(1).max(200),
  note: z.string().trim().max(500).default(""),
});

function validPrices(prices: unknown): Prices {
  const parsed = pricesSchema.safeParse(prices);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PriceOverrideInputError("prices", `Price ${issue.path.join(".") || ""} is invalid: ${issue.message}`.replace("  ", " "));
  }
  const p = parsed.data;
  if (p.input === undefined && p.output === undefined && p.characters === undefined) {
    throw new PriceOverrideInputError("prices", "Give at least an input and output price per 1M tokens, or a price per 1M characters.");
  }
  return p;
}

/** Creates or replaces the shop's price for provider/model ("*" = every model of the provider). */
export async function setPriceOverride(input: {
  shop: string;
  provider: string;
  model: string;
  prices: unknown;
  note?: string;
}): Promise<PriceOverrideView> {
  const parsed = overrideInput.safeParse(input);
  if (!parsed.success) {
    const field = (parsed.error.issues[0].path[0] as "provider" | "model" | "note") ?? "model";
    throw new PriceOverrideInputError(field, `Check the ${field}.`);
  }
  const { provider, model, note } = parsed.data;
  const prices = validPrices(input.prices);
  const row = await prisma.priceOverride.upsert({
    where: { shop_provider_model: { shop: input.shop, provider, model } },
    create: { shop: input.shop, provider, model, prices, note },
    update: { prices, note },
  });
  return { id: row.id, provider, model, prices, note: row.note, updatedAt: row.updatedAt };
}

export async function listPriceOverrides(shop: string): Promise<PriceOverrideView[]> {
  const rows = await prisma.priceOverride.findMany({ where: { shop }, orderBy: [{ provider: "asc" }, { model: "asc" }] });
  return rows.map((r) => ({
    id: r.id,
    provider: r.provider,
    model: r.model,
    prices: pricesSchema.parse(r.prices),
    note: r.note,
    updatedAt: r.updatedAt,
  }));
}

/** Removes one of the shop's overrides; false when the shop has no such override. */
export async function deletePriceOverride(shop: string, id: string): Promise<boolean> {
  const { count } = await prisma.priceOverride.deleteMany({ where: { shop, id } });
  return count > 0;
}

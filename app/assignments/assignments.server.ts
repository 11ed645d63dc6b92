// Which provider key + model does each kind of work for a shop, with an optional fallback, and
// which product fields that provider may see. Stored per (shop, context) in Assignment; when a
// context has no assignment, a sensible default is resolved from the shop's keys (the one key
// that fits, with its family's default model for that context).
import prisma from "../db.server";
import { DataScopeSchema, type ProductField } from "../enrichment/scope";
import { getProviderDefinition } from "../providers/registry";
import { listProviderKeys, type ProviderKeySummary } from "../vault/provider-keys.server";
import {
  DEFAULT_DATA_SCOPES,
  defaultModelFor,
  noProviderMessage,
  parseWorkContext,
  preferenceRank,
  providerFits,
  WORK_CONTEXTS,
  type WorkContext,
} from "./context-rules";

export interface AssignedModel {
  providerKeyId: string;
  /** Provider id from the registry (e.g. "openai"). */
  provider: string;
  model: string;
  /** The key's label, for messages. */
  label: string;
}

export interface ResolvedAssignment {
  context: WorkContext;
  primary: AssignedModel;
  fallback: AssignedModel | null;
  dataScope: ProductField[];
  /** "assigned": the merchant chose the primary; "default": picked from the shop's keys. */
  source: "assigned" | "default";
}

export type AssignmentErrorCode = "unknown_context" | "no_provider" | "unsuitable_provider" | "no_model" | "invalid_scope" | "same_as_primary";

/** The merchant-facing reason an assignment cannot be made or resolved (with the form field it concerns). */
export class AssignmentError extends Error {
  constructor(
    readonly code: AssignmentErrorCode,
    message: string,
    readonly field?: "context" | "providerKeyId" | "model" | "fallbackProviderKeyId" | "fallbackModel" | "dataScope",
  ) {
    super(message);
    this.name = "AssignmentError";
  }
}

function contextOf(value: string): WorkContext {
  const context = parseWorkContext(value);
  if (!context) throw new AssignmentError("unknown_context", `Unknown kind of work “${value}”.`, "context");
  return context;
}

function displayName(provider: string): string {
  return getProviderDefinition(provider)?.displayName ?? provider;
}

function unsuitableMessage(context: WorkContext, key: ProviderKeySummary): string {
  return `${displayName(key.provider)} (“${key.label}”) cannot do this work. ${noProviderMessage(context)}`;
}

/** The stored scope, or the context's default when none was stored (an empty list is "not set"). */
function scopeFrom(context: WorkContext, stored: unknown): ProductField[] {
  const parsed = DataScopeSchema.safeParse(stored);
  if (parsed.success && parsed.data.length > 0) return parsed.data;
  return [...DEFAULT_DATA_SCOPES[context]];
}

function modelOn(context: WorkContext, key: ProviderKeySummary, model: string | null | undefined): string {
  const chosen = model?.trim() || defaultModelFor(context, key.provider, key.settings);
  if (!chosen) {
    throw new AssignmentError(
      "no_model",
      `Choose a model for ${displayName(key.provider)} (“${key.label}”): it has no default model for this work.`,
      "model",
    );
  }
  return chosen;
}

const assigned = (key: ProviderKeySummary, model: string): AssignedModel => ({
  providerKeyId: key.id,
  provider: key.provider,
  model,
  label: key.label,
});

/** The keys that fit a context, preferred first (DeepL for translation, local servers for confidential, else oldest). */
function fittingKeys(context: WorkContext, keys: ProviderKeySummary[]): ProviderKeySummary[] {
  return keys
    .filter((k) => providerFits(context, k.provider))
    .map((k, index) => ({ k, index, rank: preferenceRank(context, k.provider) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ k }) => k);
}

/**
 * The provider key + model (and fallback) that does `context` work for `shop`. Throws
 * AssignmentError with a message for the merchant when no key can do it.
 */
export async function resolveAssignment(shop: string, contextId: string): Promise<ResolvedAssignment> {
  const context = contextOf(contextId);
  const [row, keys] = await Promise.all([
    prisma.assignment.findUnique({ where: { shop_context: { shop, context } } }),
    listProviderKeys(shop),
  ]);
  const byId = new Map(keys.map((k) => [k.id, k]));
  const dataScope = scopeFrom(context, row?.dataScope);

  const chosenKey = row?.providerKeyId ? byId.get(row.providerKeyId) : undefined;
  let primary: AssignedModel;
  let source: ResolvedAssignment["source"];
  if (chosenKey) {
    if (!providerFits(context, chosenKey.provider)) throw new AssignmentError("unsuitable_provider", unsuitableMessage(context, chosenKey), "providerKeyId");
    primary = assigned(chosenKey, modelOn(context, chosenKey, row?.model));
    source = "assigned";
  } else {
    const candidate = fittingKeys(context, keys).find((k) => defaultModelFor(context, k.provider, k.settings));
    if (!candidate) {
      const fitsWithoutModel = fittingKeys(context, keys)[0];
      if (fitsWithoutModel) modelOn(context, fitsWithoutModel, null); // throws "choose a model"
      throw new AssignmentError("no_provider", noProviderMessage(context), "providerKeyId");
    }
    primary = assigned(candidate, modelOn(context, candidate, null));
    source = "default";
  }

  let fallback: AssignedModel | null = null;
  const fallbackKey = row?.fallbackProviderKeyId ? byId.get(row.fallbackProviderKeyId) : undefined;
  if (fallbackKey && providerFits(context, fallbackKey.provider)) {
    const model = row?.fallbackModel?.trim() || defaultModelFor(context, fallbackKey.provider, fallbackKey.settings);
    if (model && !(fallbackKey.id === primary.providerKeyId && model === primary.model)) fallback = assigned(fallbackKey, model);
  }
  return { context, primary, fallback, dataScope, source };
}

export interface AssignmentInput {
  shop: string;
  context: string;
  providerKeyId: string;
  /** Omitted or blank: the provider's default model for this context. */
  model?: string | null;
  fallbackProviderKeyId?: string | null;
  fallbackModel?: string | null;
  /** Omitted: the context's default scope. */
  dataScope?: readonly string[] | null;
}

/** Creates or replaces the shop's assignment for a context, after checking every part of it. */
export async function setAssignment(input: AssignmentInput): Promise<ResolvedAssignment> {
  const context = contextOf(input.context);
  const keys = await listProviderKeys(input.shop);
  const byId = new Map(keys.map((k) => [k.id, k]));
  const key = byId.get(String(input.providerKeyId ?? ""));
  if (!key) throw new AssignmentError("no_provider", "Choose one of your provider keys.", "providerKeyId");
  if (!providerFits(context, key.provider)) throw new AssignmentError("unsuitable_provider", unsuitableMessage(context, key), "providerKeyId");
  const model = modelOn(context, key, input.model);

  let fallbackKeyId: string | null = null;
  let fallbackModel: string | null = null;
  if (input.fallbackProviderKeyId) {
    const fallback = byId.get(String(input.fallbackProviderKeyId));
    if (!fallback) throw new AssignmentError("no_provider", "Choose one of your provider keys as the fallback.", "fallbackProviderKeyId");
    if (!providerFits(context, fallback.provider)) {
      throw new AssignmentError("unsuitable_provider", unsuitableMessage(context, fallback), "fallbackProviderKeyId");
    }
    fallbackModel = input.fallbackModel?.trim() || defaultModelFor(context, fallback.provider, fallback.settings);
    if (!fallbackModel) {
      throw new AssignmentError("no_model", `Choose a model for the fallback (${displayName(fallback.provider)}).`, "fallbackModel");
    }
    if (fallback.id === key.id && fallbackModel === model) {
      throw new AssignmentError("same_as_primary", "The fallback must be another key or another model than the primary.", "fallbackProviderKeyId");
    }
    fallbackKeyId = fallback.id;
  }

  let dataScope: ProductField[] = [...DEFAULT_DATA_SCOPES[context]];
  if (input.dataScope) {
    const parsed = DataScopeSchema.safeParse(input.dataScope);
    if (!parsed.success || parsed.data.length === 0) {
      throw new AssignmentError("invalid_scope", "Choose at least one product field this provider may see.", "dataScope");
    }
    dataScope = parsed.data;
  }

  const data = { providerKeyId: key.id, model, fallbackProviderKeyId: fallbackKeyId, fallbackModel, dataScope };
  await prisma.assignment.upsert({
    where: { shop_context: { shop: input.shop, context } },
    create: { shop: input.shop, context, ...data },
    update: data,
  });
  return resolveAssignment(input.shop, context);
}

export interface AssignmentView {
  context: WorkContext;
  label: string;
  /** null when no key can do this work (error says why). */
  resolved: ResolvedAssignment | null;
  error: string | null;
}

/** Every context with what it resolves to now (for the Assignments page). */
export async function listAssignments(shop: string): Promise<AssignmentView[]> {
  const views: AssignmentView[] = [];
  for (const { id, label } of WORK_CONTEXTS) {
    try {
      views.push({ context: id, label, resolved: await resolveAssignment(shop, id), error: null });
    } catch (error) {
      if (!(error instanceof AssignmentError)) throw error;
      views.push({ context: id, label, resolved: null, error: error.message });
    }
  }
  return views;
}

/** Removes the shop's choice for a context (it falls back to the default). */
export async function clearAssignment(shop: string, contextId: string): Promise<void> {
  await prisma.assignment.deleteMany({ where: { shop, context: contextOf(contextId) } });
}

// What each work context needs from a provider, which model it uses by default, and which
// product fields it may send by default (its data scope). Pure data + small predicates, so the
// Assignments page, the resolver and the tests read the same rules.
import { WORK_CONTEXTS, type WorkContext } from "../ledger/contexts";
import { getProviderDefinition, type ProviderDefinition } from "../providers/registry";
import { PRODUCT_FIELDS, type ProductField } from "../enrichment/scope";

export { WORK_CONTEXTS, type WorkContext };

/** Earlier names of contexts, accepted on input. */
const CONTEXT_ALIASES: Record<string, WorkContext> = { batch_enrichment: "enrichment", batch: "enrichment", tagging: "vision" };

export function parseWorkContext(value: string): WorkContext | null {
  const id = CONTEXT_ALIASES[value] ?? value;
  return WORK_CONTEXTS.some((c) => c.id === id) ? (id as WorkContext) : null;
}

/** Self-hosted providers: the merchant's own machine or network. */
const SELF_HOSTED: ReadonlySet<string> = new Set(["ollama", "lmstudio", "custom-openai"]);

export function isTextProvider(definition: ProviderDefinition): boolean {
  return definition.family !== "deepl";
}

export function isVisionProvider(definition: ProviderDefinition): boolean {
  return isTextProvider(definition) && definition.capabilities.vision && definition.imageInput !== "none";
}

/** Can a key of this provider do this context's work at all? */
export function providerFits(context: WorkContext, providerId: string): boolean {
  const definition = getProviderDefinition(providerId);
  if (!definition) return false;
  switch (context) {
    case "translation":
      return definition.capabilities.translation || isTextProvider(definition);
    case "vision":
      return isVisionProvider(definition);
    case "confidential":
      return isTextProvider(definition) && SELF_HOSTED.has(definition.id);
    default:
      return isTextProvider(definition);
  }
}

/** Why no key fits, in the merchant's words (shown when a job cannot start). */
export function noProviderMessage(context: WorkContext): string {
  switch (context) {
    case "translation":
      return "Translation needs a DeepL key or a text model (OpenAI, Anthropic, Mistral, Gemini…): add one under Providers.";
    case "vision":
      return "Image alt text and tagging need a vision-capable model (e.g. OpenAI gpt-4o-mini, Claude, Gemini, or llava on Ollama): add one under Providers.";
    case "confidential":
      return "Confidential work runs only on a self-hosted model (Ollama, LM Studio or your own OpenAI-compatible server): add one under Providers.";
    default:
      return "Add a provider key with a text model (OpenAI, Anthropic, Mistral, Gemini, Ollama…) under Providers, then assign it.";
  }
}

/** Among several fitting keys, which provider is picked by default (lower first; others after, oldest key first). */
const PREFERENCE: Partial<Record<WorkContext, string[]>> = {
  translation: ["deepl"],
  confidential: ["ollama", "lmstudio"],
};

export function preferenceRank(context: WorkContext, providerId: string): number {
  const order = PREFERENCE[context] ?? [];
  const index = order.indexOf(providerId);
  return index === -1 ? order.length : index;
}

/** A context's default model on a provider whose own list does not start with a fitting one. */
const CONTEXT_MODELS: Partial<Record<WorkContext, Record<string, string>>> = {
  vision: { ollama: "llava" },
};

/**
 * The model a context uses on a key when the merchant named none: the provider's first listed
 * (cheapest sensible) model, the Azure deployment from the key's settings, or null when only the
 * merchant can know (LM Studio, a custom server: whatever they loaded).
 */
export function defaultModelFor(context: WorkContext, providerId: string, settings: Record<string, unknown> = {}): string | null {
  const definition = getProviderDefinition(providerId);
  if (!definition) return null;
  const special = CONTEXT_MODELS[context]?.[providerId];
  if (special) return special;
  if (definition.id === "azure-openai") {
    const deployment = settings.deployment;
    return typeof deployment === "string" && deployment.trim() ? deployment.trim() : null;
  }
  return definition.models[0] ?? null;
}

/**
 * Default data scopes. The principle: send a provider what the work needs, nothing the merchant
 * would not put on the storefront anyway.
 * - vendor is left out of every third-party context: it is often a supplier or wholesaler name
 *   the merchant does not publish (drop-shipping), and copy does not need it. Compliance
 *   extraction keeps it: identifying the manufacturer is the point of that work.
 * - metafields (other than the app's own, which are never sent back) are left out by default:
 *   shops keep internal data there — cost, margin, supplier SKUs. A merchant can opt in.
 * - prices and costs are never part of a prompt at all (product-data.ts sends variant names only).
 * - confidential work runs on the merchant's own hardware: everything may be sent.
 */
export const DEFAULT_DATA_SCOPES: Readonly<Record<WorkContext, readonly ProductField[]>> = Object.freeze({
  enrichment: ["title", "descriptionHtml", "productType", "tags", "options", "variants", "images", "seo"],
  copilot: ["title", "descriptionHtml", "productType", "tags", "options", "variants", "images", "seo"],
  translation: ["title", "descriptionHtml", "seo", "images", "metafields"],
  vision: ["title", "productType", "options", "images"],
  compliance: ["title", "descriptionHtml", "vendor", "productType", "tags", "options", "variants", "metafields"],
  confidential: [...PRODUCT_FIELDS],
});

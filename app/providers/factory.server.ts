// One entry point: a provider id, a key and (optionally) a base URL and settings in, the
// family adapter out. The caller passes the base-URL guard's fetch in the hosted app; the key
// lives only inside the returned object's SDK client and is never logged.
import { createAnthropicProvider } from "./anthropic.server";
import { createDeepLProvider } from "./deepl.server";
import type { FamilyConfig } from "./family-config";
import { createMistralProvider } from "./mistral.server";
import { createOpenAIFamilyProvider } from "./openai.server";
import { ProviderError } from "./provider-error";
import { deeplBaseUrlForKey, getProviderDefinition, type ProviderDefinition } from "./registry";
import type { Provider, TransportOptions } from "./types";

export interface CreateProviderOptions {
  providerId: string;
  apiKey: string;
  /** Overrides the registry's default (required for Azure — the resource endpoint — and custom). */
  baseUrl?: string;
  /** Per-provider settings named in the registry (Azure: deployment, apiVersion; custom: structuredOutput). */
  settings?: Record<string, string | undefined>;
  /** The base-URL guard's `guardedFetch` in the hosted app; defaults to globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
  /** Timeouts and retries (tests pass small values). */
  transport?: Omit<TransportOptions, "fetch">;
}

export const DEFAULT_TRANSPORT = {
  timeoutMs: 60_000,
  maxRetries: 2,
  retryInitialDelayMs: 500,
  retryMaxDelayMs: 8_000,
} as const;

function badConfig(definition: ProviderDefinition | undefined, providerId: string, message: string): ProviderError {
  return new ProviderError({ kind: "bad_request", providerId: definition?.id ?? providerId, message });
}

function resolveBaseUrl(definition: ProviderDefinition, options: CreateProviderOptions): string {
  const given = options.baseUrl?.trim() || (definition.id === "azure-openai" ? options.settings?.endpoint?.trim() : undefined);
  const url = given || (definition.id === "deepl" ? deeplBaseUrlForKey(options.apiKey) : definition.defaultBaseUrl);
  if (!url) {
    throw badConfig(
      definition,
      definition.id,
      definition.id === "azure-openai"
        ? "Enter the Azure OpenAI resource endpoint, e.g. https://my-resource.openai.azure.com."
        : `Enter the base URL of the ${definition.displayName}.`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badConfig(definition, definition.id, `“${url}” is not a valid URL. It should look like https://api.example.com/v1.`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw badConfig(definition, definition.id, "The base URL must start with https:// (or http:// for a local server).");
  }
  if (parsed.username || parsed.password) {
    throw badConfig(definition, definition.id, "Put the key in the key field, not in the base URL.");
  }
  return url;
}

export function createProvider(options: CreateProviderOptions): Provider {
  const definition = getProviderDefinition(options.providerId);
  if (!definition) throw badConfig(undefined, options.providerId, `Unknown provider “${options.providerId}”.`);
  const apiKey = (options.apiKey ?? "").trim();
  if (definition.keyRequired && apiKey === "") {
    throw badConfig(definition, definition.id, `Enter the ${definition.displayName} API key.`);
  }
  for (const field of definition.settings) {
    if (field.required && !options.settings?.[field.name]?.trim() && !(field.name === "endpoint" && options.baseUrl)) {
      throw badConfig(definition, definition.id, `${field.label} is required for ${definition.displayName}.`);
    }
  }
  const config: FamilyConfig = {
    definition,
    apiKey,
    baseUrl: resolveBaseUrl(definition, { ...options, apiKey }),
    settings: { ...options.settings },
    transport: {
      timeoutMs: options.transport?.timeoutMs ?? DEFAULT_TRANSPORT.timeoutMs,
      maxRetries: options.transport?.maxRetries ?? DEFAULT_TRANSPORT.maxRetries,
      retryInitialDelayMs: options.transport?.retryInitialDelayMs ?? DEFAULT_TRANSPORT.retryInitialDelayMs,
      retryMaxDelayMs: options.transport?.retryMaxDelayMs ?? DEFAULT_TRANSPORT.retryMaxDelayMs,
      // Bound late so a test's or the guard's replacement of globalThis.fetch is honoured.
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    },
  };
  switch (definition.family) {
    case "openai":
      return createOpenAIFamilyProvider(config);
    case "anthropic":
      return createAnthropicProvider(config);
    case "mistral":
      return createMistralProvider(config);
    case "deepl":
      return createDeepLProvider(config);
  }
}

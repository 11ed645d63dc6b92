// What the factory hands each family adapter. Resolved already: base URL, settings, transport.
import type { ErrorContext } from "./error-mapping";
import type { ProviderDefinition } from "./registry";
import type { TransportOptions } from "./types";

export interface FamilyConfig {
  definition: ProviderDefinition;
  /** Plaintext key, held only by the SDK client for the life of this provider object. */
  apiKey: string;
  baseUrl: string;
  settings: Readonly<Record<string, string | undefined>>;
  transport: Required<Pick<TransportOptions, "timeoutMs" | "maxRetries" | "retryInitialDelayMs" | "retryMaxDelayMs">> & {
    fetch: typeof globalThis.fetch;
  };
}

export function errorContext(config: FamilyConfig, model?: string): ErrorContext {
  return {
    providerId: config.definition.id,
    providerName: config.definition.displayName,
    baseUrl: config.baseUrl,
    model,
    secrets: [config.apiKey],
    timeoutMs: config.transport.timeoutMs,
  };
}

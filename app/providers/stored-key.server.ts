// A stored provider key put to work for the merchant's pages: the connection test (its outcome
// kept beside the key) and the model list of the Assignments page. The key is decrypted only
// inside withDecryptedKey, and every request goes through the base-URL guard, so a hosted app
// never reaches a private address whatever base URL was saved.
import {
  withDecryptedKey,
  recordConnectionTest,
  type ProviderCredentials,
  type ProviderKeySummary,
} from "../vault/provider-keys.server";
import { guardedFetch } from "./base-url-guard.server";
import { curatedModels } from "./connection-test.server";
import { createProvider } from "./factory.server";
import { isProviderError, ProviderError, type ProviderErrorKind } from "./provider-error";
import { getProviderDefinition } from "./registry";
import type { ConnectionTestResult, Provider } from "./types";

export interface StoredKeyTestOutcome {
  ok: boolean;
  /** What the merchant reads: a success line or the failure's own message. */
  message: string;
  /** The failure class (wrong key, no quota, unknown model, unreachable, timeout, TLS, …). */
  kind?: ProviderErrorKind;
  /** Model ids the key can use (from the provider's list or the curated list). */
  models: string[];
  /** The key's summary with the stored test result. */
  key: ProviderKeySummary;
}

function stringSettings(settings: ProviderCredentials["settings"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings)) if (typeof value === "string") out[name] = value;
  return out;
}

function providerFor(credentials: ProviderCredentials): Provider {
  return createProvider({
    providerId: credentials.provider,
    apiKey: credentials.apiKey,
    baseUrl: credentials.baseUrl ?? undefined,
    settings: stringSettings(credentials.settings),
    fetch: guardedFetch(),
  });
}

function successMessage(provider: string, result: ConnectionTestResult): string {
  const name = getProviderDefinition(provider)?.displayName ?? provider;
  if (result.characterUsage) {
    const { count, limit } = result.characterUsage;
    return `${name} connected: ${count.toLocaleString("en")} of ${limit.toLocaleString(
      "en",
    )} characters used this billing period.`;
  }
  const count = result.models?.length ?? 0;
  return count > 0 ? `${name} connected: ${count} model${count === 1 ? "" : "s"} available.` : `${name} connected.`;
}

async function runTest(credentials: ProviderCredentials, model?: string): Promise<ConnectionTestResult> {
  try {
    return await providerFor(credentials).testConnection({ model });
  } catch (error) {
    // createProvider refuses an incomplete configuration (no endpoint, no key) with a ProviderError.
    if (isProviderError(error)) return { ok: false, error, latencyMs: 0 };
    throw error;
  }
}

/**
 * Tests the shop's key with the cheapest real call its provider allows and stores the outcome
 * (shown in the key list). Another shop's key id behaves as a missing key (ProviderKeyNotFoundError).
 */
export async function testStoredProviderKey(
  shop: string,
  keyId: string,
  options: { model?: string } = {},
): Promise<StoredKeyTestOutcome> {
  const { provider, result } = await withDecryptedKey(shop, keyId, async (credentials) => ({
    provider: credentials.provider,
    result: await runTest(credentials, options.model),
  }));
  const ok = result.ok;
  const message = ok
    ? successMessage(provider, result)
    : result.error?.message ?? "The connection test failed for an unknown reason.";
  const key = await recordConnectionTest(shop, keyId, { ok, message });
  return {
    ok,
    message: key.lastTestMessage ?? message,
    kind: result.error?.kind,
    models: (result.models ?? []).map((m) => m.id),
    key,
  };
}

export interface StoredKeyModels {
  models: string[];
  /** "endpoint": read from the provider just now; "curated": the registry's list. */
  source: "endpoint" | "curated";
  /** Why the provider's list could not be read (the curated list is returned instead). */
  error?: string;
}

/** The models a stored key can use: its provider's models endpoint where it has one, else the curated list. */
export async function listModelsForStoredKey(shop: string, keyId: string): Promise<StoredKeyModels> {
  return withDecryptedKey(shop, keyId, async (credentials) => {
    const definition = getProviderDefinition(credentials.provider);
    const curated = definition ? curatedModels(definition).map((m) => m.id) : [];
    if (!definition || definition.modelSource === "curated") return { models: curated, source: "curated" };
    try {
      const models = (await providerFor(credentials).listModels()).map((m) => m.id);
      return { models: [...new Set(models)].sort((a, b) => a.localeCompare(b)), source: "endpoint" };
    } catch (error) {
      const message = error instanceof ProviderError ? error.message : "The provider's model list could not be read.";
      return { models: curated, source: "curated", error: message };
    }
  });
}

// The demo shop's provider keys and default assignments, stored through the app's own vault and
// assignment modules (so the running app reads them as a merchant's): a key per demo provider
// whose base URL is that provider's simulator (or its --provider-url), OpenAI gpt-4o-mini for
// batch enrichment and DeepL for translation. Idempotent: a rerun on the same database updates
// the demo keys in place (new base URL, re-sealed with the current vault secret) instead of
// adding more, and keeps keys the merchant added.
import { randomBytes } from "node:crypto";
import type { DemoProvider } from "./environment";

/** Label suffix of the keys the demo stores; other keys are the merchant's and left alone. */
export const DEMO_KEY_LABEL = "demo simulator";

/** Where each provider's SDK expects its base URL on a server (the simulators' README). */
const BASE_PATH: Record<string, string> = { openai: "/v1", gemini: "/v1beta/openai/", ollama: "/v1", anthropic: "", mistral: "", deepl: "" };

export function demoBaseUrl(provider: Pick<DemoProvider, "kind" | "url">): string {
  const url = new URL(provider.url);
  // A bare origin (a simulator, or --provider-url http://host:port) gets the SDK's path; a URL with a path is used as given.
  return url.pathname === "/" || url.pathname === "" ? `${url.origin}${BASE_PATH[provider.kind] ?? ""}` : provider.url;
}

export interface SeedDemoProvidersInput {
  shop: string;
  providers: Record<string, Pick<DemoProvider, "kind" | "url">>;
  /** The app's database. */
  databaseUrl: string;
  /** The secret the app's vault uses (BYOK_VAULT_SECRET): keys sealed with another are unreadable to it. */
  vaultSecret: string;
}

/**
 * Stores (or refreshes) the demo keys and assignments; returns the key id per provider kind.
 * The vault reads its secret and the base-URL guard its setting from process.env, and the app's
 * Prisma client binds DATABASE_URL when first imported: this sets all three in this process.
 */
export async function seedDemoProviders(input: SeedDemoProvidersInput): Promise<Record<string, string>> {
  process.env.DATABASE_URL = input.databaseUrl;
  process.env.BYOK_VAULT_SECRET = input.vaultSecret;
  process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
  const { setAssignment } = await import("../../app/assignments/assignments.server");
  const vault = await import("../../app/vault/provider-keys.server");
  const shop = input.shop;

  const existing = await vault.listProviderKeys(shop);
  const keyIds: Record<string, string> = {};
  for (const provider of Object.values(input.providers)) {
    const label = `${provider.kind} (${DEMO_KEY_LABEL})`;
    const baseUrl = demoBaseUrl(provider);
    // The simulators accept any key; a fresh one each run is sealed with the current secret.
    const apiKey = `demo-${provider.kind}-${randomBytes(12).toString("hex")}`;
    const [kept, ...extra] = existing.filter((key) => key.provider === provider.kind && key.label === label);
    for (const duplicate of extra) await vault.deleteProviderKey(shop, duplicate.id);
    if (kept) {
      await vault.rotateProviderKey(shop, kept.id, apiKey);
      await vault.updateProviderKeyConnection(shop, kept.id, { baseUrl });
      keyIds[provider.kind] = kept.id;
    } else {
      keyIds[provider.kind] = (await vault.storeProviderKey({ shop, provider: provider.kind, label, apiKey, baseUrl })).id;
    }
  }
  if (keyIds.openai) await setAssignment({ shop, context: "enrichment", providerKeyId: keyIds.openai, model: "gpt-4o-mini" });
  if (keyIds.deepl) await setAssignment({ shop, context: "translation", providerKeyId: keyIds.deepl });
  return keyIds;
}

// A merchant opening the demo finds a key per simulated provider and the default assignments,
// readable by the app (sealed with its vault secret); rerunning the demo on the kept database
// neither duplicates the keys nor keeps stale base URLs.
import { randomBytes } from "node:crypto";
import { seedDemoProviders } from "./seed-providers";

const SHOP = "seed-providers-demo.myshopify.com";
const SECRET = randomBytes(48).toString("base64");
const providers = (port: number) => ({
  openai: { kind: "openai" as const, url: `http://127.0.0.1:${port}` },
  deepl: { kind: "deepl" as const, url: `http://127.0.0.1:${port + 1}` },
  ollama: { kind: "ollama" as const, url: `http://127.0.0.1:${port + 2}` },
});

test("seeds one key per provider and the default assignments, idempotently, readable with the app's secret", async () => {
  const databaseUrl = process.env.DATABASE_URL!;
  const first = await seedDemoProviders({ shop: SHOP, providers: providers(4100), databaseUrl, vaultSecret: SECRET });
  // The merchant's own key survives a rerun.
  const vault = await import("../../app/vault/provider-keys.server");
  await vault.storeProviderKey({ shop: SHOP, provider: "openai", label: "my openai", apiKey: "sk-merchant-own-key-0000" });
  const second = await seedDemoProviders({ shop: SHOP, providers: providers(5200), databaseUrl, vaultSecret: SECRET });
  expect(second).toEqual(first);

  const keys = await vault.listProviderKeys(SHOP);
  expect(keys.map((k) => k.label).sort()).toEqual(["deepl (demo simulator)", "my openai", "ollama (demo simulator)", "openai (demo simulator)"]);
  const byId = new Map(keys.map((k) => [k.id, k]));
  expect(byId.get(second.openai!)?.baseUrl).toBe("http://127.0.0.1:5200/v1");
  expect(byId.get(second.deepl!)?.baseUrl).toBe("http://127.0.0.1:5201/");
  expect(byId.get(second.ollama!)?.baseUrl).toBe("http://127.0.0.1:5202/v1");

  const { resolveAssignment } = await import("../../app/assignments/assignments.server");
  const enrichment = await resolveAssignment(SHOP, "enrichment");
  expect(enrichment.primary.providerKeyId).toBe(second.openai);
  expect(enrichment.primary.model).toBe("gpt-4o-mini");
  expect((await resolveAssignment(SHOP, "translation")).primary.providerKeyId).toBe(second.deepl);

  // Sealed with the secret the app is given: it opens them, an app with another secret cannot.
  expect(await vault.withDecryptedKey(SHOP, second.openai!, async (c) => c.apiKey)).toMatch(/^demo-openai-/);
  process.env.BYOK_VAULT_SECRET = randomBytes(48).toString("base64");
  try {
    await expect(vault.withDecryptedKey(SHOP, second.openai!, async (c) => c.apiKey)).rejects.toThrow();
  } finally {
    process.env.BYOK_VAULT_SECRET = SECRET;
  }
});

// The key vault against the real test database: what the Providers page can list, the only way
// to use a key, rotation of keys and of the vault secret, and that no shop reaches another's keys.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { inspect, promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { VaultDecryptionError } from "../../app/vault/cipher.server";
import { vaultKeyring } from "../../app/vault/keyring.server";
import {
  deleteProviderKey,
  getProviderKey,
  listProviderKeys,
  ProviderKeyInputError,
  ProviderKeyNotFoundError,
  recordConnectionTest,
  reencryptAllProviderKeys,
  renameProviderKey,
  rotateProviderKey,
  storeProviderKey,
  updateProviderKeyConnection,
  withDecryptedKey,
} from "../../app/vault/provider-keys.server";

const SECRET_A = "Qm9rW3x8v1ZtJ0pLr4TgE2sYcN7uHdA5fK6iPbXo";
const SECRET_B = "wV3pZ8kR1mT6yL0qN4cX7bG2hJ5sD9fA3eU1oI8r";
const newShop = () => `vault-${randomUUID().slice(0, 8)}.myshopify.com`;
const newKey = (prefix = "sk-proj-") => `${prefix}${randomUUID().replace(/-/g, "")}`;

const savedEnv = { ...process.env };
beforeEach(() => {
  process.env.BYOK_VAULT_SECRET = SECRET_A;
  delete process.env.BYOK_VAULT_PREVIOUS_SECRETS;
  delete process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS;
});
afterEach(() => {
  for (const name of ["BYOK_VAULT_SECRET", "BYOK_VAULT_PREVIOUS_SECRETS", "BYOK_ALLOW_PRIVATE_PROVIDER_URLS"]) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

const useKey = (shop: string, id: string) => withDecryptedKey(shop, id, async (c) => c.apiKey);

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error;
}

describe("storing and listing keys", () => {
  it("stores a key that only withDecryptedKey returns; the list shows safe fields only", async () => {
    const shop = newShop();
    const apiKey = newKey();
    const stored = await storeProviderKey({
      shop,
      provider: "azure-openai",
      label: "  Azure – prod ",
      apiKey: `  ${apiKey}\n`,
      baseUrl: "https://my-resource.openai.azure.com",
      settings: { deployment: "gpt-4o-mini", apiVersion: "2024-10-21" },
    });

    const [listed] = await listProviderKeys(shop);
    expect(Object.keys(listed).sort()).toEqual(
      [
        "baseUrl",
        "createdAt",
        "id",
        "label",
        "last4",
        "lastTestMessage",
        "lastTestOk",
        "lastTestedAt",
        "provider",
        "settings",
        "updatedAt",
      ].sort(),
    );
    expect(listed).toMatchObject({
      id: stored.id,
      provider: "azure-openai",
      label: "Azure – prod",
      last4: apiKey.slice(-4),
      baseUrl: "https://my-resource.openai.azure.com/",
      settings: { deployment: "gpt-4o-mini", apiVersion: "2024-10-21" },
      lastTestOk: null,
    });
    expect(JSON.stringify(listed)).not.toContain(apiKey);

    const credentials = await withDecryptedKey(shop, stored.id, async (c) => c);
    expect(credentials.apiKey).toBe(apiKey);
    expect(credentials.settings).toEqual({ deployment: "gpt-4o-mini", apiVersion: "2024-10-21" });
    // Logging or serialising the credentials does not print the key.
    expect(JSON.stringify(credentials)).not.toContain(apiKey);
    expect(inspect(credentials)).not.toContain(apiKey);
  });

  it("does not show any of a short key", async () => {
    const shop = newShop();
    const stored = await storeProviderKey({ shop, provider: "ollama", label: "Local", apiKey: "ollama" });
    expect(stored.last4).toBe("");
  });

  it.each([
    ["label", { label: "   " }],
    ["apiKey", { apiKey: "sk-abc\r\nX-Injected: 1" }],
    ["baseUrl", { baseUrl: "http://169.254.169.254/latest" }],
    ["baseUrl", { baseUrl: "https://user:pw@api.example.com" }],
    ["settings", { settings: { apiKey: "sk-in-settings-000000000" } }],
    ["provider", { provider: "Open AI!" }],
  ])("rejects bad %s input with a field error that never echoes the key", async (field, change) => {
    const apiKey = newKey();
    const err = await rejection(storeProviderKey({ shop: newShop(), provider: "openai", label: "Main", apiKey, ...change }));
    expect(err).toBeInstanceOf(ProviderKeyInputError);
    expect((err as ProviderKeyInputError).field).toBe(field);
    expect(err.message).not.toContain(apiKey);
    expect(err.message).not.toContain("sk-in-settings");
  });

  it("accepts a local base URL when self-hosting allows it", async () => {
    process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
    const stored = await storeProviderKey({
      shop: newShop(),
      provider: "ollama",
      label: "Ollama",
      apiKey: "",
      baseUrl: "http://localhost:11434/v1",
    });
    expect(stored.baseUrl).toBe("http://localhost:11434/v1");
  });
});

describe("changing keys", () => {
  it("rotates a key: the new one is used, the last test result is cleared", async () => {
    const shop = newShop();
    const stored = await storeProviderKey({ shop, provider: "openai", label: "Main", apiKey: newKey() });
    await recordConnectionTest(shop, stored.id, { ok: true, message: "Connected: 42 models" });
    const replacement = newKey();
    const rotated = await rotateProviderKey(shop, stored.id, replacement);
    expect(rotated.last4).toBe(replacement.slice(-4));
    expect(rotated).toMatchObject({ lastTestOk: null, lastTestedAt: null, lastTestMessage: null });
    expect(await useKey(shop, stored.id)).toBe(replacement);
  });

  it("renames a key and changes its connection settings", async () => {
    const shop = newShop();
    const stored = await storeProviderKey({
      shop,
      provider: "azure-openai",
      label: "Old",
      apiKey: newKey(),
      settings: { deployment: "a" },
    });
    expect((await renameProviderKey(shop, stored.id, "New name")).label).toBe("New name");
    const changed = await updateProviderKeyConnection(shop, stored.id, {
      settings: { deployment: "b" },
      baseUrl: "https://r.openai.azure.com/",
    });
    expect(changed).toMatchObject({ settings: { deployment: "b" }, baseUrl: "https://r.openai.azure.com/" });
  });

  it("records a connection test with credentials removed from the message", async () => {
    const shop = newShop();
    const apiKey = newKey();
    const stored = await storeProviderKey({ shop, provider: "openai", label: "Main", apiKey });
    const result = await recordConnectionTest(shop, stored.id, { ok: false, message: `401 Incorrect API key provided: ${apiKey}` });
    expect(result.lastTestOk).toBe(false);
    expect(result.lastTestMessage).toContain("401 Incorrect API key provided");
    expect(result.lastTestMessage).not.toContain(apiKey);
    expect(result.lastTestedAt).toBeInstanceOf(Date);
  });

  it("deletes a key and clears it from the shop's assignments in the same step", async () => {
    const shop = newShop();
    const primary = await storeProviderKey({ shop, provider: "openai", label: "Primary", apiKey: newKey() });
    const fallback = await storeProviderKey({ shop, provider: "mistral", label: "Fallback", apiKey: newKey() });
    await prisma.assignment.createMany({
      data: [
        {
          shop,
          context: "enrichment",
          providerKeyId: primary.id,
          model: "gpt-4o-mini",
          fallbackProviderKeyId: fallback.id,
          fallbackModel: "mistral-small-latest",
          dataScope: [],
        },
        { shop, context: "copilot", providerKeyId: fallback.id, model: "mistral-large-latest", dataScope: [] },
      ],
    });

    expect(await deleteProviderKey(shop, fallback.id)).toEqual({ clearedContexts: ["copilot", "enrichment"] });
    const assignments = await prisma.assignment.findMany({ where: { shop }, orderBy: { context: "asc" } });
    expect(assignments.map((a) => [a.context, a.providerKeyId, a.model, a.fallbackProviderKeyId, a.fallbackModel])).toEqual([
      ["copilot", null, null, null, null],
      ["enrichment", primary.id, "gpt-4o-mini", null, null],
    ]);
    expect(await rejection(useKey(shop, fallback.id))).toBeInstanceOf(ProviderKeyNotFoundError);
    expect((await listProviderKeys(shop)).map((k) => k.id)).toEqual([primary.id]);
  });
});

describe("using a key", () => {
  it("removes the key from errors thrown while it is in use", async () => {
    const shop = newShop();
    const apiKey = newKey();
    const stored = await storeProviderKey({ shop, provider: "openai", label: "Main", apiKey });
    const err = await rejection(
      withDecryptedKey(shop, stored.id, async (c) => {
        throw new Error(`request failed with header Authorization: ${c.apiKey}`, { cause: new Error(`raw ${c.apiKey}`) });
      }),
    );
    expect(err.message).not.toContain(apiKey);
    expect(String(err.stack)).not.toContain(apiKey);
    expect(String((err.cause as Error).message)).not.toContain(apiKey);
  });

  it("refuses a ciphertext that was altered in the database, without revealing anything", async () => {
    const shop = newShop();
    const apiKey = newKey();
    const stored = await storeProviderKey({ shop, provider: "openai", label: "Main", apiKey });
    const row = await prisma.providerKey.findUniqueOrThrow({ where: { id: stored.id } });
    const bytes = Buffer.from(row.ciphertext.slice(3), "base64url");
    bytes[20] ^= 0xff;
    await prisma.providerKey.update({ where: { id: stored.id }, data: { ciphertext: `v1.${bytes.toString("base64url")}` } });
    const err = await rejection(useKey(shop, stored.id));
    expect(err).toBeInstanceOf(VaultDecryptionError);
    expect(err.message).toContain("integrity check");
    expect(err.message).not.toContain(apiKey);
  });

  it("refuses another shop's ciphertext copied into a row", async () => {
    const shopA = newShop();
    const shopB = newShop();
    const a = await storeProviderKey({ shop: shopA, provider: "openai", label: "A", apiKey: newKey() });
    const b = await storeProviderKey({ shop: shopB, provider: "openai", label: "B", apiKey: newKey() });
    const rowA = await prisma.providerKey.findUniqueOrThrow({ where: { id: a.id } });
    await prisma.providerKey.update({ where: { id: b.id }, data: { ciphertext: rowA.ciphertext, keyId: rowA.keyId } });
    expect(await rejection(useKey(shopB, b.id))).toBeInstanceOf(VaultDecryptionError);
  });
});

describe("shop isolation: shop B cannot touch shop A's key", () => {
  let shopA: string;
  let shopB: string;
  let keyA: { id: string };
  let apiKeyA: string;

  beforeEach(async () => {
    shopA = newShop();
    shopB = newShop();
    apiKeyA = newKey();
    keyA = await storeProviderKey({ shop: shopA, provider: "openai", label: "A's key", apiKey: apiKeyA });
    await storeProviderKey({ shop: shopB, provider: "openai", label: "B's key", apiKey: newKey() });
  });

  async function expectUntouched() {
    const row = await getProviderKey(shopA, keyA.id);
    expect(row).toMatchObject({ label: "A's key", last4: apiKeyA.slice(-4), lastTestOk: null, baseUrl: null });
    expect(await useKey(shopA, keyA.id)).toBe(apiKeyA);
  }

  it("list", async () => {
    expect((await listProviderKeys(shopB)).map((k) => k.label)).toEqual(["B's key"]);
  });
  it("get", async () => {
    expect(await rejection(getProviderKey(shopB, keyA.id))).toBeInstanceOf(ProviderKeyNotFoundError);
  });
  it("use (withDecryptedKey)", async () => {
    let called = false;
    const err = await rejection(
      withDecryptedKey(shopB, keyA.id, async () => {
        called = true;
      }),
    );
    expect(err).toBeInstanceOf(ProviderKeyNotFoundError);
    expect(called).toBe(false);
  });
  it("rotate", async () => {
    expect(await rejection(rotateProviderKey(shopB, keyA.id, newKey()))).toBeInstanceOf(ProviderKeyNotFoundError);
    await expectUntouched();
  });
  it("rename", async () => {
    expect(await rejection(renameProviderKey(shopB, keyA.id, "pwned"))).toBeInstanceOf(ProviderKeyNotFoundError);
    await expectUntouched();
  });
  it("change connection settings", async () => {
    expect(await rejection(updateProviderKeyConnection(shopB, keyA.id, { baseUrl: "https://evil.example.com" }))).toBeInstanceOf(
      ProviderKeyNotFoundError,
    );
    await expectUntouched();
  });
  it("record a test result", async () => {
    expect(await rejection(recordConnectionTest(shopB, keyA.id, { ok: true }))).toBeInstanceOf(ProviderKeyNotFoundError);
    await expectUntouched();
  });
  it("delete", async () => {
    expect(await rejection(deleteProviderKey(shopB, keyA.id))).toBeInstanceOf(ProviderKeyNotFoundError);
    await expectUntouched();
  });
});

describe("rotating the vault secret", () => {
  it("keeps old rows readable via BYOK_VAULT_PREVIOUS_SECRETS and re-encrypts them to the new secret", async () => {
    const shop = newShop();
    const keys = [newKey(), newKey("gsk_")];
    const stored = [];
    for (const [i, apiKey] of keys.entries())
      stored.push(await storeProviderKey({ shop, provider: i ? "groq" : "openai", label: `k${i}`, apiKey }));
    const idA = vaultKeyring().current.id;

    process.env.BYOK_VAULT_SECRET = SECRET_B;
    process.env.BYOK_VAULT_PREVIOUS_SECRETS = SECRET_A;
    const idB = vaultKeyring().current.id;
    expect(await useKey(shop, stored[0].id)).toBe(keys[0]); // still readable before re-encryption

    const report = await reencryptAllProviderKeys({ shop });
    expect(report).toEqual({ total: 2, reencrypted: 2, alreadyCurrent: 0, failed: [] });
    const rows = await prisma.providerKey.findMany({ where: { shop } });
    expect(rows.map((r) => r.keyId)).toEqual([idB, idB]);
    expect(idB).not.toBe(idA);

    delete process.env.BYOK_VAULT_PREVIOUS_SECRETS; // the old secret can now be dropped
    for (const [i, apiKey] of keys.entries()) expect(await useKey(shop, stored[i].id)).toBe(apiKey);
    expect((await reencryptAllProviderKeys({ shop })).alreadyCurrent).toBe(2);
  });

  it("the rotate command re-encrypts and prints no secret", async () => {
    const shop = newShop();
    const apiKey = newKey();
    const stored = await storeProviderKey({ shop, provider: "openai", label: "cli", apiKey }); // under SECRET_A
    // Rotate onto the development secret: rows other test files wrote with it stay as they are.
    const env: NodeJS.ProcessEnv = { ...process.env, BYOK_VAULT_PREVIOUS_SECRETS: `${SECRET_A},${SECRET_B}` };
    delete env.BYOK_VAULT_SECRET;
    const targetId = vaultKeyring({ NODE_ENV: "test" }).current.id;

    const result = await promisify(execFile)("npx", ["tsx", "app/vault/rotate.ts"], { env }).catch(
      (e: { stdout: string; stderr: string }) => e, // other test files' rows may use secrets this run does not know
    );
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).toContain(`Vault key ${targetId}:`);
    for (const secret of [SECRET_A, SECRET_B, apiKey]) expect(output).not.toContain(secret);
    expect((await prisma.providerKey.findUniqueOrThrow({ where: { id: stored.id } })).keyId).toBe(targetId);
    delete process.env.BYOK_VAULT_SECRET;
    expect(await useKey(shop, stored.id)).toBe(apiKey);
  });
});

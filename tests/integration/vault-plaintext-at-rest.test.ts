// A key stored through the vault is nowhere in the database in plaintext: not in the SQLite
// file (and its journal/WAL), not in any PostgreSQL table. The label stored beside it is found,
// which shows the search does see what was written.
import { databaseBytes, occurrences } from "../support/plaintext-search";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { rotateProviderKey, storeProviderKey, withDecryptedKey } from "../../app/vault/provider-keys.server";


describe("provider keys at rest", () => {
  it("the plaintext of stored and rotated keys appears 0 times in the database", async () => {
    const shop = `at-rest-${randomUUID().slice(0, 8)}.myshopify.com`;
    const label = `Label ${randomUUID()}`;
    const first = `sk-proj-AtRestFirst${randomUUID().replace(/-/g, "")}`;
    const second = `sk-ant-api03-AtRestSecond${randomUUID().replace(/-/g, "")}`;
    const deepl = `${randomUUID()}:fx`;

    const key = await storeProviderKey({ shop, provider: "openai", label, apiKey: first });
    await storeProviderKey({ shop, provider: "deepl", label: "DeepL", apiKey: deepl });
    await rotateProviderKey(shop, key.id, second);
    expect(await withDecryptedKey(shop, key.id, async (c) => c.apiKey)).toBe(second);

    const bytes = await databaseBytes();
    expect(occurrences(bytes, label)).toBeGreaterThan(0);
    expect(occurrences(bytes, first)).toBe(0);
    expect(occurrences(bytes, second)).toBe(0);
    expect(occurrences(bytes, deepl)).toBe(0);
    // Not even a long fragment of a key (beyond the last 4 characters shown in the UI).
    expect(occurrences(bytes, second.slice(-12))).toBe(0);
  });
});

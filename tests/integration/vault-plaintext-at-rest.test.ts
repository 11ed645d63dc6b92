// A key stored through the vault is nowhere in the database in plaintext: not in the SQLite
// file (and its journal/WAL), not in any PostgreSQL table. The label stored beside it is found,
// which shows the search does see what was written.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { databaseTarget } from "../../prisma/database-target.js";
import { rotateProviderKey, storeProviderKey, withDecryptedKey } from "../../app/vault/provider-keys.server";

function occurrences(haystack: Buffer, needle: string): number {
  let count = 0;
  for (const form of [Buffer.from(needle, "utf8"), Buffer.from(needle, "utf16le"), Buffer.from(Buffer.from(needle).toString("base64"))]) {
    for (let at = haystack.indexOf(form); at !== -1; at = haystack.indexOf(form, at + 1)) count++;
  }
  return count;
}

async function databaseBytes(): Promise<Buffer> {
  const target = databaseTarget(process.env.DATABASE_URL);
  if (target.kind === "sqlite") {
    const file = target.url.replace(/^file:/, "");
    await prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)").catch(() => undefined);
    return Buffer.concat([file, `${file}-wal`, `${file}-journal`].filter(existsSync).map((f) => readFileSync(f)));
  }
  // PostgreSQL: a dump of every table (each row as JSON).
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const dump: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await client.query(`SELECT row_to_json(t)::text AS j FROM "${table_name.replace(/"/g, '""')}" t`);
      dump.push(...rows.rows.map((r: { j: string }) => r.j));
    }
    return Buffer.from(dump.join("\n"), "utf8");
  } finally {
    await client.end();
  }
}

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

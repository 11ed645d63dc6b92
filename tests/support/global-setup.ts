// Once per test run: the Admin schema is present, and the test database exists with every
// migration applied — a fresh SQLite file by default, or the PostgreSQL named by DATABASE_URL
// (emptied first, so each run starts clean).
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { ensureAdminSchemaFile } from "../simulators/shopify/admin-schema";

export default async function setup() {
  ensureAdminSchemaFile();
  const url = process.env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    await client.end();
  } else {
    process.env.DATABASE_URL = `file:${join(mkdtempSync(join(tmpdir(), "byok-test-")), "test.sqlite")}`;
  }
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: process.env,
    stdio: "pipe",
  });
  if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) {
    // Test files write the one SQLite file from several processes at once: WAL lets readers
    // go on while one writes (a property of the file, kept once set).
    type Sqlite = { pragma(sql: string): unknown; close(): void };
    const Database = createRequire(import.meta.url)("better-sqlite3") as new (file: string) => Sqlite;
    const db = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""));
    db.pragma("journal_mode = WAL");
    db.close();
  }
}

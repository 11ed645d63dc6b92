// Once per test run: the Admin schema is present, and the test database exists with every
// migration applied — a fresh SQLite file by default, or the PostgreSQL named by DATABASE_URL
// (emptied first, so each run starts clean).
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
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
}

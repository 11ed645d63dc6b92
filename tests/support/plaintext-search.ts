// Where a leaked key could hide, searched byte for byte: the whole database (the SQLite file with
// its WAL and journal, or every PostgreSQL table dumped as JSON rows) in the forms a leak could
// take (as is, URL-encoded, base64, UTF-16).
import { existsSync, readFileSync } from "node:fs";
import pg from "pg";
import prisma from "../../app/db.server";
import { databaseTarget } from "../../prisma/database-target.js";

export function occurrences(haystack: Buffer, needle: string): number {
  let count = 0;
  const forms = [needle, encodeURIComponent(needle), Buffer.from(needle).toString("base64")].map((f) => Buffer.from(f, "utf8"));
  forms.push(Buffer.from(needle, "utf16le"));
  for (const form of forms) for (let at = haystack.indexOf(form); at !== -1; at = haystack.indexOf(form, at + 1)) count++;
  return count;
}

export async function databaseBytes(): Promise<Buffer> {
  const target = databaseTarget(process.env.DATABASE_URL);
  if (target.kind === "sqlite") {
    const file = target.url.replace(/^file:/, "");
    await prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)").catch(() => undefined);
    return Buffer.concat([file, `${file}-wal`, `${file}-journal`].filter(existsSync).map((f) => readFileSync(f)));
  }
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

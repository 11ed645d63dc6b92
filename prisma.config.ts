// Prisma 6.19 without engine binaries: the JS engine with a driver adapter. The database is
// chosen by DATABASE_URL: a postgres URL selects the derived PostgreSQL schema and migrations,
// anything else (or nothing) the SQLite file.
import path from "node:path";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseTarget } from "./prisma/database-target.js";

const target = databaseTarget(process.env.DATABASE_URL);

// Prisma Migrate reads pg_catalog columns of type `name`/`char`, which @prisma/adapter-pg 6.19
// rejects (prisma/orm#27403). For the CLI only, report them as text (their values are strings).
const CATALOG_TYPES = new Set([18, 19]); // char, name
function asText(result: pg.QueryResult | undefined) {
  for (const field of result?.fields ?? []) if (CATALOG_TYPES.has(field.dataTypeID)) field.dataTypeID = 25;
  return result;
}
class CatalogFriendlyClient extends pg.Client {
  // pg-pool calls the callback form, the adapter the promise form: patch both.
  query(...args: unknown[]): never {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (err: Error, result: pg.QueryResult) => last(err, asText(result));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const pending = (super.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args);
    return pending.then(asText) as never;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", target.kind === "postgres" ? "postgres/schema.prisma" : "schema.prisma"),
  migrations: { path: path.join("prisma", target.kind === "postgres" ? "postgres/migrations" : "migrations") },
  async adapter() {
    return target.kind === "postgres"
      ? new PrismaPg(new pg.Pool({ connectionString: target.url, Client: CatalogFriendlyClient }))
      : new PrismaBetterSQLite3({ url: target.url });
  },
});

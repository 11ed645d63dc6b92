// The demo's database: the file or server DATABASE_URL names, migrated with the project's
// migrations (the app's session table must exist before it starts), and a Prisma client for
// the few rows the demo writes itself (the shop's offline session).
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseTarget } from "../../prisma/database-target.js";
import { REPO_ROOT, childEnv, nodeBinary } from "../support/app-server";

const PRISMA_CLI = path.join(REPO_ROOT, "node_modules/prisma/build/index.js");

/** `prisma migrate deploy` against `databaseUrl` (creates a SQLite file and its folder). */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const target = databaseTarget(databaseUrl);
  if (target.kind === "sqlite") mkdirSync(path.dirname(target.url.replace(/^file:/, "")), { recursive: true });
  await new Promise<void>((resolve, reject) => {
    execFile(
      nodeBinary(),
      [PRISMA_CLI, "migrate", "deploy"],
      { cwd: REPO_ROOT, env: childEnv({ DATABASE_URL: databaseUrl }), maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`prisma migrate deploy failed:\n${stdout}${stderr}`)) : resolve()),
    );
  });
}

/** A Prisma client for `databaseUrl`, built the way app/db.server.ts builds the app's. */
export function openPrisma(databaseUrl: string): PrismaClient {
  const target = databaseTarget(databaseUrl);
  if (target.kind === "postgres") {
    const require = createRequire(path.join(REPO_ROOT, "package.json"));
    const { PrismaClient: PostgresClient } = require("./node_modules/.prisma-postgres/client/index.js");
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }) }) as PrismaClient;
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: target.url }) });
}

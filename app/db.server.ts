// The Prisma client for the database DATABASE_URL names: the SQLite file by default, PostgreSQL
// for a postgres URL. Both clients are generated from the same models (prisma/schema.prisma).
import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { createRequire } from "node:module";
import { databaseTarget } from "../prisma/database-target.js";

declare global {
  // eslint-disable-next-line no-var
  var prismaGlobal: PrismaClient | undefined;
}

function createClient(): PrismaClient {
  const target = databaseTarget(process.env.DATABASE_URL);
  if (target.kind === "postgres") {
    // The PostgreSQL client is generated beside @prisma/client with the same model types.
    const require = createRequire(import.meta.url);
    const { PrismaClient: PostgresClient } = require("../node_modules/.prisma-postgres/client/index.js");
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }) }) as PrismaClient;
  }
  // Several processes (app, workers) may write the file: wait for a lock rather than fail fast.
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: target.url, timeout: 15_000 }) });
}

// One client per process; in development Remix re-imports modules on every change.
const prisma: PrismaClient = globalThis.prismaGlobal ?? createClient();
if (process.env.NODE_ENV !== "production") globalThis.prismaGlobal = prisma;

export default prisma;

// The models are written once, in prisma/schema.prisma (SQLite). PostgreSQL gets a derived copy
// (prisma/postgres/schema.prisma, generated, never edited) with its own provider and client
// output, so each database has its own migrations from the same definitions.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export function derivePostgresSchema(source) {
  const derived = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/(generator client \{[^}]*?)\n\}/s, '$1\n  output     = "../../node_modules/.prisma-postgres/client"\n}');
  if (derived === source || !derived.includes('"postgresql"') || !derived.includes(".prisma-postgres")) {
    throw new Error("derive-postgres-schema: prisma/schema.prisma no longer has the expected datasource/generator blocks");
  }
  return "// GENERATED from prisma/schema.prisma by prisma/derive-postgres-schema.mjs — edit that file instead.\n" + derived;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(resolve(here, "postgres"), { recursive: true });
  writeFileSync(resolve(here, "postgres/schema.prisma"), derivePostgresSchema(readFileSync(resolve(here, "schema.prisma"), "utf8")));
}

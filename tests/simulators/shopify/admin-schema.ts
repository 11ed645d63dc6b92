// The real Admin GraphQL schema (2026-10), as Shopify publishes it inside @shopify/dev-mcp.
// Fetched from the npm registry on first use (npm pack, ~14 MB) and kept, gzipped, beside this
// file (git-ignored). That package is not installed: it would pull in the Shopify CLI.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const ADMIN_API_VERSION = "2026-10";
const PACKAGE = "@shopify/dev-mcp@1.16.0";
const ENTRY = `package/dist/data/admin_${ADMIN_API_VERSION}.json.gz`;
export const ADMIN_SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), "schema", `admin_${ADMIN_API_VERSION}.json.gz`);

/** Makes sure the schema file is present; returns its path. */
export function ensureAdminSchemaFile(): string {
  if (existsSync(ADMIN_SCHEMA_FILE)) return ADMIN_SCHEMA_FILE;
  const work = mkdtempSync(join(tmpdir(), "admin-schema-"));
  try {
    const tarball = execFileSync("npm", ["pack", PACKAGE, "--silent", "--pack-destination", work], {
      encoding: "utf8",
    })
      .trim()
      .split("\n")
      .pop()!;
    execFileSync("tar", ["xzf", join(work, tarball), "-C", work, ENTRY]);
    mkdirSync(dirname(ADMIN_SCHEMA_FILE), { recursive: true });
    renameSync(join(work, ENTRY), ADMIN_SCHEMA_FILE);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return ADMIN_SCHEMA_FILE;
}

let cached: GraphQLSchema | undefined;
export function loadAdminSchema(): GraphQLSchema {
  if (cached) return cached;
  const json = JSON.parse(gunzipSync(readFileSync(ensureAdminSchemaFile())).toString("utf8")) as {
    data: IntrospectionQuery;
  };
  cached = buildClientSchema(json.data);
  return cached;
}

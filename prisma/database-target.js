// Which database DATABASE_URL names. Shared by prisma.config.ts and app/db.server.ts so the CLI
// and the app always agree. Default: prisma/dev.sqlite.
import path from "node:path";

/** @param {string | undefined} url @returns {{ kind: "postgres" | "sqlite", url: string }} */
export function databaseTarget(url) {
  if (url && /^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  const file = url ? url.replace(/^file:/, "") : path.join("prisma", "dev.sqlite");
  return { kind: "sqlite", url: `file:${path.resolve(file)}` };
}

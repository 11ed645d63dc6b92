// The admin action extensions as Shopify gets them: `shopify app build` (Shopify CLI 4.8, offline,
// no login: it needs only shopify.app.toml's client_id and the installed extension packages)
// bundles each one, and each bundle registers its target. A bundle that is missing or registers
// the wrong target means the merchant never sees the action. The CLI's esbuild does not
// typecheck, so the extensions are also checked with tsc against @shopify/ui-extensions' types,
// and every text the UI shows must exist in both extensions' locale files.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { TASK_IDS } from "../../app/enrichment/tasks";

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = path.join(ROOT, "node_modules/@shopify/cli/bin/run.js");
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");

const EXTENSIONS = [
  { handle: "enrich-selection", target: "admin.product-index.selection-action.render", trigger: "bulk_action" },
  { handle: "enrich-product", target: "admin.product-details.action.render", trigger: "product_page" },
] as const;

/** Only what the CLI needs; no analytics, no prompts, no upgrade check. */
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { CI: "1", SHOPIFY_CLI_NO_ANALYTICS: "1", SHOPIFY_CLI_SKIP_VERSION_CHECK: "1", NODE_ENV: "production" };
  for (const name of ["PATH", "HOME", "LANG", "TMPDIR"]) if (process.env[name]) env[name] = process.env[name];
  return env;
}

const bundlePath = (handle: string) => path.join(ROOT, "extensions", handle, "dist", `${handle}.js`);

let buildOutput = "";

beforeAll(async () => {
  expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(22); // the CLI needs Node 22
  for (const { handle } of EXTENSIONS) rmSync(path.join(ROOT, "extensions", handle, "dist"), { recursive: true, force: true });
  const { stdout, stderr } = await run(process.execPath, [CLI, "app", "build", "--skip-dependencies-installation", "--path", ROOT], {
    cwd: ROOT,
    env: cliEnv(),
    maxBuffer: 16 * 1024 * 1024,
    timeout: 240_000,
  });
  buildOutput = `${stdout}\n${stderr}`;
}, 300_000);

describe("shopify app build", () => {
  it.each(EXTENSIONS)("bundles $handle and registers it on $target", ({ handle, target }) => {
    expect(buildOutput).toContain(`${handle} successfully built`);
    const file = bundlePath(handle);
    expect(existsSync(file)).toBe(true);
    const bundle = readFileSync(file, "utf8");
    expect(bundle).toContain(`shopify.extend("${target}"`);
    // The shared UI is compiled into each bundle, with the app endpoints it calls.
    expect(bundle).toContain("/api/enrichment/options");
    expect(bundle).toContain("/api/enrichment/jobs");
  });

  it.each(EXTENSIONS)("configures $handle for API 2026-07 with its one target", ({ handle, target }) => {
    const toml = readFileSync(path.join(ROOT, "extensions", handle, "shopify.extension.toml"), "utf8");
    expect(toml).toMatch(/^api_version = "2026-07"$/m);
    expect(toml).toContain(`handle = "${handle}"`);
    expect([...toml.matchAll(/^target = "([^"]+)"$/gm)].map((m) => m[1])).toEqual([target]);
  });

  it.each(EXTENSIONS)("starts $handle's jobs with the $trigger trigger", ({ handle, trigger }) => {
    const bundle = readFileSync(bundlePath(handle), "utf8");
    expect(bundle).toContain(`trigger:"${trigger}"`);
  });
});

describe("extension sources", () => {
  it.each(EXTENSIONS)("$handle typechecks against @shopify/ui-extensions 2026.7 with Preact JSX", async ({ handle }) => {
    const result = await run(process.execPath, [TSC, "-p", path.join(ROOT, "extensions", handle, "tsconfig.json")], { cwd: ROOT, timeout: 240_000 }).then(
      () => ({ ok: true, output: "" }),
      (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ""}${error.stderr ?? ""}` }),
    );
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  }, 240_000);

  it("has every text the action shows in both extensions' locale files", () => {
    const source = readFileSync(path.join(ROOT, "extensions/enrich-selection/src/enrich/EnrichAction.tsx"), "utf8");
    const literalKeys = [...source.matchAll(/\bt\("([\w.]+)"/g)].map((m) => m[1]!);
    expect(literalKeys.length).toBeGreaterThan(20);
    const taskKeys = TASK_IDS.flatMap((id) => [`tasks.${id}.label`, `tasks.${id}.details`]);
    for (const { handle } of EXTENSIONS) {
      const locale = JSON.parse(readFileSync(path.join(ROOT, "extensions", handle, "locales/en.default.json"), "utf8")) as Record<string, unknown>;
      const lookup = (key: string) => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], locale);
      expect(typeof locale.name).toBe("string");
      const missing = [...new Set([...literalKeys, ...taskKeys])].filter((key) => {
        const value = lookup(key);
        // Pluralised texts are objects with "one" and "other".
        return !(typeof value === "string" || (typeof value === "object" && value !== null && "other" in value));
      });
      expect(missing, `${handle} lacks texts`).toEqual([]);
    }
  });
});

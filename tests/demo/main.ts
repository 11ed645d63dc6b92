// `npm run demo`: the app, inside a local admin frame, against simulated Shopify and providers.
// `npm run demo -- --once …`: one catalog-wide job end to end, a report, and exit (see args.ts).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseDemoArgs, USAGE, type DemoArgs } from "./args";
import { runCatalogJob, SEED_TASKS } from "./catalog-job";
import { startDemoEnvironment, type DemoEnvironment } from "./environment";
import { shopifyCallsBetween } from "./shopify-calls";
import { writeJsonFile, type DemoReport } from "./report";
import { REPO_ROOT } from "../support/app-server";

const say = (line: string) => process.stderr.write(`[demo] ${line}\n`);

let environment: DemoEnvironment | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await environment?.close();
  }
  process.exit(code);
}

/**
 * The demo database (tmp/demo/) persists between runs, and so must the secret its provider keys
 * are encrypted with: made once, kept beside the database, readable by this user only.
 */
function keptVaultSecret(): string {
  const file = path.join(REPO_ROOT, "tmp/demo/vault.secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(48).toString("base64");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function runOnce(env: DemoEnvironment, args: DemoArgs): Promise<number> {
  const callsBefore = env.shopify.stats(env.shop);
  const started = Date.now();
  const outcome = await runCatalogJob(env, { tasks: args.tasks ?? SEED_TASKS, locales: args.locales ?? [] });
  const durationMs = Date.now() - started;
  const report: DemoReport = {
    products: outcome.products,
    enriched: outcome.enriched,
    failed: outcome.failed,
    skipped: outcome.skipped,
    shopifyCalls: shopifyCallsBetween(callsBefore, env.shopify.stats(env.shop)),
    usage: outcome.usage,
    cost: outcome.cost,
    durationMs,
    errors: outcome.errors,
    notes: outcome.notes,
  };
  if (args.reportFile) {
    writeJsonFile(args.reportFile, report);
    say(`report written to ${args.reportFile}`);
  }
  if (args.storeOutFile) {
    mkdirSync(path.dirname(path.resolve(args.storeOutFile)), { recursive: true });
    await env.shopify.store.writeJsonl(env.shop, args.storeOutFile);
    say(`store written to ${args.storeOutFile}`);
  }
  for (const note of report.notes) say(`note: ${note}`);
  for (const error of report.errors) say(`error: ${error.message}`);
  if (!outcome.completed) {
    say("the job did not complete; the app's last output:");
    process.stderr.write(`${env.appOutput()}\n`);
    return 1;
  }
  say(`job completed: ${report.products} products, ${report.enriched} enriched, ${report.skipped} skipped`);
  return 0;
}

async function main() {
  let args: DemoArgs;
  try {
    args = parseDemoArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      say(`${signal}: stopping…`);
      void stop(signal === "SIGINT" ? 130 : 143);
    });
  }

  environment = await startDemoEnvironment({
    productCount: args.count,
    productsFile: args.productsFile,
    providerUrls: args.providerUrls,
    vaultSecret: keptVaultSecret(),
    // A provider key per simulated provider and the default assignments, as issue 2 asks.
    seedProviders: true,
    // Another demo database (e.g. a test's, so it never touches the one a running demo uses).
    databaseUrl: process.env.DEMO_DATABASE_URL || undefined,
    // The app's request log is useful when clicking around, noise in a headless run.
    log: args.once ? (line) => !line.startsWith("[app]") && say(line) : say,
  });

  if (args.once) {
    await stop(await runOnce(environment, args));
  }

  const { shop, adminUrl, appUrl, shopify, providers } = environment;
  say(`Shopify simulator: ${shopify.url}`);
  for (const provider of Object.values(providers)) {
    say(`${provider.kind.padEnd(9)} ${provider.url}${provider.simulator ? " (simulator)" : ""}`);
  }
  say(`app (SHOPIFY_APP_URL): ${appUrl}`);
  process.stdout.write(`\nBYOK Enrich is running for ${shop}. Open the admin:\n\n  ${adminUrl}\n\nCtrl-C stops everything.\n`);
}

main().catch(async (error) => {
  say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await stop(1);
});

// Shared set-up for the pipeline and job tests: a Shopify simulator with a seeded shop, provider
// simulators, keys stored through the vault and assigned, the app's Admin client reaching the
// simulator over HTTP, and a count of writes per product (every write Shopify records moves the
// product's updatedAt: the simulator's `touch`, observed here).
import { spawn } from "node:child_process";
import { dedicateJobRunnerTo } from "../support/job-scope";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createAdminApiClient } from "@shopify/admin-api-client";
import prisma from "../../app/db.server";
import { setAssignment } from "../../app/assignments/assignments.server";
import { ShopifyAdmin } from "../../app/catalog/admin-client";
import { advanceJob, type PipelineDeps, type PipelineEvent, type PipelineSettings } from "../../app/enrichment/pipeline.server";
import { PassThroughScheduler } from "../../app/jobs/scheduler-port";
import { storeProviderKey } from "../../app/vault/provider-keys.server";
import { startProviderSimulator, type ProviderSimulator, type ProviderSimulatorOptions } from "../simulators/providers/server";
import { routeShopifyFetch } from "../simulators/shopify/route-fetch";
import { startShopifySimulator, type ShopifySimulator } from "../simulators/shopify/server";
import { readAppConfig } from "../demo/environment";
import { storeOfflineSession } from "../demo/offline-session";
import { REPO_ROOT, childEnv, nodeBinary } from "../support/app-server";

export const API_KEY = "pipeline-test-client-id";
export const API_SECRET = "pipeline-test-client-secret";
export const FAST_WAIT = { pollIntervalMs: { initial: 10, max: 60 } };

/** Tests reach simulators on 127.0.0.1: the self-hosting setting allows it. */
export function allowLocalProviders(): void {
  process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
}

/** A fresh shop; this test process's job runner (if any) looks after it. */
export function newShop(prefix = "pipeline"): string {
  const shop = `${prefix}-${randomUUID().slice(0, 8)}.myshopify.com`;
  dedicateJobRunnerTo(shop);
  return shop;
}

export async function startShopify(options: { bulkOperationDelayMs?: number } = {}): Promise<ShopifySimulator> {
  return startShopifySimulator({ apiKey: API_KEY, apiSecret: API_SECRET, bulkOperationDelayMs: options.bulkOperationDelayMs ?? 20 });
}

/** The app's Admin access for a shop: an offline token, through the official client, over HTTP. */
export function adminFactory(shopify: ShopifySimulator): (shop: string) => Promise<ShopifyAdmin> {
  const fetchApi = routeShopifyFetch(shopify.url);
  return async (shop) => {
    const client = createAdminApiClient({
      storeDomain: shop,
      apiVersion: "2026-10",
      accessToken: shopify.issueAccessToken(shop),
      customFetchApi: fetchApi,
    });
    return new ShopifyAdmin((query, options) => client.fetch(query, options), { fetch: fetchApi });
  };
}

/** Counts writes per product id from now on (productUpdate, bulk lines, metafieldsSet…). */
export function countWrites(shopify: ShopifySimulator, shop: string): Map<string, number> {
  const data = shopify.store.shop(shop);
  const counts = new Map<string, number>();
  const touch = data.touch.bind(data);
  data.touch = (product) => {
    counts.set(product.id, (counts.get(product.id) ?? 0) + 1);
    touch(product);
  };
  return counts;
}

export const providerKeyFor = (kind: string) => `sk-${kind}-${randomUUID().replace(/-/g, "")}`;

const BASE_PATH: Record<string, string> = { openai: "/v1", gemini: "/v1beta/openai/", ollama: "/v1", anthropic: "", mistral: "", deepl: "" };

/** Stores a key for a provider simulator through the vault (base URL pointing at it). */
export async function storeKeyFor(shop: string, sim: ProviderSimulator, apiKey: string, label = sim.kind) {
  return storeProviderKey({ shop, provider: sim.kind, label, apiKey, baseUrl: `${sim.url}${BASE_PATH[sim.kind] ?? ""}` });
}

export interface ProviderSetup {
  sim: ProviderSimulator;
  keyId: string;
}

export async function startProvider(shop: string, options: ProviderSimulatorOptions): Promise<ProviderSetup> {
  const apiKey = providerKeyFor(options.kind);
  const sim = await startProviderSimulator({ ...options, keys: [apiKey] });
  const key = await storeKeyFor(shop, sim, apiKey);
  return { sim, keyId: key.id };
}

export async function assignEnrichment(shop: string, primary: ProviderSetup, model: string, fallback?: { setup: ProviderSetup; model: string }) {
  return setAssignment({
    shop,
    context: "enrichment",
    providerKeyId: primary.keyId,
    model,
    fallbackProviderKeyId: fallback?.setup.keyId ?? null,
    fallbackModel: fallback?.model ?? null,
  });
}

export function pipelineDeps(
  adminFor: (shop: string) => Promise<ShopifyAdmin>,
  overrides: Partial<Omit<PipelineDeps, "settings">> & { settings?: Partial<PipelineSettings>; events?: PipelineEvent[] } = {},
): PipelineDeps {
  const { events, settings, ...rest } = overrides;
  return {
    workerId: `test-${randomUUID().slice(0, 8)}`,
    adminFor,
    scheduler: new PassThroughScheduler(8),
    providerTransport: { timeoutMs: 10_000, maxRetries: 0 },
    settings: { wait: FAST_WAIT, ...settings },
    onEvent: events ? (e) => events.push(e) : undefined,
    ...rest,
  };
}

/** Advances a job until it no longer is runnable (finished, paused, awaiting someone). */
export async function runJob(deps: PipelineDeps, jobId: string, maxSteps = 50): Promise<string> {
  for (let step = 0; step < maxSteps; step++) {
    await advanceJob(deps, jobId);
    const job = await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } });
    if (job.status !== "queued" && job.status !== "running") return job.status;
  }
  throw new Error(`job ${jobId} still runnable after ${maxSteps} steps`);
}

export async function itemsOf(jobId: string) {
  return prisma.jobItem.findMany({ where: { jobId }, orderBy: { position: "asc" } });
}

/** The merchant editing in the Shopify admin: the same API, another caller. */
export function merchantGraphql(shopify: ShopifySimulator, shop: string) {
  const client = createAdminApiClient({
    storeDomain: shop,
    apiVersion: "2026-10",
    accessToken: shopify.issueAccessToken(shop),
    customFetchApi: routeShopifyFetch(shopify.url),
  });
  return async <T = unknown>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const { data, errors } = await client.request(query, { variables });
    if (errors) throw new Error(JSON.stringify(errors));
    return data as T;
  };
}

// ── Worker processes (`npm run worker`'s entry, in a child process) ──────────────────────────

export interface WorkerProcess {
  pid: number;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Starts app/jobs/worker.ts the way `npm run worker` does (tsx), with the demo's preload that
 * sends the Shopify libraries' calls to the simulator, dedicated to `shop` (JOB_SHOPS). The
 * shop's offline session must be stored.
 */
export function spawnWorker(shopify: ShopifySimulator, shop: string, env: Record<string, string | undefined> = {}): WorkerProcess {
  const preload = pathToFileURL(path.join(REPO_ROOT, "tests/demo/app-preload.ts")).href;
  const { apiKey, scopes } = readAppConfig();
  const child = spawn(nodeBinary(), ["--import", "tsx", "--import", preload, path.join(REPO_ROOT, "app/jobs/worker.ts")], {
    cwd: REPO_ROOT,
    env: childEnv({
      DATABASE_URL: process.env.DATABASE_URL,
      SHOPIFY_API_KEY: apiKey,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: "https://byok-enrich.example",
      SCOPES: scopes,
      DEMO_SHOPIFY_SIMULATOR_URL: shopify.url,
      BYOK_ALLOW_PRIVATE_PROVIDER_URLS: "true",
      // Above SQLite's 5 s busy timeout: while a process waits for the database lock its event loop
      // (and heartbeat) stands still, and it must not be taken for dead meanwhile.
      JOB_STALE_AFTER_MS: "8000",
      JOB_POLL_INTERVAL_MS: "200",
      JOB_BULK_POLL_MS: "50",
      // Test files share one database: each worker looks after its own test's shop only.
      JOB_SHOPS: shop,
      ...env,
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > 300) lines.splice(0, lines.length - 300);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { pid: child.pid!, output: () => lines.join("\n"), exited, kill: (signal) => child.kill(signal) };
}

/** The shop's offline session where the app (unauthenticated.admin) looks for it. */
export async function installApp(shopify: ShopifySimulator, shop: string): Promise<void> {
  const { scopes } = readAppConfig();
  await storeOfflineSession({ databaseUrl: process.env.DATABASE_URL!, shop, accessToken: shopify.issueAccessToken(shop, scopes), scope: scopes });
}

/** Polls `check` until it returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 60_000, describe?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${describe ? `\n${describe()}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

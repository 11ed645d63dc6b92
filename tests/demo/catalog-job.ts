// The one place where `npm run demo -- --once` runs a catalog-wide job against a running demo
// environment, with the app's real pipeline (app/jobs, app/enrichment/pipeline*): with the provider
// keys and default assignments the environment seeded through the key vault (seed-providers.ts:
// OpenAI gpt-4o-mini for batch enrichment, DeepL for translation), a "preview on 3 products"
// runs first as a merchant would (its real output refines the estimate), then one catalog job in
// publish mode runs to its end in the in-process job runner — the runner the app server runs —
// against the demo's database. Shopify is reached with the shop's stored offline session (its
// access token, through the official Admin API client) on the simulator; providers through the
// base-URL guard with the self-hosting setting on (the simulators listen on 127.0.0.1).
import { createAdminApiClient } from "@shopify/admin-api-client";
import type { DemoEnvironment } from "./environment";
import { loadOfflineSession } from "./offline-session";
import { noUsage, type ReportError, type UsageTotals } from "./report";
import { routeShopifyFetch } from "../simulators/shopify/route-fetch";

/** The seed workload: title, description and five attributes (metafields). */
export const SEED_TASKS = ["title", "description", "attributes"];

export interface CatalogJobRequest {
  tasks: string[];
  /** Locales to translate into (besides the shop's primary one). */
  locales: string[];
}

export interface CatalogJobOutcome {
  /** The job ran to its end (items may still have failed). */
  completed: boolean;
  products: number;
  enriched: number;
  failed: number;
  skipped: number;
  usage: UsageTotals;
  cost: { estimated: number; actual: number; currency: string };
  errors: ReportError[];
  notes: string[];
}

const PREVIEW_SIZE = 3;
const MAX_REPORTED_ERRORS = 50;
const JOB_TIMEOUT_MS = 30 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCatalogJob(env: DemoEnvironment, request: CatalogJobRequest): Promise<CatalogJobOutcome> {
  const errors: ReportError[] = [];
  const notes: string[] = [];
  const outcome: CatalogJobOutcome = {
    completed: false,
    products: 0,
    enriched: 0,
    failed: 0,
    skipped: 0,
    usage: noUsage(),
    cost: { estimated: 0, actual: 0, currency: "USD" },
    errors,
    notes,
  };

  // The app's modules read these when first imported: the demo's database, local providers allowed.
  process.env.DATABASE_URL = env.databaseUrl;
  process.env.BYOK_ALLOW_PRIVATE_PROVIDER_URLS = "true";
  const { default: prisma } = await import("../../app/db.server");
  const { ShopifyAdmin } = await import("../../app/catalog/admin-client");
  const { createJob, getJobView } = await import("../../app/jobs/job-store.server");
  const { JobRunner } = await import("../../app/jobs/runner.server");
  const { callScheduler } = await import("../../app/jobs/runtime.server");

  const shop = env.shop;
  const session = await loadOfflineSession(env.databaseUrl, shop);
  if (!session?.accessToken) {
    errors.push({ message: `no stored offline session for ${shop}` });
    return outcome;
  }
  const fetchApi = routeShopifyFetch(env.shopify.url);
  const client = createAdminApiClient({ storeDomain: shop, apiVersion: "2026-10", accessToken: session.accessToken, customFetchApi: fetchApi });
  const adminFor = async () => new ShopifyAdmin((query, options) => client.fetch(query, options), { fetch: fetchApi });

  // startDemoEnvironment({ seedProviders: true }) stored them with the app's vault secret.
  const keyIds = env.providerKeyIds;
  if (!keyIds) {
    errors.push({ message: "the demo environment was started without provider keys (seedProviders)" });
    return outcome;
  }
  notes.push(
    `Stored ${Object.keys(keyIds).length} provider keys through the vault (${Object.keys(keyIds).join(", ")}); ` +
      "assigned OpenAI gpt-4o-mini to batch enrichment and DeepL to translation.",
  );

  const runner = await new JobRunner({
    deps: {
      adminFor,
      // The app's per-key call scheduler (limits learnt from the providers' headers); it retries, the SDKs do not.
      scheduler: callScheduler(),
      providerTransport: { maxRetries: 0 },
      settings: { previewSize: PREVIEW_SIZE, wait: { pollIntervalMs: { initial: 50, max: 1000 } } },
    },
    pollIntervalMs: 250,
    log: (line) => notes.push(line),
  }).start();

  const waitForEnd = async (jobId: string) => {
    const deadline = Date.now() + JOB_TIMEOUT_MS;
    for (;;) {
      const job = await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } });
      if (!["queued", "running"].includes(job.status)) return job;
      if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish within ${JOB_TIMEOUT_MS / 60_000} minutes`);
      await sleep(200);
    }
  };

  try {
    const tasks = request.tasks;
    // 1. Preview on 3 products: real calls, nothing written; what the model really writes for this shop refines the estimate.
    const preview = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, tasks, preview: true, mode: "review" });
    await waitForEnd(preview.id);
    const previewView = await getJobView(shop, preview.id);
    notes.push(
      `Preview on ${previewView.counts.total} products: ${previewView.spend.calls} real calls ($${Number(previewView.spend.cost).toFixed(6)}), nothing written.`,
    );

    // 2. The catalog job, publish mode: estimate stored before the first call, then generate and write.
    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, tasks, mode: "publish" });
    const finished = await waitForEnd(job.id);
    const view = await getJobView(shop, job.id);
    const by = view.counts.byStatus;
    outcome.products = view.counts.total;
    outcome.enriched = by.written ?? 0;
    outcome.failed = (by.failed ?? 0) + (by.conflict ?? 0);
    outcome.skipped = outcome.products - outcome.enriched - outcome.failed;
    outcome.usage = { ...view.spend.usage };
    outcome.cost = {
      estimated: Number(view.estimate?.cost ?? 0),
      actual: Number(view.spend.cost),
      currency: view.estimate?.currency ?? "USD",
    };
    outcome.completed = finished.status === "completed" || finished.status === "awaiting_review";
    if (!outcome.completed) errors.push({ message: `the job ended ${finished.status}${finished.error ? `: ${finished.error}` : ""}` });

    const problems = await prisma.jobItem.findMany({
      where: { jobId: job.id, status: { in: ["failed", "conflict"] } },
      orderBy: { position: "asc" },
      take: MAX_REPORTED_ERRORS,
      select: { productId: true, error: true },
    });
    errors.push(...problems.map((p) => ({ productId: p.productId, message: p.error ?? "failed" })));

    const estimate = view.estimate;
    if (estimate) {
      const deviation = outcome.cost.actual > 0 ? ((outcome.cost.estimated - outcome.cost.actual) / outcome.cost.actual) * 100 : 0;
      notes.push(
        `Job ${job.id}: ${finished.status}; items ${JSON.stringify(by)}. Estimate (before the first call) ` +
          `$${outcome.cost.estimated.toFixed(6)} for ${estimate.itemCount} requests to ${estimate.provider}/${estimate.model} ` +
          `(${estimate.usage.inputTokens.total} input tokens, ${estimate.usage.inputTokens.cacheRead} of them cached, ` +
          `${estimate.usage.outputTokens} output tokens; ${estimate.priceSource}); actual from the ledger $${outcome.cost.actual.toFixed(6)} ` +
          `over ${view.spend.calls} calls (${deviation >= 0 ? "+" : ""}${deviation.toFixed(1)}%).`,
        `Output-size calibration from this shop's earlier calls: ×${estimate.calibration.ratio} over ${estimate.calibration.samples} samples ` +
          `(the tasks' own expectation alone estimated $${Number(estimate.uncalibratedCost ?? 0).toFixed(6)}).`,
      );
    }
    const held = (by.needs_review ?? 0) + (by.generated ?? 0);
    if (held) notes.push(`${held} products wait for review (a check flagged a field); they count as skipped here.`);
    if (request.locales.length) {
      notes.push(`Translation into ${request.locales.join(", ")} was not run: translation jobs are not part of this pipeline yet.`);
    }
  } catch (error) {
    errors.push({ message: error instanceof Error ? error.message : String(error) });
  } finally {
    await runner.stop();
  }
  for (const provider of Object.values(env.providers)) {
    if (!provider.simulator) notes.push(`Provider ${provider.kind} goes to ${provider.url} (--provider-url), not to its simulator.`);
  }
  return outcome;
}

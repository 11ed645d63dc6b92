// How this process runs jobs. The app server calls ensureJobRuntime() once at start (and any
// action that creates a job calls it too): without REDIS_URL it runs the in-process runner, with
// REDIS_URL it only sends queue messages and `npm run worker` processes do the work. Shopify is
// reached with the shop's offline session (unauthenticated.admin), providers through the
// base-URL guard, every call through the call scheduler.
import { ShopifyAdmin } from "../catalog/admin-client";
import type { PipelineDeps, PipelineSettings } from "../enrichment/pipeline.server";
import { JobQueueProducer, JobQueueWorker } from "./queue.server";
import { JobRunner } from "./runner.server";
import { createCallScheduler } from "./provider-scheduler.server";
import { PassThroughScheduler, type CallScheduler } from "./scheduler-port";

/** The shop's Admin API through the app's offline session (the same path as any background work). */
export async function shopAdmin(shop: string): Promise<ShopifyAdmin> {
  const { unauthenticated } = await import("../shopify.server");
  const { admin } = await unauthenticated.admin(shop);
  return new ShopifyAdmin((query, options) => admin.graphql(query, options));
}

function numberFromEnv(name: string): number | undefined {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Settings from the environment (operators tune these; tests shorten them). */
export function settingsFromEnv(): Partial<PipelineSettings> {
  const settings: Partial<PipelineSettings> = {};
  const stale = numberFromEnv("JOB_STALE_AFTER_MS");
  if (stale) settings.staleWorkerMs = stale;
  const concurrency = numberFromEnv("JOB_GENERATE_CONCURRENCY");
  if (concurrency) settings.generateConcurrency = concurrency;
  const poll = numberFromEnv("JOB_BULK_POLL_MS");
  if (poll) settings.wait = { pollIntervalMs: { initial: poll, max: Math.max(poll, 10_000) } };
  return settings;
}

/** JOB_SHOPS=a.myshopify.com,b.myshopify.com: a runner dedicated to these shops' jobs (read at each sweep). */
function shopsFromEnv(): string[] | undefined {
  const shops = (process.env.JOB_SHOPS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return shops.length ? shops : undefined;
}

let scheduler: CallScheduler | undefined;
/**
 * One scheduler per process, so every job's calls on a key share its limits: learnt from the
 * provider's rate-limit headers, honouring Retry-After, and shared with every worker through
 * Redis when REDIS_URL is set. JOB_CALL_SCHEDULER=passthrough keeps only a concurrency cap.
 */
export function callScheduler(): CallScheduler {
  if (!scheduler) {
    scheduler =
      process.env.JOB_CALL_SCHEDULER === "passthrough"
        ? new PassThroughScheduler(8)
        : createCallScheduler({
            redis: process.env.REDIS_URL || undefined,
            keyPrefix: process.env.JOB_QUEUE_PREFIX ? `${process.env.JOB_QUEUE_PREFIX}:calls` : undefined,
          });
  }
  return scheduler;
}

export function appPipelineDeps(): Omit<PipelineDeps, "workerId" | "signal"> {
  return {
    adminFor: shopAdmin,
    scheduler: callScheduler(),
    // The scheduler retries 429s (after Retry-After) and transient failures itself: the SDKs must not.
    providerTransport: process.env.JOB_CALL_SCHEDULER === "passthrough" ? undefined : { maxRetries: 0 },
    settings: settingsFromEnv(),
  };
}

type Runtime = { kind: "in-process"; runner: JobRunner } | { kind: "queue"; producer: JobQueueProducer };

declare global {
  // eslint-disable-next-line no-var
  var byokJobRuntime: Promise<Runtime> | undefined;
}

/** Starts this process's job runtime once (survives Remix's module reloads in development). */
export function ensureJobRuntime(log: (line: string) => void = (line) => console.warn(line)): Promise<Runtime> {
  globalThis.byokJobRuntime ??= (async (): Promise<Runtime> => {
    const redisUrl = process.env.REDIS_URL;
    if (redisUrl) return { kind: "queue", producer: new JobQueueProducer(redisUrl).listen() };
    const runner = await new JobRunner({ deps: appPipelineDeps(), pollIntervalMs: numberFromEnv("JOB_POLL_INTERVAL_MS"), shops: shopsFromEnv, log }).start();
    return { kind: "in-process", runner };
  })();
  return globalThis.byokJobRuntime;
}

/** `npm run worker`: a queue worker with REDIS_URL, else a standalone in-process runner. */
export async function startWorkerProcess(log: (line: string) => void): Promise<{ stop(): Promise<void>; describe: string }> {
  const redisUrl = process.env.REDIS_URL;
  if (redisUrl) {
    const worker = await new JobQueueWorker({
      redisUrl,
      deps: appPipelineDeps(),
      concurrency: numberFromEnv("WORKER_CONCURRENCY"),
      sweepIntervalMs: numberFromEnv("JOB_POLL_INTERVAL_MS"),
      shops: shopsFromEnv,
      log,
    }).start();
    return { stop: () => worker.stop(), describe: `queue worker ${worker.workerId}` };
  }
  const runner = await new JobRunner({ deps: appPipelineDeps(), pollIntervalMs: numberFromEnv("JOB_POLL_INTERVAL_MS"), shops: shopsFromEnv, log }).start();
  return { stop: () => runner.stop(), describe: `job runner ${runner.workerId} (no REDIS_URL: polling the database)` };
}

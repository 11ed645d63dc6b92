// With REDIS_URL: BullMQ carries "this job can advance" to `npm run worker` processes. Two worker
// processes work on the same job at once — each claims items in the database — and every
// product is generated once and written once. Needs Redis at 127.0.0.1:6379 (REDIS_URL overrides).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { createJob } from "../../app/jobs/job-store.server";
import { JobQueueProducer } from "../../app/jobs/queue.server";
import type { ShopifySimulator } from "../simulators/shopify/server";
import {
  allowLocalProviders,
  assignEnrichment,
  countWrites,
  installApp,
  itemsOf,
  newShop,
  spawnWorker,
  startProvider,
  startShopify,
  waitFor,
  type ProviderSetup,
  type WorkerProcess,
} from "./pipeline-harness";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
// A queue of this run's own: other runs and installs on the same Redis never see its messages.
const QUEUE_PREFIX = `byok-test-${randomUUID().slice(0, 8)}`;

let shopify: ShopifySimulator;
let openai: ProviderSetup | undefined;
let producer: JobQueueProducer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  allowLocalProviders();
  shopify = await startShopify();
  process.env.JOB_QUEUE_PREFIX = QUEUE_PREFIX;
  producer = new JobQueueProducer(REDIS_URL).listen(); // what the app server runs with REDIS_URL
});

afterAll(async () => {
  for (const worker of workers) worker.kill("SIGKILL");
  await producer?.queue.obliterate({ force: true }).catch(() => {});
  await producer?.close();
  delete process.env.JOB_QUEUE_PREFIX;
  await openai?.sim.close();
  await shopify?.close();
});

describe("the same job through BullMQ with two worker processes", { timeout: 180_000 }, () => {
  it("generates and writes each product exactly once, with both workers taking items", async () => {
    const shop = newShop("queue");
    shopify.store.seedGenerated(shop, 40, { seed: 53, poorContentShare: 0 });
    await installApp(shopify, shop);
    openai = await startProvider(shop, { kind: "openai", latencyMs: 80 });
    await assignEnrichment(shop, openai, "gpt-4o-mini");
    const writes = countWrites(shopify, shop);

    // No worker dies here: a long staleness, so a worker waiting on a busy database is never taken for dead.
    const env = { REDIS_URL, JOB_QUEUE_PREFIX: QUEUE_PREFIX, JOB_GENERATE_CONCURRENCY: "3", WORKER_CONCURRENCY: "2", JOB_STALE_AFTER_MS: "30000" };
    workers.push(spawnWorker(shopify, shop, env), spawnWorker(shopify, shop, env));
    const output = () => workers.map((w, i) => `--- worker ${i}\n${w.output()}`).join("\n");
    await waitFor(async () => (await prisma.jobWorker.count({ where: { id: { startsWith: "queue-worker" } } })) >= 2, "both workers", 60_000, output);

    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, mode: "publish" });
    const done = await waitFor(
      async () => {
        const row = await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: job.id } });
        return ["completed", "awaiting_review", "failed"].includes(row.status) ? row : undefined;
      },
      "the job to finish",
      120_000,
      output,
    );
    expect(done.status).toMatch(/completed|awaiting_review/);

    const items = await itemsOf(job.id);
    expect(items).toHaveLength(40);
    // Generated once: one successful call per item, as many requests as ledger rows.
    const ledger = await prisma.usageEvent.findMany({ where: { jobId: job.id } });
    expect(ledger.filter((e) => e.outcome === "ok")).toHaveLength(40);
    expect(new Set(ledger.map((e) => e.itemId)).size).toBe(40);
    // Every answered call is in the ledger (an attempt the SDK retried after a dropped connection bills nothing).
    const answered = openai.sim.requests().filter((r) => r.path.endsWith("/chat/completions") && r.status === 200);
    expect(answered).toHaveLength(ledger.length);
    // Written once.
    const written = items.filter((i) => i.status === "written");
    expect(written.length).toBeGreaterThan(30);
    for (const item of written) expect(writes.get(item.productId)).toBe(1);
    expect([...writes.values()].every((n) => n === 1)).toBe(true);
    // Both processes did part of the work.
    const generatedBy = new Set(items.map((i) => i.claimedBy));
    expect(generatedBy.size).toBe(2);
  });
});

// A runner killed mid-job (SIGKILL: no clean-up, as in a crash or a redeploy) and started again
// finishes the job, writing each product exactly once: items it was generating go back to the
// queue when its heartbeat goes stale, and a bulk write it had submitted is resumed by polling
// that operation — never submitted again. The runner is `npm run worker`'s entry without Redis
// (the in-process runner, in its own process so it can be killed), reaching Shopify through the
// app's offline session and the library's fetch hook.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { createJob } from "../../app/jobs/job-store.server";
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

const providers: ProviderSetup[] = [];
const simulators: ShopifySimulator[] = [];
const workers: WorkerProcess[] = [];

beforeAll(() => allowLocalProviders());

afterAll(async () => {
  for (const worker of workers) worker.kill("SIGKILL");
  await Promise.all(providers.map((p) => p.sim.close()));
  await Promise.all(simulators.map((s) => s.close()));
});

async function setUp(products: number, options: { bulkOperationDelayMs: number; latencyMs: number }) {
  const shopify = await startShopify({ bulkOperationDelayMs: options.bulkOperationDelayMs });
  simulators.push(shopify);
  const shop = newShop("resume");
  shopify.store.seedGenerated(shop, products, { seed: 41, poorContentShare: 0 });
  await installApp(shopify, shop);
  const openai = await startProvider(shop, { kind: "openai", latencyMs: options.latencyMs });
  providers.push(openai);
  await assignEnrichment(shop, openai, "gpt-4o-mini");
  return { shopify, shop, openai, writes: countWrites(shopify, shop) };
}

function worker(shopify: ShopifySimulator, shop: string): WorkerProcess {
  const w = spawnWorker(shopify, shop, { JOB_GENERATE_CONCURRENCY: "4" });
  workers.push(w);
  return w;
}

const finished = (jobId: string) => async () => {
  const job = await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } });
  return ["completed", "awaiting_review", "failed"].includes(job.status) ? job : undefined;
};

describe("a runner killed mid-job and started again", { timeout: 180_000 }, () => {
  it("killed while generating: the restarted runner finishes, and each product is written exactly once", async () => {
    const { shopify, shop, writes } = await setUp(40, { bulkOperationDelayMs: 20, latencyMs: 60 });
    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, mode: "publish" });

    const first = worker(shopify, shop);
    await waitFor(
      async () => (await prisma.jobItem.count({ where: { jobId: job.id, status: { notIn: ["pending", "generating"] } } })) >= 10,
      "10 generated items",
      60_000,
      first.output,
    );
    first.kill("SIGKILL");
    await first.exited;
    const stranded = await prisma.jobItem.count({ where: { jobId: job.id, status: "generating" } });
    expect(stranded).toBeGreaterThan(0); // it died with calls in flight
    expect(writes.size).toBe(0);

    const second = worker(shopify, shop);
    const done = await waitFor(finished(job.id), "the job to finish", 90_000, second.output);
    expect(done.status).toMatch(/completed|awaiting_review/);
    second.kill("SIGTERM");

    const items = await itemsOf(job.id);
    expect(items).toHaveLength(40);
    expect(items.filter((i) => ["pending", "generating", "writing"].includes(i.status))).toHaveLength(0);
    const written = items.filter((i) => i.status === "written");
    expect(written.length).toBeGreaterThan(30);
    for (const item of written) expect(writes.get(item.productId)).toBe(1);
    for (const item of items.filter((i) => i.status !== "written")) expect(writes.get(item.productId)).toBeUndefined();
    // Both runners generated: the first before it died, the second after.
    expect(new Set(items.map((i) => i.claimedBy)).size).toBe(2);
  });

  it("killed after submitting the bulk write: the restart polls that operation instead of submitting again", async () => {
    const { shopify, shop, writes } = await setUp(24, { bulkOperationDelayMs: 2500, latencyMs: 0 });
    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, mode: "publish" });

    const first = worker(shopify, shop);
    const batch = await waitFor(
      () => prisma.jobWriteBatch.findFirst({ where: { jobId: job.id, bulkOperationId: { not: null } } }).then((b) => b ?? undefined),
      "a submitted bulk write",
      90_000,
      first.output,
    );
    first.kill("SIGKILL");
    await first.exited;
    const mutationsAtKill = shopify.stats(shop).bulkMutations;
    expect(mutationsAtKill).toBe(1);
    expect(writes.size).toBe(0); // still running at Shopify when the runner died

    const second = worker(shopify, shop);
    await waitFor(finished(job.id), "the job to finish", 90_000, second.output);
    second.kill("SIGTERM");

    expect(shopify.stats(shop).bulkMutations).toBe(mutationsAtKill);
    const after = await prisma.jobWriteBatch.findUniqueOrThrow({ where: { id: batch.id } });
    expect(after.status).toBe("done");
    expect(after.owner).not.toBe(batch.owner);
    const written = (await itemsOf(job.id)).filter((i) => i.status === "written");
    expect(written.length).toBe((after.lines as string[]).length);
    for (const item of written) expect(writes.get(item.productId)).toBe(1);
    expect([...writes.values()].every((n) => n === 1)).toBe(true);
  });
});

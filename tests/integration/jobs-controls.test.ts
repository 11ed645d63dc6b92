// The merchant's controls on a running job, with the in-process runner the app server runs:
// pause stops new calls (calls in flight finish) and resume carries on; cancel stops for good and
// keeps the history; a job that waits after its estimate starts only when told; another shop
// can neither see nor touch a job; bad input is refused before anything runs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import {
  cancelJob,
  createJob,
  decideAll,
  getJob,
  getJobView,
  JobInputError,
  JobNotFoundError,
  JobStateError,
  listJobs,
  pauseJob,
  resumeJob,
  startJob,
} from "../../app/jobs/job-store.server";
import { JobRunner } from "../../app/jobs/runner.server";
import type { ShopifySimulator } from "../simulators/shopify/server";
import {
  adminFactory,
  allowLocalProviders,
  assignEnrichment,
  countWrites,
  FAST_WAIT,
  itemsOf,
  newShop,
  startProvider,
  startShopify,
  waitFor,
  type ProviderSetup,
} from "./pipeline-harness";

let shopify: ShopifySimulator;
const providers: ProviderSetup[] = [];
let runner: JobRunner | undefined;

beforeAll(async () => {
  allowLocalProviders();
  shopify = await startShopify();
});

afterEach(async () => {
  await runner?.stop();
  runner = undefined;
});

afterAll(async () => {
  await Promise.all(providers.map((p) => p.sim.close()));
  await shopify?.close();
});

async function setUp(products: number, latencyMs = 0) {
  const shop = newShop("controls");
  shopify.store.seedGenerated(shop, products, { seed: 61, poorContentShare: 0 });
  const openai = await startProvider(shop, { kind: "openai", latencyMs });
  providers.push(openai);
  await assignEnrichment(shop, openai, "gpt-4o-mini");
  return { shop, openai, writes: countWrites(shopify, shop) };
}

async function startRunner(shop: string) {
  runner = await new JobRunner({
    shops: [shop], // test files share one database: this runner looks after this test's shop only
    deps: { adminFor: adminFactory(shopify), scheduler: new (await import("../../app/jobs/scheduler-port")).PassThroughScheduler(4), settings: { wait: FAST_WAIT, generateConcurrency: 2 } },
    pollIntervalMs: 50,
  }).start();
  return runner;
}

const chats = (setup: ProviderSetup) => setup.sim.requests().filter((r) => r.path.endsWith("/chat/completions")).length;
const status = async (jobId: string) => (await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } })).status;

describe("pause and resume", () => {
  it("pause stops new calls; resume finishes the job, each product written once", async () => {
    const { shop, openai, writes } = await setUp(20, 40);
    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, mode: "publish" });
    await startRunner(shop);
    await waitFor(async () => (await prisma.jobItem.count({ where: { jobId: job.id, status: { notIn: ["pending", "generating"] } } })) >= 4, "some items generated");

    await pauseJob(shop, job.id);
    await runner!.idle(); // calls in flight finish, nothing new starts
    const callsAtPause = chats(openai);
    expect(await status(job.id)).toBe("paused");
    const view = await getJobView(shop, job.id);
    expect(view.pausedReason).toBe("merchant");
    expect(view.counts.byStatus.pending).toBeGreaterThan(0);
    expect(view.counts.byStatus.generating ?? 0).toBe(0);
    runner!.wake();
    await runner!.idle();
    expect(chats(openai)).toBe(callsAtPause);
    await expect(pauseJob(shop, job.id)).rejects.toBeInstanceOf(JobStateError);

    await resumeJob(shop, job.id);
    await waitFor(async () => ((await status(job.id)) === "completed" ? true : undefined), "the job to complete");
    const items = await itemsOf(job.id);
    expect(items.every((i) => i.status === "written")).toBe(true);
    expect(chats(openai)).toBe(20);
    for (const item of items) expect(writes.get(item.productId)).toBe(1);
  });
});

describe("cancel", () => {
  it("stops for good: pending items are skipped, nothing more is generated or written, the job stays in the history", async () => {
    const { shop, openai, writes } = await setUp(16, 40);
    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, mode: "publish" });
    await startRunner(shop);
    await waitFor(async () => (await prisma.jobItem.count({ where: { jobId: job.id, status: { notIn: ["pending", "generating"] } } })) >= 3, "some items generated");
    await cancelJob(shop, job.id);
    await runner!.idle();
    const calls = chats(openai);
    runner!.wake();
    await runner!.idle();
    expect(chats(openai)).toBe(calls);
    expect(await status(job.id)).toBe("cancelled");
    expect(writes.size).toBe(0);
    const items = await itemsOf(job.id);
    expect(items.filter((i) => i.status === "skipped").length).toBeGreaterThan(0);
    expect(items.some((i) => i.status === "pending" || i.status === "approved")).toBe(false);
    expect((await listJobs(shop)).map((j) => [j.id, j.status])).toEqual([[job.id, "cancelled"]]);
    await expect(resumeJob(shop, job.id)).rejects.toBeInstanceOf(JobStateError);
  });
});

describe("a job that waits after its estimate", () => {
  it("spends nothing until it is started", async () => {
    const { shop, openai } = await setUp(5);
    const job = await createJob({ shop, trigger: "bulk_action", scope: { kind: "ids", ids: shopify.store.shop(shop).products().map((p) => p.id) }, autoStart: false });
    await startRunner(shop);
    await waitFor(async () => ((await status(job.id)) === "awaiting_start" ? true : undefined), "the estimate");
    const view = await getJobView(shop, job.id);
    expect(view.estimate?.itemCount).toBe(5);
    expect(Number(view.estimate?.cost)).toBeGreaterThan(0);
    expect(chats(openai)).toBe(0);
    await startJob(shop, job.id);
    await waitFor(async () => ((await status(job.id)) === "awaiting_review" ? true : undefined), "the results");
    expect(chats(openai)).toBe(5);
  });
});

describe("another shop", () => {
  it("can neither see nor touch a job", async () => {
    const { shop } = await setUp(2);
    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, autoStart: false });
    const other = newShop("other");
    await expect(getJob(other, job.id)).rejects.toBeInstanceOf(JobNotFoundError);
    await expect(getJobView(other, job.id)).rejects.toBeInstanceOf(JobNotFoundError);
    await expect(pauseJob(other, job.id)).rejects.toBeInstanceOf(JobNotFoundError);
    await expect(cancelJob(other, job.id)).rejects.toBeInstanceOf(JobNotFoundError);
    await expect(decideAll(other, job.id, "approved")).rejects.toBeInstanceOf(JobNotFoundError);
    expect(await listJobs(other)).toEqual([]);
    expect(await status(job.id)).toBe("queued");
  });
});

describe("input", () => {
  it("is refused before anything runs", async () => {
    const { shop } = await setUp(1);
    await expect(createJob({ shop, trigger: "bulk_action", scope: { kind: "ids", ids: ["gid://shopify/Order/1"] } })).rejects.toBeInstanceOf(JobInputError);
    await expect(createJob({ shop, trigger: "bulk_action", scope: { kind: "ids", ids: [] } })).rejects.toBeInstanceOf(JobInputError);
    await expect(createJob({ shop, trigger: "catalog", scope: { kind: "all" }, tasks: ["poetry"] })).rejects.toBeInstanceOf(JobInputError);
    await expect(createJob({ shop: newShop("nokeys"), trigger: "catalog", scope: { kind: "all" } })).rejects.toThrow(/Add a provider key/);
    expect(await listJobs(shop)).toEqual([]);
  });
});

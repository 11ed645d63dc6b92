// A job end to end against the simulators: pull (bulk query for a catalog, nodes() for a
// selection), the estimate stored before the first call, one request per product, every call in
// the ledger, and the write-back (bulk mutation for many, direct for a handful) that a merchant
// then sees in the shop. Review mode waits for decisions; edits are sanitized.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { APP_METAFIELD_NAMESPACE } from "../../app/catalog/metafields";
import { createJob, decideAll, decideFields, getJobView, publishJob } from "../../app/jobs/job-store.server";
import type { JobEstimateDoc, ProposalDoc } from "../../app/jobs/job-types";
import type { ShopifySimulator } from "../simulators/shopify/server";
import {
  adminFactory,
  allowLocalProviders,
  assignEnrichment,
  countWrites,
  itemsOf,
  newShop,
  pipelineDeps,
  runJob,
  startProvider,
  startShopify,
  type ProviderSetup,
} from "./pipeline-harness";

let shopify: ShopifySimulator;
const providers: ProviderSetup[] = [];

beforeAll(async () => {
  allowLocalProviders();
  shopify = await startShopify();
});

afterAll(async () => {
  await Promise.all(providers.map((p) => p.sim.close()));
  await shopify?.close();
});

async function shopWithOpenAI(products: number, seed = 7) {
  const shop = newShop();
  shopify.store.seedGenerated(shop, products, { seed });
  const openai = await startProvider(shop, { kind: "openai" });
  providers.push(openai);
  await assignEnrichment(shop, openai, "gpt-4o-mini");
  return { shop, openai };
}

describe("a catalog job in publish mode", () => {
  it("estimates before spending, makes one request per product and writes through one bulk mutation", async () => {
    const { shop, openai } = await shopWithOpenAI(30);
    const writes = countWrites(shopify, shop);
    const before = shopify.stats(shop);
    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, mode: "publish" });
    const deps = pipelineDeps(adminFactory(shopify));

    expect(await runJob(deps, job.id)).toBe("completed");

    const view = await getJobView(shop, job.id);
    const estimate = view.estimate as JobEstimateDoc;
    expect(estimate.itemCount).toBe(30);
    expect(estimate.model).toBe("gpt-4o-mini");
    expect(Number(estimate.cost)).toBeGreaterThan(0);
    expect(estimate.budget.ok).toBe(true);

    // One generation request per product, each in the ledger with its cost.
    const chats = openai.sim.requests().filter((r) => r.path.endsWith("/chat/completions"));
    expect(chats).toHaveLength(30);
    const ledger = await prisma.usageEvent.findMany({ where: { jobId: job.id } });
    expect(ledger).toHaveLength(30);
    expect(ledger.every((e) => e.outcome === "ok" && e.cost !== null && e.context === "enrichment")).toBe(true);
    expect(ledger.reduce((s, e) => s + e.inputTokens, 0)).toBe(openai.sim.stats().inputTokens);

    const items = await itemsOf(job.id);
    const written = items.filter((i) => i.status === "written");
    expect(written.length + (view.counts.byStatus.needs_review ?? 0) + (view.counts.byStatus.skipped ?? 0)).toBe(30);
    expect(written.length).toBeGreaterThan(20);

    // Through the bulk path: a bulk query to pull, one bulk mutation to write.
    const after = shopify.stats(shop);
    expect(after.bulkQueries - before.bulkQueries).toBeGreaterThanOrEqual(1);
    expect(after.bulkMutations - before.bulkMutations).toBe(1);
    expect(after.throttled - before.throttled).toBe(0);

    // Each written product: once, with the new title, description and five attributes, originals snapshotted.
    for (const item of written) {
      expect(writes.get(item.productId)).toBe(1);
      const stored = shopify.store.shop(shop).product(item.productId)!;
      const proposal = item.proposal as unknown as ProposalDoc;
      const title = proposal.fields.find((f) => f.field === "title")!;
      expect(stored.title).toBe(title.proposed);
      expect(item.snapshot).toMatchObject({ productId: item.productId, title: title.original });
      const attributes = stored.metafields.filter((m) => m.namespace === APP_METAFIELD_NAMESPACE);
      const approvedAttributes = proposal.fields.filter((f) => f.field.startsWith("attributes.") && f.decision === "approved");
      expect(attributes.map((m) => m.key).sort()).toEqual(approvedAttributes.map((f) => f.metafield!.key).sort());
    }
    expect([...writes.keys()].every((id) => written.some((i) => i.productId === id))).toBe(true);
  });

  it("pulls a small selection with nodes() and writes it with direct mutations", async () => {
    const { shop } = await shopWithOpenAI(12, 9);
    const ids = shopify.store.shop(shop).products().slice(0, 3).map((p) => p.id);
    const before = shopify.stats(shop);
    const job = await createJob({ shop, trigger: "bulk_action", scope: { kind: "ids", ids }, mode: "publish" });
    expect(await runJob(pipelineDeps(adminFactory(shopify)), job.id)).toMatch(/completed|awaiting_review/);
    const after = shopify.stats(shop);
    expect(after.bulkQueries - before.bulkQueries).toBe(0);
    expect(after.bulkMutations - before.bulkMutations).toBe(0);
    const items = await itemsOf(job.id);
    expect(items.map((i) => i.productId).sort()).toEqual([...ids].sort());
  });
});

describe("a job in review mode", () => {
  it("writes nothing until results are approved; an edit is sanitized and written instead of the proposal", async () => {
    const { shop } = await shopWithOpenAI(4, 11);
    const ids = shopify.store.shop(shop).products().map((p) => p.id);
    const writes = countWrites(shopify, shop);
    const job = await createJob({ shop, trigger: "bulk_action", scope: { kind: "ids", ids } });
    expect(job.mode).toBe("review");
    const deps = pipelineDeps(adminFactory(shopify));
    expect(await runJob(deps, job.id)).toBe("awaiting_review");
    expect(writes.size).toBe(0);

    const [first, second, ...rest] = await itemsOf(job.id);
    await decideFields(shop, first!.id, [
      { field: "title", decision: "approved", value: 'Merchant title <script>alert(1)</script>' },
      { field: "descriptionHtml", decision: "rejected" },
    ]);
    await decideAll(shop, job.id, "rejected", [second!.id]);
    // Approve all: the first item's remaining fields (attributes) and every field of the others.
    await decideAll(shop, job.id, "approved", [first!.id, ...rest.map((i) => i.id)]);
    await publishJob(shop, job.id);
    expect(await runJob(deps, job.id)).toBe("completed");

    const stored = (id: string) => shopify.store.shop(shop).product(id)!;
    expect(stored(first!.productId).title).toBe("Merchant title");
    expect(stored(first!.productId).descriptionHtml).toBe((first!.product as any).descriptionHtml);
    expect(writes.get(second!.productId)).toBeUndefined();
    for (const item of rest) expect(writes.get(item.productId)).toBe(1);
    const statuses = (await itemsOf(job.id)).map((i) => i.status);
    expect(statuses).toEqual(["written", "rejected", "written", "written"]);
  });
});

describe("a preview on 3 products", () => {
  it("makes real calls on a sample, writes nothing, and the next estimate learns the model's real output from it", async () => {
    const { shop, openai } = await shopWithOpenAI(20, 13);
    const writes = countWrites(shopify, shop);
    const deps = pipelineDeps(adminFactory(shopify));
    const preview = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, preview: true, mode: "review" });
    expect(await runJob(deps, preview.id)).toBe("awaiting_review");
    const sample = await itemsOf(preview.id);
    expect(sample).toHaveLength(3);
    expect(sample.every((i) => i.status === "generated" || i.status === "needs_review")).toBe(true);
    expect(openai.sim.requests().filter((r) => r.path.endsWith("/chat/completions"))).toHaveLength(3);
    await expect(publishJob(shop, preview.id)).rejects.toThrow(/preview is never written/i);
    expect(writes.size).toBe(0);

    // The catalog job's estimate: output corrected by what the preview's calls really produced.
    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, mode: "publish", autoStart: false });
    expect(await runJob(deps, job.id)).toBe("awaiting_start");
    const estimate = (await getJobView(shop, job.id)).estimate as JobEstimateDoc;
    const ledger = await prisma.usageEvent.findMany({ where: { jobId: preview.id } });
    const actual = ledger.reduce((s, e) => s + e.outputTokens, 0);
    const expected = sample.reduce((s, i) => s + (i.estimate as any).expectedOutputTokens, 0);
    expect(estimate.calibration.samples).toBe(3);
    expect(estimate.calibration.ratio).toBeCloseTo(actual / expected, 2);
    expect(estimate.calibration.ratio).not.toBe(1);
    expect(Number(estimate.cost)).not.toBe(Number(estimate.uncalibratedCost));
  });
});

// A monthly cap stops the job before the call that would cross it: the calls made fit under the
// cap, the next one (with its estimate) would not, the job pauses with the budget message, and
// every product is either completely written or untouched. Raising the cap and resuming finishes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { setBudget } from "../../app/budget/budgets.server";
import { createJob, getJobView, resumeJob, startJob } from "../../app/jobs/job-store.server";
import type { ItemEstimateDoc, ProposalDoc } from "../../app/jobs/job-types";
import { toDecimal } from "../../app/pricing/cost";
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
let openai: ProviderSetup | undefined;

beforeAll(async () => {
  allowLocalProviders();
  shopify = await startShopify();
});

afterAll(async () => {
  await openai?.sim.close();
  await shopify?.close();
});

describe("a budget cap", () => {
  it("stops the job before the call that would cross it, with nothing half-written", async () => {
    const shop = newShop("budget");
    shopify.store.seedGenerated(shop, 12, { seed: 19, poorContentShare: 0 });
    const originals = new Map(shopify.store.shop(shop).products().map((p) => [p.id, structuredClone(p)]));
    openai = await startProvider(shop, { kind: "openai" });
    await assignEnrichment(shop, openai, "gpt-4o-mini");
    const writes = countWrites(shopify, shop);
    const deps = pipelineDeps(adminFactory(shopify), { settings: { generateConcurrency: 1, directWriteThreshold: 100 } });

    // Estimate first (the job waits to be started), then a cap that fits about four calls.
    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, mode: "publish", autoStart: false });
    expect(await runJob(deps, job.id)).toBe("awaiting_start");
    const estimates = (await itemsOf(job.id)).map((i) => toDecimal((i.estimate as unknown as ItemEstimateDoc).cost!));
    const cap = estimates.slice(0, 4).reduce((a, b) => a.add(b)).mul(1.1);
    await setBudget({ shop, context: "enrichment", monthlyCap: cap.toFixed(8), currency: "USD" });
    await startJob(shop, job.id);

    expect(await runJob(deps, job.id)).toBe("paused");
    const view = await getJobView(shop, job.id);
    expect(view.pausedReason).toBe("budget");
    expect(view.error).toMatch(/over your \$[\d.]+ cap/);

    // The calls made fit under the cap; the next one, by its estimate, would not have.
    const ledger = await prisma.usageEvent.findMany({ where: { jobId: job.id }, orderBy: { createdAt: "asc" } });
    const spent = ledger.reduce((sum, e) => sum.add(toDecimal(e.cost!)), toDecimal(0));
    expect(ledger.length).toBeGreaterThanOrEqual(2);
    expect(ledger.length).toBeLessThan(12);
    expect(spent.lte(cap)).toBe(true);
    expect(openai.sim.requests().filter((r) => r.path.endsWith("/chat/completions"))).toHaveLength(ledger.length);
    const items = await itemsOf(job.id);
    const next = items.find((i) => i.status === "pending")!;
    expect(spent.add(toDecimal((next.estimate as unknown as ItemEstimateDoc).cost!)).gt(cap)).toBe(true);
    expect(items.filter((i) => i.status === "pending")).toHaveLength(12 - ledger.length);

    // Each product: completely written (every approved field) or not touched at all.
    for (const item of items) {
      const now = shopify.store.shop(shop).product(item.productId)!;
      const before = originals.get(item.productId)!;
      if (item.status === "written") {
        expect(writes.get(item.productId)).toBe(1);
        for (const field of (item.proposal as unknown as ProposalDoc).fields.filter((f) => f.decision === "approved")) {
          if (field.field === "title") expect(now.title).toBe(field.proposed);
          else if (field.field === "descriptionHtml") expect(now.descriptionHtml).toBe(field.proposed);
          else if (field.metafield) expect(now.metafields.find((m) => m.key === field.metafield!.key)?.value).toBe(field.proposed);
        }
      } else {
        expect(writes.get(item.productId)).toBeUndefined();
        expect(now.updatedAt).toBe(before.updatedAt);
      }
    }

    // A higher cap, resume: the rest is generated and written, each product once.
    await setBudget({ shop, context: "enrichment", monthlyCap: "100", currency: "USD" });
    await resumeJob(shop, job.id);
    expect(await runJob(deps, job.id)).toMatch(/completed|awaiting_review/);
    const final = await itemsOf(job.id);
    expect(final.filter((i) => i.status === "pending")).toHaveLength(0);
    for (const count of writes.values()) expect(count).toBe(1);
    expect(await prisma.usageEvent.count({ where: { jobId: job.id } })).toBe(12);
  });
});

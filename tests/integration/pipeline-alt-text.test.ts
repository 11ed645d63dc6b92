// Image alt text through a job: approved alt texts are written to the products' media images
// (after a bulk product write), and a job revert puts back the originals — an empty one too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJob, decideAll, publishJob, requestJobRevert } from "../../app/jobs/job-store.server";
import type { ProposalDoc } from "../../app/jobs/job-types";
import type { ShopifySimulator } from "../simulators/shopify/server";
import { adminFactory, allowLocalProviders, assignEnrichment, itemsOf, newShop, pipelineDeps, runJob, startProvider, startShopify, type ProviderSetup } from "./pipeline-harness";

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

const alts = (shop: string) => new Map(shopify.store.shop(shop).products().map((p) => [p.id, p.media.map((m) => m.alt)]));

describe("a job with the image alt text task", () => {
  it("writes approved alt texts to the product images and a job revert restores the originals", async () => {
    const shop = newShop("alt");
    shopify.store.seedGenerated(shop, 14, { seed: 83, poorContentShare: 0 });
    const withImage = shopify.store.shop(shop).products().find((p) => p.media.length > 0)!;
    withImage.media[0]!.alt = ""; // never given one
    const originals = alts(shop);
    const openai = await startProvider(shop, { kind: "openai" });
    providers.push(openai);
    await assignEnrichment(shop, openai, "gpt-4o-mini");
    const deps = pipelineDeps(adminFactory(shopify));

    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, tasks: ["title", "imageAlt"], mode: "publish" });
    expect(await runJob(deps, job.id)).toMatch(/completed|awaiting_review/);
    await decideAll(shop, job.id, "approved");
    await publishJob(shop, job.id).catch(() => {}); // nothing left to approve is fine
    await runJob(deps, job.id);

    const items = await itemsOf(job.id);
    let altsWritten = 0;
    for (const item of items.filter((i) => i.status === "written")) {
      const proposal = item.proposal as unknown as ProposalDoc;
      const media = shopify.store.shop(shop).product(item.productId)!.media;
      for (const field of proposal.fields.filter((f) => f.task === "imageAlt" && f.decision === "approved")) {
        expect(media.find((m) => m.id === field.imageId)?.alt).toBe(field.edited ?? field.proposed);
        altsWritten++;
      }
    }
    expect(altsWritten).toBeGreaterThan(5);
    expect(shopify.store.shop(shop).product(withImage.id)!.media[0]!.alt).not.toBe("");

    await requestJobRevert(shop, job.id);
    expect(await runJob(deps, job.id)).toBe("completed");
    expect((await itemsOf(job.id)).filter((i) => i.status === "written")).toHaveLength(0);
    expect(alts(shop)).toEqual(originals);
  });
});

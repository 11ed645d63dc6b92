// A merchant's edit made after the pull is never overwritten (the item is flagged a conflict),
// and a revert — per item or per job — restores the exact original title, description, SEO and
// metafields (deleting the ones that did not exist), through the same writer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_METAFIELD_NAMESPACE } from "../../app/catalog/metafields";
import { revertJobItems } from "../../app/enrichment/pipeline.server";
import { createJob, decideAll, publishJob, requestJobRevert } from "../../app/jobs/job-store.server";
import type { ProductRecord } from "../simulators/shopify/store";
import type { ShopifySimulator } from "../simulators/shopify/server";
import {
  adminFactory,
  allowLocalProviders,
  assignEnrichment,
  countWrites,
  itemsOf,
  merchantGraphql,
  newShop,
  pipelineDeps,
  runJob,
  startProvider,
  startShopify,
  type ProviderSetup,
} from "./pipeline-harness";

const UPDATE = `mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }`;
const SET_METAFIELDS = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`;

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

async function setUp(products: number, seed: number) {
  const shop = newShop("conflict");
  shopify.store.seedGenerated(shop, products, { seed, poorContentShare: 0 });
  const openai = await startProvider(shop, { kind: "openai" });
  providers.push(openai);
  await assignEnrichment(shop, openai, "gpt-4o-mini");
  return { shop, merchant: merchantGraphql(shopify, shop), deps: pipelineDeps(adminFactory(shopify)) };
}

/** What a revert must put back, exactly. */
function content(product: ProductRecord) {
  return {
    title: product.title,
    descriptionHtml: product.descriptionHtml,
    seo: { ...product.seo },
    appMetafields: product.metafields
      .filter((m) => m.namespace === APP_METAFIELD_NAMESPACE)
      .map((m) => ({ key: m.key, type: m.type, value: m.value }))
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
}

describe("a merchant's edit after the pull", () => {
  it.each([
    ["bulk mutation", 14],
    ["direct mutations", 5],
  ])("is not overwritten (%s): the item is flagged a conflict, the others are written once", async (_path, count) => {
    const { shop, merchant, deps } = await setUp(count, 31 + count);
    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, tasks: ["title", "description", "seo", "attributes"] });
    expect(await runJob(deps, job.id)).toBe("awaiting_review");

    // The merchant edits two products in the admin while the results wait for review.
    const [edited1, edited2] = shopify.store.shop(shop).products();
    await merchant(UPDATE, { p: { id: edited1!.id, title: "Merchant's own title" } });
    await merchant(UPDATE, { p: { id: edited2!.id, descriptionHtml: "<p>Merchant's own words.</p>" } });
    const writes = countWrites(shopify, shop);

    await decideAll(shop, job.id, "approved");
    await publishJob(shop, job.id);
    expect(await runJob(deps, job.id)).toBe("completed");

    const items = await itemsOf(job.id);
    const byProduct = new Map(items.map((i) => [i.productId, i]));
    expect(byProduct.get(edited1!.id)!.status).toBe("conflict");
    expect(byProduct.get(edited1!.id)!.error).toMatch(/not overwritten/);
    expect(byProduct.get(edited2!.id)!.status).toBe("conflict");
    expect(shopify.store.shop(shop).product(edited1!.id)!.title).toBe("Merchant's own title");
    expect(shopify.store.shop(shop).product(edited2!.id)!.descriptionHtml).toBe("<p>Merchant's own words.</p>");
    expect(writes.get(edited1!.id)).toBeUndefined();
    expect(writes.get(edited2!.id)).toBeUndefined();
    const written = items.filter((i) => i.status === "written");
    expect(written).toHaveLength(count - 2);
    for (const item of written) expect(writes.get(item.productId)).toBe(1);
  });
});

describe("revert", () => {
  it("restores the exact original title, description, SEO and metafields, per item and per job", async () => {
    const { shop, merchant, deps } = await setUp(14, 77);
    const products = shopify.store.shop(shop).products();
    // Originals worth restoring: an SEO title and description, and an attribute that already has a value.
    await merchant(UPDATE, { p: { id: products[0]!.id, seo: { title: "Original SEO title", description: "Original SEO description." } } });
    await merchant(SET_METAFIELDS, {
      m: [{ ownerId: products[1]!.id, namespace: APP_METAFIELD_NAMESPACE, key: "material", type: "single_line_text_field", value: "Original material" }],
    });
    const originals = new Map(shopify.store.shop(shop).products().map((p) => [p.id, structuredClone(content(p))]));

    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, tasks: ["title", "description", "seo", "attributes"], mode: "publish" });
    expect(await runJob(deps, job.id)).toMatch(/completed|awaiting_review/);
    await decideAll(shop, job.id, "approved");
    await publishJob(shop, job.id).catch(() => {}); // nothing left to approve is fine
    await runJob(deps, job.id);
    const written = (await itemsOf(job.id)).filter((i) => i.status === "written");
    expect(written.length).toBe(14);
    // The writes did change what a revert must restore.
    const changed = written.filter((i) => JSON.stringify(content(shopify.store.shop(shop).product(i.productId)!)) !== JSON.stringify(originals.get(i.productId)));
    expect(changed).toHaveLength(14);

    // One item from the diff view (direct), then the whole job (bulk).
    const first = written.find((i) => i.productId === products[0]!.id)!;
    expect(await revertJobItems(deps, shop, job.id, [first.id])).toEqual({ reverted: 1, conflicts: 0, failed: 0 });
    expect(content(shopify.store.shop(shop).product(first.productId)!)).toEqual(originals.get(first.productId));

    await requestJobRevert(shop, job.id);
    expect(await runJob(deps, job.id)).toBe("completed");
    const items = await itemsOf(job.id);
    expect(items.every((i) => i.status === "reverted")).toBe(true);
    for (const product of shopify.store.shop(shop).products()) {
      expect(content(product)).toEqual(originals.get(product.id));
    }
  });
});

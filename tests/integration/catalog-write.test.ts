// Writing back to the shop: direct mutations for a handful of products, staged JSONL + bulk
// mutation for more, merchant edits never overwritten, tags only added, definitions created on
// first use, and the same change written twice leaving the same state.
// Against the Shopify simulator over HTTP, through @shopify/admin-api-client.
import { createAdminApiClient } from "@shopify/admin-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopifyAdmin } from "../../app/catalog/admin-client";
import { APP_METAFIELD_NAMESPACE, ensureMetafieldDefinitions } from "../../app/catalog/metafields";
import type { CatalogProduct } from "../../app/catalog/product";
import { pullProducts } from "../../app/catalog/pull";
import { type ProductChange, writeProductChanges } from "../../app/catalog/write";
import { routeShopifyFetch } from "../simulators/shopify/route-fetch";
import { startShopifySimulator } from "../simulators/shopify/server";

const SHOP = "catalog-write.myshopify.com";
const FAST_POLL = { pollIntervalMs: { initial: 20, max: 200 } };
let sim: Awaited<ReturnType<typeof startShopifySimulator>>;
let adminFor: () => ShopifyAdmin;
let merchantGraphql: (query: string, variables: Record<string, unknown>) => Promise<unknown>;
let next = 0;

beforeAll(async () => {
  sim = await startShopifySimulator({ apiKey: "catalog-test-key", apiSecret: "catalog-test-secret", bulkOperationDelayMs: 30 });
  sim.store.seedGenerated(SHOP, 150, { seed: 11 });
  const fetchApi = routeShopifyFetch(sim.url);
  const client = createAdminApiClient({ storeDomain: SHOP, apiVersion: "2026-10", accessToken: sim.issueAccessToken(SHOP), customFetchApi: fetchApi });
  adminFor = () => new ShopifyAdmin((query, options) => client.fetch(query, options), { fetch: fetchApi });
  // The merchant edits products in the admin: the same API, another caller.
  merchantGraphql = async (query, variables) => {
    const { data, errors } = await client.request(query, { variables });
    if (errors) throw new Error(JSON.stringify(errors));
    return data;
  };
});

afterAll(async () => {
  await sim?.close();
});

/** The next `count` products nobody else in this file has touched, as pulled. */
async function freshProducts(count: number): Promise<CatalogProduct[]> {
  const ids = sim.store
    .shop(SHOP)
    .products()
    .slice(next, next + count)
    .map((p) => p.id);
  next += count;
  const out: CatalogProduct[] = [];
  for await (const p of pullProducts(adminFor(), { ids })) out.push(p);
  return out;
}

const stored = (id: string) => sim.store.shop(SHOP).product(id)!;
const appMetafield = (id: string, key: string) => stored(id).metafields.find((m) => m.namespace === APP_METAFIELD_NAMESPACE && m.key === key);

function enrichment(p: CatalogProduct, n: number): ProductChange {
  return {
    productId: p.id,
    expectedUpdatedAt: p.updatedAt,
    title: `Enriched title ${n}`,
    descriptionHtml: `<p>Enriched description ${n}.</p>`,
    seo: { title: `SEO ${n}`, description: `Meta description ${n}` },
    metafields: [
      { namespace: APP_METAFIELD_NAMESPACE, key: "material", type: "single_line_text_field", value: `Cotton ${n}` },
      { namespace: APP_METAFIELD_NAMESPACE, key: "color", type: "single_line_text_field", value: `Blue ${n}` },
    ],
  };
}

describe("direct write", () => {
  it("writes 3 products with productUpdate, visible in the store", async () => {
    const products = await freshProducts(3);
    const admin = adminFor();
    const results = await writeProductChanges(admin, products.map(enrichment));
    expect(results.map((r) => r.status)).toEqual(["written", "written", "written"]);
    products.forEach((p, n) => {
      expect(stored(p.id).title).toBe(`Enriched title ${n}`);
      expect(stored(p.id).descriptionHtml).toBe(`<p>Enriched description ${n}.</p>`);
      expect(stored(p.id).seo).toEqual({ title: `SEO ${n}`, description: `Meta description ${n}` });
      expect(appMetafield(p.id, "material")?.value).toBe(`Cotton ${n}`);
      expect(appMetafield(p.id, "color")?.value).toBe(`Blue ${n}`);
      const result = results[n]!;
      expect(result.status === "written" && result.updatedAt).toBe(stored(p.id).updatedAt);
    });
    expect(admin.stats.directMutations).toBeGreaterThanOrEqual(3);
    expect(admin.stats.bulkMutations).toBe(0);
  });

  it("adds tags without removing the merchant's", async () => {
    const [product] = await freshProducts(1);
    await merchantGraphql(`mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }`, {
      p: { id: product!.id, tags: ["Merchant A", "summer"] },
    });
    const current = stored(product!.id);
    const [result] = await writeProductChanges(adminFor(), [
      { productId: product!.id, expectedUpdatedAt: current.updatedAt, tagsToAdd: ["Summer", "eco-friendly"] },
    ]);
    expect(result!.status).toBe("written");
    expect(stored(product!.id).tags.map((t) => t.toLowerCase()).sort()).toEqual(["eco-friendly", "merchant a", "summer"]);
  });

  it("does not overwrite a product the merchant edited after the pull: it is a conflict", async () => {
    const [product] = await freshProducts(1);
    await merchantGraphql(`mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }`, {
      p: { id: product!.id, title: "The merchant's own title" },
    });
    const [result] = await writeProductChanges(adminFor(), [enrichment(product!, 99)]);
    expect(result).toMatchObject({ status: "conflict", expectedUpdatedAt: product!.updatedAt, currentUpdatedAt: stored(product!.id).updatedAt });
    expect(stored(product!.id).title).toBe("The merchant's own title");
    expect(appMetafield(product!.id, "material")).toBeUndefined();
  });

  it("writing the same change twice leaves the same state and reports it written", async () => {
    const [product] = await freshProducts(1);
    const change = enrichment(product!, 5);
    const admin = adminFor();
    const [first] = await writeProductChanges(admin, [change]);
    const after = structuredClone(stored(product!.id));
    const mutationsAfterFirst = admin.stats.directMutations;
    const [second] = await writeProductChanges(admin, [change]);
    expect(first!.status).toBe("written");
    expect(second).toMatchObject({ status: "written", alreadyApplied: true });
    expect(stored(product!.id)).toEqual(after); // updatedAt included: nothing was written again
    expect(admin.stats.directMutations).toBe(mutationsAfterFirst);
  });

  it("sets metafields alone with metafieldsSet, leaving every other field as it was", async () => {
    const [product] = await freshProducts(1);
    const before = structuredClone(stored(product!.id));
    const [result] = await writeProductChanges(adminFor(), [
      {
        productId: product!.id,
        expectedUpdatedAt: product!.updatedAt,
        metafields: [{ namespace: APP_METAFIELD_NAMESPACE, key: "material", type: "single_line_text_field", value: "Hemp" }],
      },
    ]);
    expect(result).toMatchObject({ status: "written", via: "direct" });
    expect(appMetafield(product!.id, "material")?.value).toBe("Hemp");
    const after = stored(product!.id);
    expect({ title: after.title, descriptionHtml: after.descriptionHtml, seo: after.seo, tags: after.tags }).toEqual({
      title: before.title,
      descriptionHtml: before.descriptionHtml,
      seo: before.seo,
      tags: before.tags,
    });
  });

  it("creates the app's metafield definitions on first use, once", async () => {
    const definitions = () => sim.store.shop(SHOP).metafieldDefinitions.filter((d) => d.namespace === APP_METAFIELD_NAMESPACE);
    expect(definitions().map((d) => d.key).sort()).toEqual(["color", "material"]); // from the writes above
    const again = await ensureMetafieldDefinitions(adminFor(), [
      { key: "material", type: "single_line_text_field" },
      { key: "care_instructions", type: "multi_line_text_field", name: "Care instructions" },
    ]);
    expect(again).toEqual([
      { namespace: APP_METAFIELD_NAMESPACE, key: "material", created: false },
      { namespace: APP_METAFIELD_NAMESPACE, key: "care_instructions", created: true },
    ]);
    expect(definitions().map((d) => d.key).sort()).toEqual(["care_instructions", "color", "material"]);
  });
});

describe("bulk write", () => {
  it("writes 50 products through a staged upload and a bulk mutation, with per-line userErrors", async () => {
    const products = await freshProducts(50);
    const changes = products.map(enrichment);
    changes[17] = { ...changes[17]!, title: "" }; // Shopify refuses a blank title
    const admin = adminFor();
    const shopBefore = sim.stats(SHOP);
    const results = await writeProductChanges(admin, changes, { wait: FAST_POLL });
    expect(admin.stats.bulkMutations).toBe(1);
    // The job report's counts agree with what Shopify (the simulator) saw.
    const shopAfter = sim.stats(SHOP);
    expect(admin.stats).toEqual({
      bulkQueries: shopAfter.bulkQueries - shopBefore.bulkQueries,
      bulkMutations: shopAfter.bulkMutations - shopBefore.bulkMutations,
      directQueries: shopAfter.directQueries - shopBefore.directQueries,
      directMutations: shopAfter.directMutations - shopBefore.directMutations,
      throttled: shopAfter.throttled - shopBefore.throttled,
    });
    expect(results[17]).toMatchObject({ status: "failed", productId: products[17]!.id });
    const failure = results[17]!;
    expect(failure.status === "failed" && failure.userErrors.map((e) => e.message).join(" ")).toMatch(/title/i);
    expect(stored(products[17]!.id).title).toBe(products[17]!.title);
    results.forEach((r, n) => {
      if (n === 17) return;
      expect(r.status).toBe("written");
      expect(stored(products[n]!.id).title).toBe(`Enriched title ${n}`);
      expect(appMetafield(products[n]!.id, "color")?.value).toBe(`Blue ${n}`);
    });
  });

  it("splits the variables into files under the size limit", async () => {
    const products = await freshProducts(12);
    const admin = adminFor();
    const results = await writeProductChanges(admin, products.map(enrichment), { wait: FAST_POLL, maxFileBytes: 2_000 });
    expect(results.every((r) => r.status === "written")).toBe(true);
    expect(admin.stats.bulkMutations).toBeGreaterThan(1);
    products.forEach((p, n) => expect(stored(p.id).title).toBe(`Enriched title ${n}`));
  });

  it.each([
    ["nodes() pages", undefined, 0],
    ["a bulk query", 5, 1],
  ] as const)("returns conflicts for edited products and writes the rest (pre-write read by %s)", async (_, stateBulkThreshold, bulkQueries) => {
    const products = await freshProducts(15);
    await merchantGraphql(`mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }`, {
      p: { id: products[4]!.id, descriptionHtml: "<p>Merchant wrote this.</p>" },
    });
    const admin = adminFor();
    const results = await writeProductChanges(admin, products.map(enrichment), { wait: FAST_POLL, stateBulkThreshold });
    expect(results.map((r) => r.status)).toEqual(products.map((_, n) => (n === 4 ? "conflict" : "written")));
    expect(stored(products[4]!.id).descriptionHtml).toBe("<p>Merchant wrote this.</p>");
    expect(stored(products[5]!.id).title).toBe("Enriched title 5");
    expect(admin.stats.bulkQueries).toBe(bulkQueries);
  });
});

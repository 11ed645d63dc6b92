// Pulling products from the shop: a selection by nodes(ids:) in cost-sized pages, and the whole
// catalog or a search by bulk query, streamed and joined — every child under its own product.
// Against the Shopify simulator over HTTP, through @shopify/admin-api-client.
import { createAdminApiClient } from "@shopify/admin-api-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ShopifyAdmin } from "../../app/catalog/admin-client";
import { BulkOperationFinishSignals, fetchBulkOperation } from "../../app/catalog/bulk-operation";
import { APP_METAFIELD_NAMESPACE } from "../../app/catalog/metafields";
import type { CatalogProduct } from "../../app/catalog/product";
import { pullProducts } from "../../app/catalog/pull";
import { routeShopifyFetch } from "../simulators/shopify/route-fetch";
import { startShopifySimulator } from "../simulators/shopify/server";

const SHOP = "catalog-pull.myshopify.com";
let sim: Awaited<ReturnType<typeof startShopifySimulator>>;
let adminFor: () => ShopifyAdmin;

async function collect(products: AsyncIterable<CatalogProduct>): Promise<CatalogProduct[]> {
  const out: CatalogProduct[] = [];
  for await (const p of products) out.push(p);
  return out;
}

beforeAll(async () => {
  sim = await startShopifySimulator({ apiKey: "catalog-test-key", apiSecret: "catalog-test-secret", bulkOperationDelayMs: 30 });
  sim.store.seedGenerated(SHOP, 120, { seed: 7 });
  // Metafields in the app's namespace and in another app's, on a few products.
  const shop = sim.store.shop(SHOP);
  shop.products().slice(0, 40).forEach((product, i) => {
    shop.appendChildren(product, {
      variants: [],
      media: [],
      metafields: [
        { namespace: APP_METAFIELD_NAMESPACE, key: "material", type: "single_line_text_field", value: `material ${i}` },
        { namespace: "other_app", key: "rating", type: "single_line_text_field", value: `${i % 5}` },
      ],
    });
  });
  const fetchApi = routeShopifyFetch(sim.url);
  const client = createAdminApiClient({ storeDomain: SHOP, apiVersion: "2026-10", accessToken: sim.issueAccessToken(SHOP), customFetchApi: fetchApi });
  adminFor = () => new ShopifyAdmin((query, options) => client.fetch(query, options), { fetch: fetchApi });
});

afterAll(async () => {
  await sim?.close();
});

/** What the store holds for a product, in CatalogProduct terms, for comparison. */
function expected(id: string, namespaces = [APP_METAFIELD_NAMESPACE]) {
  const p = sim.store.shop(SHOP).product(id)!;
  return {
    id: p.id,
    title: p.title,
    descriptionHtml: p.descriptionHtml,
    vendor: p.vendor,
    tags: p.tags,
    updatedAt: p.updatedAt,
    variants: p.variants.map((v) => ({ id: v.id, sku: v.sku, price: v.price })),
    images: p.media.map((m) => ({ id: m.id, url: m.url })),
    metafields: p.metafields.filter((m) => namespaces.includes(m.namespace)).map((m) => `${m.namespace}.${m.key}=${m.value}`),
  };
}

function observed(p: CatalogProduct) {
  return {
    id: p.id,
    title: p.title,
    descriptionHtml: p.descriptionHtml,
    vendor: p.vendor,
    tags: p.tags,
    updatedAt: p.updatedAt,
    variants: p.variants.map((v) => ({ id: v.id, sku: v.sku, price: v.price })),
    images: p.images.map((i) => ({ id: i.id, url: i.url })),
    metafields: p.metafields.map((m) => `${m.namespace}.${m.key}=${m.value}`),
  };
}

describe("pull by selection (nodes)", () => {
  it("reads the selected products with their variants, images and app metafields, in order", async () => {
    const admin = adminFor();
    const all = sim.store.shop(SHOP).products();
    const ids = [all[30]!.id, all[2]!.id, all[75]!.id, ...all.slice(10, 50).map((p) => p.id)];
    const selection = [...new Set(ids)];
    const missing: string[] = [];
    const products = await collect(
      pullProducts(admin, { ids: [...selection, "gid://shopify/Product/999999999"] }, { onMissing: (m) => missing.push(...m) }),
    );
    expect(products.map((p) => p.id)).toEqual(selection);
    for (const product of products) expect(observed(product)).toEqual(expected(product.id));
    expect(products.find((p) => p.id === all[30]!.id)!.metafields).toEqual([
      { namespace: APP_METAFIELD_NAMESPACE, key: "material", type: "single_line_text_field", value: "material 30" },
    ]);
    expect(missing).toEqual(["gid://shopify/Product/999999999"]);
    // Paged under the query-cost limit, and no bulk operation for a selection this size.
    expect(admin.stats.directQueries).toBeGreaterThan(1);
    expect(admin.stats.bulkQueries).toBe(0);
  });

  it("reads other namespaces when asked", async () => {
    const id = sim.store.shop(SHOP).products()[3]!.id;
    const [product] = await collect(pullProducts(adminFor(), { ids: [id] }, { namespaces: ["other_app"] }));
    expect(product!.metafields.map((m) => `${m.namespace}.${m.key}`).sort()).toEqual([`${APP_METAFIELD_NAMESPACE}.material`, "other_app.rating"]);
  });
});

describe("pull by bulk query", () => {
  it("streams the whole catalog with every child joined to its own product", async () => {
    const admin = adminFor();
    const shopBefore = sim.stats(SHOP);
    const products = await collect(pullProducts(admin, { all: true }, { wait: { pollIntervalMs: { initial: 20, max: 200 } } }));
    const shopAfter = sim.stats(SHOP);
    // The job report's counts agree with what Shopify (the simulator) saw.
    expect(admin.stats).toEqual({
      bulkQueries: shopAfter.bulkQueries - shopBefore.bulkQueries,
      bulkMutations: 0,
      directQueries: shopAfter.directQueries - shopBefore.directQueries,
      directMutations: shopAfter.directMutations - shopBefore.directMutations,
      throttled: 0,
    });
    const store = sim.store.shop(SHOP).products();
    expect(products.map((p) => p.id)).toEqual(store.map((p) => p.id));
    for (const product of products) expect(observed(product)).toEqual(expected(product.id));
    expect(products.reduce((n, p) => n + p.variants.length, 0)).toBe(store.reduce((n, p) => n + p.variants.length, 0));
    expect(admin.stats.bulkQueries).toBe(1);
  });

  it("applies a search filter and extra namespaces", async () => {
    const admin = adminFor();
    const vendor = sim.store.shop(SHOP).products()[0]!.vendor;
    const products = await collect(
      pullProducts(admin, { search: `vendor:"${vendor}"` }, { namespaces: ["other_app"], wait: { pollIntervalMs: { initial: 20, max: 200 } } }),
    );
    const wanted = sim.store
      .shop(SHOP)
      .products()
      .filter((p) => p.vendor === vendor)
      .map((p) => p.id);
    expect(products.map((p) => p.id)).toEqual(wanted);
    for (const product of products) expect(observed(product)).toEqual(expected(product.id, [APP_METAFIELD_NAMESPACE, "other_app"]));
  });

  it("reads a selection too large for nodes() from the bulk result, and only it", async () => {
    const admin = adminFor();
    const all = sim.store.shop(SHOP).products();
    const ids = all.filter((_, i) => i % 2 === 0).map((p) => p.id);
    const products = await collect(pullProducts(admin, { ids }, { maxNodesSelection: 10, wait: { pollIntervalMs: { initial: 20, max: 200 } } }));
    expect(products.map((p) => p.id)).toEqual(ids);
    expect(admin.stats.bulkQueries).toBe(1);
  });

  it("wakes on the bulk_operations/finish signal instead of waiting out its poll interval", async () => {
    const signals = new BulkOperationFinishSignals();
    const tenMinutes = 10 * 60_000; // far beyond the test timeout: only the signal can finish this pull
    let operationId = "";
    const pulling = collect(
      pullProducts(adminFor(), { all: true }, {
        wait: { pollIntervalMs: { initial: tenMinutes, max: tenMinutes }, signals },
        onBulkOperation: (id) => (operationId = id),
      }),
    );
    await vi.waitFor(
      async () => {
        expect(operationId).not.toBe("");
        expect((await fetchBulkOperation(adminFor(), operationId)).status).toBe("COMPLETED");
      },
      { timeout: 10_000, interval: 25 },
    );
    signals.notify(operationId); // what the bulk_operations/finish webhook route does
    expect((await pulling).length).toBe(sim.store.shop(SHOP).productCount);
  });
});

// THROTTLED answers are waited out and retried, not surfaced as failures: through the raw
// client (GraphQL errors in a 200 response) and through the library production uses (which
// throws GraphqlQueryError on THROTTLED and does not retry). The simulator runs a tiny bucket.
import "@shopify/shopify-api/adapters/node";
import { createAdminApiClient } from "@shopify/admin-api-client";
import { ApiVersion, LogSeverity, Session, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminGraphql, ShopifyAdmin } from "../../app/catalog/admin-client";
import { APP_METAFIELD_NAMESPACE } from "../../app/catalog/metafields";
import type { CatalogProduct } from "../../app/catalog/product";
import { pullProducts } from "../../app/catalog/pull";
import { writeProductChanges } from "../../app/catalog/write";
import { routeShopifyFetch } from "../simulators/shopify/route-fetch";
import { startShopifySimulator } from "../simulators/shopify/server";

const SHOP = "catalog-throttle.myshopify.com";
const API_KEY = "catalog-throttle-key";
const API_SECRET = "catalog-throttle-secret";
// A small bucket that refills slowly enough that, once drained, the first call of a fresh
// client (which knows nothing of the bucket yet) is certainly THROTTLED.
const BUCKET = 200;
const RESTORE_RATE = 30;

let sim: Awaited<ReturnType<typeof startShopifySimulator>>;
let rawGraphql: AdminGraphql;
let libraryGraphql: AdminGraphql;
let fetchApi: typeof fetch;

// Calls that cost points and change nothing: a mutation (10 points) and a tiny query.
const DRAIN_MUTATION = `mutation Drain { stagedUploadsCreate(input: []) { userErrors { message } } }`;
const DRAIN_QUERY = `query Drain { shop { id } }`;

beforeAll(async () => {
  sim = await startShopifySimulator({ apiKey: API_KEY, apiSecret: API_SECRET, bucketSize: BUCKET, restoreRate: RESTORE_RATE, bulkOperationDelayMs: 30 });
  sim.store.seedGenerated(SHOP, 60, { seed: 31 });
  fetchApi = routeShopifyFetch(sim.url);
  const accessToken = sim.issueAccessToken(SHOP);

  const client = createAdminApiClient({ storeDomain: SHOP, apiVersion: "2026-10", accessToken, customFetchApi: fetchApi });
  rawGraphql = (query, options) => client.fetch(query, options);

  // What admin.graphql does inside shopify-app-remix: the library's GraphQL client, no retries.
  setAbstractFetchFunc(fetchApi);
  const api = shopifyApi({
    apiKey: API_KEY,
    apiSecretKey: API_SECRET,
    apiVersion: ApiVersion.October26,
    hostName: "byok-enrich.example",
    isEmbeddedApp: true,
    scopes: ["read_products", "write_products"],
    logger: { level: LogSeverity.Error },
  });
  const session = new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken });
  libraryGraphql = async (query, options) => {
    const graphql = new api.clients.Graphql({ session });
    const response = await graphql.request(query, { variables: options?.variables, retries: 0 });
    return new Response(JSON.stringify(response));
  };
});

afterAll(async () => {
  await sim?.close();
});

/** Empties the shop's bucket, as another process of the app would (each call returns what is left). */
async function drainBucket(): Promise<void> {
  const spend = async (document: string) => {
    const body = (await (await rawGraphql(document)).json()) as { extensions: { cost: { throttleStatus: { currentlyAvailable: number } } } };
    return body.extensions.cost.throttleStatus.currentlyAvailable;
  };
  while ((await spend(DRAIN_MUTATION)) >= 10);
  while ((await spend(DRAIN_QUERY)) >= 1);
}

async function collect(products: AsyncIterable<CatalogProduct>): Promise<CatalogProduct[]> {
  const out: CatalogProduct[] = [];
  for await (const p of products) out.push(p);
  return out;
}

describe.each([
  ["raw admin-api-client fetch", () => rawGraphql, 40],
  ["shopify-api GraphQL client (throws GraphqlQueryError)", () => libraryGraphql, 50],
])("THROTTLED through the %s", (_, graphql, firstToWrite) => {
  it("is waited out and retried: a pull of 40 products completes", async () => {
    await drainBucket();
    const admin = new ShopifyAdmin(graphql(), { fetch: fetchApi });
    const ids = sim.store
      .shop(SHOP)
      .products()
      .slice(0, 40)
      .map((p) => p.id);
    const products = await collect(pullProducts(admin, { ids }));
    expect(products.map((p) => p.id)).toEqual(ids);
    expect(admin.stats.throttled).toBeGreaterThanOrEqual(1);
  });

  it("is waited out and retried: direct writes all land", async () => {
    const products = await collect(
      pullProducts(new ShopifyAdmin(graphql(), { fetch: fetchApi }), {
        ids: sim.store
          .shop(SHOP)
          .products()
          .slice(firstToWrite, firstToWrite + 5)
          .map((p) => p.id),
      }),
    );
    await drainBucket();
    const admin = new ShopifyAdmin(graphql(), { fetch: fetchApi });
    const results = await writeProductChanges(
      admin,
      products.map((p, n) => ({
        productId: p.id,
        expectedUpdatedAt: p.updatedAt,
        title: `Throttled but written ${n}`,
        metafields: [{ namespace: APP_METAFIELD_NAMESPACE, key: "audience", type: "single_line_text_field", value: `Everyone ${n}` }],
      })),
    );
    expect(results.map((r) => r.status)).toEqual(products.map(() => "written"));
    products.forEach((p, n) => expect(sim.store.shop(SHOP).product(p.id)!.title).toBe(`Throttled but written ${n}`));
    expect(admin.stats.throttled).toBeGreaterThanOrEqual(1);
  });
});

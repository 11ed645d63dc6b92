// Image alt text: written to product media images with fileUpdate (direct and after a bulk
// product write), visible in what Shopify serves, restored exactly (an empty alt included) by
// a revert, and refused per product with Shopify's userErrors for an image that is gone.
import { createAdminApiClient } from "@shopify/admin-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopifyAdmin } from "../../app/catalog/admin-client";
import type { CatalogProduct } from "../../app/catalog/product";
import { pullProducts } from "../../app/catalog/pull";
import { revertChangeFor, snapshotOf } from "../../app/catalog/snapshot";
import { type ProductChange, writeProductChanges } from "../../app/catalog/write";
import { routeShopifyFetch } from "../simulators/shopify/route-fetch";
import { startShopifySimulator } from "../simulators/shopify/server";

const SHOP = "catalog-alt-text.myshopify.com";
const FAST_POLL = { pollIntervalMs: { initial: 20, max: 200 } };

let sim: Awaited<ReturnType<typeof startShopifySimulator>>;
let admin: () => ShopifyAdmin;

beforeAll(async () => {
  sim = await startShopifySimulator({ apiKey: "alt-text-key", apiSecret: "alt-text-secret", bulkOperationDelayMs: 30 });
  sim.store.seedGenerated(SHOP, 40, { seed: 47 });
  const fetchApi = routeShopifyFetch(sim.url);
  const client = createAdminApiClient({ storeDomain: SHOP, apiVersion: "2026-10", accessToken: sim.issueAccessToken(SHOP), customFetchApi: fetchApi });
  admin = () => new ShopifyAdmin((query, options) => client.fetch(query, options), { fetch: fetchApi });
});

afterAll(async () => {
  await sim?.close();
});

const stored = (id: string) => sim.store.shop(SHOP).product(id)!;

/** Products with at least `n` images, from position `from` on. */
function productsWithImages(count: number, from = 0, n = 2): string[] {
  const ids = sim.store
    .shop(SHOP)
    .products()
    .slice(from)
    .filter((p) => p.media.length >= n)
    .slice(0, count)
    .map((p) => p.id);
  expect(ids).toHaveLength(count);
  return ids;
}

async function pull(ids: string[]): Promise<CatalogProduct[]> {
  const out: CatalogProduct[] = [];
  for await (const p of pullProducts(admin(), { ids })) out.push(p);
  return out;
}

/** Alt text as Shopify serves it to any client: the product's media image { altText }. */
async function servedAlts(productId: string): Promise<string[]> {
  const data = await admin().data<{ product: { media: { nodes: { image?: { altText: string | null } }[] } } }>(
    `query ServedAlts($id: ID!) { product(id: $id) { media(first: 50) { nodes { ... on MediaImage { image { altText } } } } } }`,
    { id: productId },
  );
  return data.product.media.nodes.map((n) => n.image?.altText ?? "");
}

function altChange(p: CatalogProduct, label: string): ProductChange {
  return {
    productId: p.id,
    expectedUpdatedAt: p.updatedAt,
    title: `${label} title`,
    imageAlts: p.images.map((image, i) => ({ imageId: image.id, altText: `${label} image ${i}` })),
  };
}

describe("image alt text write-back", () => {
  it("writes alt texts (direct), shows them in the served media, and a revert restores the originals, an empty one included", async () => {
    const [id] = productsWithImages(1);
    const media = stored(id!).media;
    media[0]!.alt = ""; // a merchant who never wrote one
    const originals = media.map((m) => m.alt);
    const [product] = await pull([id!]);
    const change = altChange(product!, "Direct");
    const snapshot = snapshotOf(product!, change);

    const [written] = await writeProductChanges(admin(), [change]);
    expect(written).toMatchObject({ status: "written", via: "direct" });
    expect(await servedAlts(id!)).toEqual(media.map((_, i) => `Direct image ${i}`));
    // The recorded updatedAt is the product's after the alt write: a revert is not a conflict.
    if (written!.status !== "written" || !written!.updatedAt) throw new Error("expected updatedAt");
    expect(written!.updatedAt).toBe(stored(id!).updatedAt);

    const [again] = await writeProductChanges(admin(), [change]);
    expect(again).toMatchObject({ status: "written", alreadyApplied: true });

    const [reverted] = await writeProductChanges(admin(), [revertChangeFor(JSON.parse(JSON.stringify(snapshot)), written!.updatedAt)]);
    expect(reverted).toMatchObject({ status: "written" });
    expect(await servedAlts(id!)).toEqual(originals);
    expect(originals[0]).toBe("");
    expect(stored(id!).title).toBe(product!.title);
  });

  it("writes alt texts after a bulk product write, and reverts them", async () => {
    const ids = productsWithImages(15, 5, 1);
    const originals = ids.map((id) => stored(id).media.map((m) => m.alt));
    const products = await pull(ids);
    const changes = products.map((p, n) => altChange(p, `Bulk ${n}`));
    const snapshots = products.map((p, n) => snapshotOf(p, changes[n]!));

    const written = await writeProductChanges(admin(), changes, { wait: FAST_POLL });
    expect(written.map((r) => r.status === "written" && r.via)).toEqual(ids.map(() => "bulk"));
    for (const [n, id] of ids.entries()) {
      expect(await servedAlts(id)).toEqual(stored(id).media.map((_, i) => `Bulk ${n} image ${i}`));
      expect(stored(id).title).toBe(`Bulk ${n} title`);
    }

    const reverts = written.map((r, n) => {
      if (r.status !== "written" || !r.updatedAt) throw new Error("expected a written result with updatedAt");
      return revertChangeFor(snapshots[n]!, r.updatedAt);
    });
    const reverted = await writeProductChanges(admin(), reverts, { wait: FAST_POLL });
    expect(reverted.map((r) => r.status)).toEqual(ids.map(() => "written"));
    expect(await Promise.all(ids.map(servedAlts))).toEqual(originals);
  });

  it("fails only the change whose image no longer exists, with Shopify's userErrors", async () => {
    const [goneId, okId] = productsWithImages(2, 25, 1);
    const [gone, ok] = await pull([goneId!, okId!]);
    const goneChange = altChange(gone!, "Gone");
    goneChange.imageAlts = [{ imageId: "gid://shopify/MediaImage/999999999", altText: "Nobody sees this" }];
    const okChange = altChange(ok!, "Kept");

    const [goneResult, okResult] = await writeProductChanges(admin(), [goneChange, okChange]);
    expect(goneResult).toMatchObject({ status: "failed", userErrors: [{ code: "FILE_DOES_NOT_EXIST" }] });
    expect(okResult).toMatchObject({ status: "written" });
    expect(await servedAlts(okId!)).toEqual(stored(okId!).media.map((_, i) => `Kept image ${i}`));
  });
});

// products/create as Shopify delivers it: the Shopify simulator's signed POST (HMAC with the app
// secret, topic, shop, webhook id, event id) over HTTP to the app's route, verified by the real
// `authenticate.webhook`. The job it creates runs in this process's job runtime against the
// simulators (Shopify through the library's fetch hook, OpenAI through the stored key).
//
// The shop's choice ("enrich new products automatically", and its instructions) is the stored
// one, saved as the Settings page saves it; the tasks for new products have no form yet, so a
// test that needs them writes them into the shop's ShopSettings row.
import { API_KEY, API_SECRET } from "./routes-session";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { DEFAULT_INSTRUCTIONS } from "../../app/enrichment/instructions";
import { action as productsCreate } from "../../app/routes/webhooks.products.create";
import { saveShopSettings } from "../../app/settings/shop-settings.server";
import { deliverWebhook } from "../simulators/shopify/http/webhooks";
import { routeShopifyFetch } from "../simulators/shopify/route-fetch";
import { startShopifySimulator, type ShopifySimulator } from "../simulators/shopify/server";
import { allowLocalProviders, assignEnrichment, installApp, newShop, startProvider, waitFor, type ProviderSetup } from "./pipeline-harness";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ROUTE = "/webhooks/products/create";

let shopify: ShopifySimulator;
let app: Server;
let appUrl: string;
const providers: ProviderSetup[] = [];
type RouteAction = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>;

/** The merchant's choice, saved as the Settings page saves it (with new-product tasks when given). */
async function chooseNewProducts(shop: string, enabled: boolean, options: { tasks?: string[]; brandVoice?: string } = {}) {
  await saveShopSettings(shop, { instructions: { ...DEFAULT_INSTRUCTIONS, brandVoice: options.brandVoice ?? "" }, autoEnrichNewProducts: enabled });
  if (options.tasks) await prisma.shopSettings.update({ where: { shop }, data: { newProductTasks: options.tasks } });
}

/** The app's route behind a plain HTTP server: Node request in, Fetch Request to the action, Response out. */
function serveRoutes(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const url = new URL(req.url ?? "/", appUrl);
      const request = new Request(url, { method: req.method, headers, body: req.method === "POST" ? Buffer.concat(chunks) : undefined });
      const handler = url.pathname === ROUTE ? (productsCreate as unknown as RouteAction) : null;
      let response: Response;
      try {
        response = handler ? await handler({ request, params: {}, context: {} }) : new Response("Not Found", { status: 404 });
      } catch (thrown) {
        response = thrown instanceof Response ? thrown : new Response(String(thrown), { status: 500 });
      }
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

beforeAll(async () => {
  allowLocalProviders();
  process.env.JOB_POLL_INTERVAL_MS = "200";
  shopify = await startShopifySimulator({ apiKey: API_KEY, apiSecret: API_SECRET, bulkOperationDelayMs: 20 });
  setAbstractFetchFunc(routeShopifyFetch(shopify.url));
  app = await serveRoutes();
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(providers.map((p) => p.sim.close()));
  await shopify?.close();
  app?.closeAllConnections();
  await new Promise((resolve) => app?.close(resolve));
});

/** An installed shop with a catalog and an OpenAI key assigned to batch enrichment. */
async function installedShop(prefix: string, options: { provider?: boolean; install?: boolean } = {}) {
  const shop = newShop(prefix);
  shopify.store.seedGenerated(shop, 3, { seed: 11, poorContentShare: 0 });
  if (options.install !== false) await installApp(shopify, shop);
  if (options.provider !== false) {
    const openai = await startProvider(shop, { kind: "openai" });
    providers.push(openai);
    await assignEnrichment(shop, openai, "gpt-4o-mini");
  }
  return { shop, products: shopify.store.shop(shop).products() };
}

/** The products/create payload (REST shape) of a product in the simulator. */
function createdPayload(product: { id: string; title: string }) {
  const numericId = product.id.split("/").pop()!;
  return { id: Number(numericId), admin_graphql_api_id: product.id, title: product.title, status: "active" };
}

function deliver(shop: string, product: { id: string; title: string }, options: { webhookId?: string } = {}) {
  return shopify.deliverWebhook({ shop, topic: "products/create", payload: createdPayload(product), address: `${appUrl}${ROUTE}`, webhookId: options.webhookId });
}

const jobsOf = (shop: string) => prisma.enrichmentJob.findMany({ where: { shop }, orderBy: { createdAt: "asc" } });

describe("products/create for a shop that enriches new products automatically", () => {
  it("creates exactly one publish-mode job for the new product, with the shop's instructions, which is enriched and published", async () => {
    const { shop, products } = await installedShop("webhook-new");
    await chooseNewProducts(shop, true, { tasks: ["title", "tags"], brandVoice: "Calm and precise." });
    const product = products[2]!;

    const delivery = await deliver(shop, product);
    expect(delivery.status).toBe(200);
    const jobs = await jobsOf(shop);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ shop, trigger: "webhook", mode: "publish", scopeKind: "ids", tasks: ["title", "tags"] });
    expect(jobs[0]!.scopeIds).toEqual([product.id]);
    expect(jobs[0]!.instructions).toMatchObject({ brandVoice: "Calm and precise." });

    const job = await waitFor(
      async () => {
        const current = await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobs[0]!.id } });
        return ["completed", "awaiting_review", "failed", "paused"].includes(current.status) ? current : undefined;
      },
      "the new product's job to finish",
      60_000,
    );
    expect(job.status).toBe("completed");
    const [item] = await prisma.jobItem.findMany({ where: { jobId: job.id } });
    expect(item).toMatchObject({ productId: product.id, status: "written" });
    const proposedTitle = (item!.proposal as { fields: { field: string; proposed: unknown }[] }).fields.find((f) => f.field === "title")!.proposed;
    expect(typeof proposedTitle).toBe("string");
    expect(shopify.store.shop(shop).product(product.id)!.title).toBe(proposedTitle);
  });

  it("a retried delivery (same webhook id) creates no second job; another delivery does", async () => {
    const { shop, products } = await installedShop("webhook-retry");
    await chooseNewProducts(shop, true);

    const first = await deliver(shop, products[0]!, { webhookId: "retried-delivery-1" });
    const retry = await deliver(shop, products[0]!, { webhookId: "retried-delivery-1" });
    expect([first.status, retry.status]).toEqual([200, 200]); // acknowledged, so Shopify stops retrying
    expect(await jobsOf(shop)).toHaveLength(1);

    const other = await deliver(shop, products[1]!, { webhookId: "another-delivery-2" });
    expect(other.status).toBe(200);
    const jobs = await jobsOf(shop);
    expect(jobs).toHaveLength(2);
    expect(jobs.map((j) => j.scopeIds)).toEqual([[products[0]!.id], [products[1]!.id]]);
  });
});

describe("products/create that enriches nothing", () => {
  it("refuses a delivery with a bad HMAC (401), and records nothing", async () => {
    const { shop, products } = await installedShop("webhook-hmac");
    await chooseNewProducts(shop, true);
    const forged = await deliverWebhook(`not-${API_SECRET}`, { shop, topic: "products/create", payload: createdPayload(products[0]!), address: `${appUrl}${ROUTE}` });
    expect(forged.status).toBe(401);
    expect(await jobsOf(shop)).toHaveLength(0);
    expect(await prisma.webhookDelivery.count({ where: { webhookId: forged.webhookId } })).toBe(0);
  });

  it("leaves the product alone when the shop has not opted in (the default) or turned it off again", async () => {
    const { shop, products } = await installedShop("webhook-off");
    expect((await deliver(shop, products[0]!)).status).toBe(200); // no settings saved: off
    await chooseNewProducts(shop, true);
    await chooseNewProducts(shop, false);
    expect((await deliver(shop, products[1]!)).status).toBe(200);
    expect(await jobsOf(shop)).toHaveLength(0);
    expect(await prisma.webhookDelivery.count({ where: { shop } })).toBe(0); // nothing kept for a shop that did not opt in
  });

  it("acknowledges a shop that uninstalled the app (no session) without a job", async () => {
    const { shop, products } = await installedShop("webhook-gone", { install: false, provider: false });
    await chooseNewProducts(shop, true);
    expect((await deliver(shop, products[0]!)).status).toBe(200);
    expect(await jobsOf(shop)).toHaveLength(0);
  });

  it("acknowledges (no retries) when no provider can do the work, and creates no job", async () => {
    const { shop, products } = await installedShop("webhook-no-key", { provider: false });
    await chooseNewProducts(shop, true);
    const delivery = await deliver(shop, products[0]!);
    expect(delivery.status).toBe(200);
    expect(await jobsOf(shop)).toHaveLength(0);
    expect(await prisma.webhookDelivery.count({ where: { webhookId: delivery.webhookId } })).toBe(1);
  });
});

describe("shopify.app.toml", () => {
  it("subscribes products/create to this route, and never products/update (the app's own writes would loop)", () => {
    const toml = readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8");
    const subscriptions = toml
      .split("[[webhooks.subscriptions]]")
      .slice(1)
      .map((block) => ({ topics: [...(block.match(/^\s*topics = \[([^\]]*)\]/m)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]), uri: block.match(/^\s*uri = "([^"]+)"/m)?.[1] }));
    expect(subscriptions).toContainEqual({ topics: ["products/create"], uri: ROUTE });
    expect(subscriptions.flatMap((s) => s.topics)).not.toContain("products/update");
  });
});

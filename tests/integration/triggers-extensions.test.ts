// The endpoints the admin action extensions call, as the admin calls them: a fetch from the
// extension's sandbox (another origin) carrying the admin's ID token, verified by the real
// `authenticate.admin`, answered through its CORS wrapper. The job they create runs in this
// process's job runtime (started by the route, as in the app), reaching the Shopify simulator
// through the library's fetch hook and the OpenAI simulator through the stored key's base URL.
// A merchant depends on: seeing the cost before anything is spent, results waiting for review
// (nothing written), clear refusals, and no other shop ever reaching their products or jobs.
import { API_KEY, API_SECRET, installShop } from "./routes-session";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { loader as optionsLoader } from "../../app/routes/api.enrichment.options";
import { action as createAction, loader as createLoader } from "../../app/routes/api.enrichment.jobs._index";
import { action as jobAction, loader as jobLoader } from "../../app/routes/api.enrichment.jobs.$id";
import { signSessionToken } from "../demo/admin-frame/session-token";
import { routeShopifyFetch } from "../simulators/shopify/route-fetch";
import { startShopifySimulator, type ShopifySimulator } from "../simulators/shopify/server";
import { allowLocalProviders, assignEnrichment, installApp, newShop, startProvider, waitFor, type ProviderSetup } from "./pipeline-harness";

const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";

let shopify: ShopifySimulator;
const providers: ProviderSetup[] = [];

beforeAll(async () => {
  allowLocalProviders();
  process.env.JOB_POLL_INTERVAL_MS = "200";
  shopify = await startShopifySimulator({ apiKey: API_KEY, apiSecret: API_SECRET, bulkOperationDelayMs: 20 });
  setAbstractFetchFunc(routeShopifyFetch(shopify.url));
});

afterAll(async () => {
  await Promise.all(providers.map((p) => p.sim.close()));
  await shopify?.close();
});

/** A shop with the app installed (offline session from the simulator), a catalog and an OpenAI key assigned. */
async function readyShop(prefix: string, products = 4) {
  const shop = newShop(prefix);
  shopify.store.seedGenerated(shop, products, { seed: 7, poorContentShare: 0 });
  await installApp(shopify, shop);
  const openai = await startProvider(shop, { kind: "openai" });
  providers.push(openai);
  await assignEnrichment(shop, openai, "gpt-4o-mini");
  const productIds = shopify.store.shop(shop).products().map((p) => p.id);
  return { shop, productIds };
}

interface CallOptions {
  method?: "GET" | "POST" | "OPTIONS";
  body?: unknown;
  rawBody?: string;
  /** No ID token at all. */
  anonymous?: boolean;
  /** Sign the token with another secret (a forgery). */
  secret?: string;
  params?: Record<string, string>;
}

/** A request from an admin action extension of `shop` to the app (`fetch('/api/…')` in the extension). */
async function extensionRequest(shop: string, path: string, options: CallOptions = {}): Promise<Request> {
  const headers = new Headers({ origin: EXTENSION_ORIGIN, accept: "application/json" });
  if (!options.anonymous && options.method !== "OPTIONS") {
    headers.set("authorization", `Bearer ${await signSessionToken({ shop, apiKey: API_KEY, apiSecret: options.secret ?? API_SECRET })}`);
  }
  if (options.method === "OPTIONS") {
    headers.set("access-control-request-method", "POST");
    headers.set("access-control-request-headers", "authorization,content-type");
  }
  let body: string | undefined;
  if (options.body !== undefined || options.rawBody !== undefined) {
    body = options.rawBody ?? JSON.stringify(options.body);
    headers.set("content-type", "application/json");
  }
  const method = options.method ?? (body ? "POST" : "GET");
  return new Request(new URL(path, "https://byok-route-tests.example.com"), { method, headers, body });
}

type RouteFunction = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;

async function call(fn: RouteFunction, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const result = await fn({ request, params, context: {} });
    if (result instanceof Response) return result;
    throw new Error("a route answered something other than a Response");
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const body = async (response: Response) => (await response.clone().json()) as any;

async function createJob(shop: string, input: Record<string, unknown>, options: Omit<CallOptions, "body"> = {}) {
  return call(createAction as RouteFunction, await extensionRequest(shop, "/api/enrichment/jobs", { ...options, body: input }));
}

async function getJob(shop: string, id: string, options: CallOptions = {}) {
  return call(jobLoader as RouteFunction, await extensionRequest(shop, `/api/enrichment/jobs/${id}`, options), { id });
}

async function jobIntent(shop: string, id: string, intent: string, options: CallOptions = {}) {
  return call(jobAction as RouteFunction, await extensionRequest(shop, `/api/enrichment/jobs/${id}`, { ...options, body: { intent } }), { id });
}

/** Polls the job as the extension does until `done` says so. */
async function pollJob(shop: string, id: string, done: (job: any) => boolean, what: string) {
  return waitFor(
    async () => {
      const response = await getJob(shop, id);
      expect(response.status).toBe(200);
      const { job } = await body(response);
      return done(job) ? job : undefined;
    },
    what,
    60_000,
  );
}

const titlesOf = (shop: string) => shopify.store.shop(shop).products().map((p) => `${p.id} ${p.title}`);

describe("bulk action: estimate, then start in review mode", () => {
  it("shows the estimated cost before any provider call, starts on request, and writes nothing before review", async () => {
    const { shop, productIds } = await readyShop("trigger-bulk", 5);
    const selected = productIds.slice(0, 3);
    const before = titlesOf(shop);

    const created = await createJob(shop, { trigger: "bulk_action", productIds: selected, tasks: ["title", "description", "seo"], start: false });
    expect(created.status).toBe(201);
    expect(created.headers.get("access-control-allow-origin")).toBe("*"); // the extension's origin may read it
    const { job } = await body(created);
    expect(job.path).toBe(`/app/jobs/${job.id}`);
    expect(job.mode).toBe("review");

    const stored = await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(stored).toMatchObject({ shop, trigger: "bulk_action", mode: "review", scopeKind: "ids", autoStart: false });
    expect(JSON.parse(JSON.stringify(stored.scopeIds))).toEqual(selected);
    expect(stored.tasks).toEqual(["title", "description", "seo"]);

    const estimated = await pollJob(shop, job.id, (j) => j.estimate !== null, "the estimate");
    expect(estimated.status).toBe("awaiting_start");
    expect(estimated.estimate).toMatchObject({ itemCount: 3, currency: "USD", provider: "OpenAI", model: "gpt-4o-mini", budget: { ok: true } });
    expect(Number(estimated.estimate.cost)).toBeGreaterThan(0);
    expect(estimated.estimate.inputTokens).toBeGreaterThan(0);
    expect(estimated.estimate.outputTokens).toBeGreaterThan(0);
    // Seeing the estimate cost nothing: no provider call was made.
    expect(await prisma.usageEvent.count({ where: { jobId: job.id } })).toBe(0);

    const started = await jobIntent(shop, job.id, "start");
    expect(started.status).toBe(200);
    expect(started.headers.get("access-control-allow-origin")).toBe("*");

    const reviewed = await pollJob(shop, job.id, (j) => !["queued", "running"].includes(j.status), "the job to wait for review");
    expect(reviewed.status).toBe("awaiting_review");
    const items = await prisma.jobItem.findMany({ where: { jobId: job.id } });
    expect(items.map((i) => i.productId).sort()).toEqual([...selected].sort());
    expect(items.every((i) => ["generated", "needs_review"].includes(i.status))).toBe(true);
    expect(await prisma.usageEvent.count({ where: { jobId: job.id } })).toBe(3);
    // Review mode: the store is untouched until the merchant approves.
    expect(titlesOf(shop)).toEqual(before);
  });

  it("cancels the waiting job when the merchant changes the tasks or closes the action", async () => {
    const { shop, productIds } = await readyShop("trigger-cancel", 2);
    const { job } = await body(await createJob(shop, { trigger: "bulk_action", productIds, tasks: ["title"] }));
    await pollJob(shop, job.id, (j) => j.estimate !== null, "the estimate");

    const cancelled = await jobIntent(shop, job.id, "cancel");
    expect(cancelled.status).toBe(200);
    expect((await body(cancelled)).job.status).toBe("cancelled");
    const restart = await jobIntent(shop, job.id, "start");
    expect(restart.status).toBe(409);
    expect((await body(restart)).error).toMatch(/waiting to start/);
    expect(await prisma.usageEvent.count({ where: { jobId: job.id } })).toBe(0);
  });

  it("the product page starts a job for its one product", async () => {
    const { shop, productIds } = await readyShop("trigger-page", 2);
    const created = await createJob(shop, { trigger: "product_page", productIds: [productIds[1]], tasks: ["title", "tags"], start: true });
    expect(created.status).toBe(201);
    const { job } = await body(created);
    const stored = await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(stored).toMatchObject({ shop, trigger: "product_page", mode: "review", autoStart: true });
    const done = await pollJob(shop, job.id, (j) => !["queued", "running"].includes(j.status), "the job to wait for review");
    expect(done.status).toBe("awaiting_review");
    expect(done.itemCount).toBe(1);
  });
});

describe("what the action offers", () => {
  it("lists the tasks with the seed workload preselected, and image alt text with a vision-capable model", async () => {
    const { shop } = await readyShop("trigger-options", 1);
    const response = await call(optionsLoader as RouteFunction, await extensionRequest(shop, "/api/enrichment/options"));
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const options = await body(response);
    expect(options).toMatchObject({ ready: true, message: null, provider: { name: "OpenAI", model: "gpt-4o-mini" }, defaultTasks: ["title", "description", "attributes"] });
    expect(options.tasks.map((t: any) => t.id)).toEqual(["title", "description", "seo", "attributes", "tags", "imageAlt"]);
    expect(options.tasks.every((t: any) => t.available)).toBe(true);
  });

  it("without a provider key: says what to set up, offers no alt text, and refuses to start", async () => {
    const shop = await installShop("trigger-no-key");
    const options = await body(await call(optionsLoader as RouteFunction, await extensionRequest(shop, "/api/enrichment/options")));
    expect(options.ready).toBe(false);
    expect(options.message).toMatch(/Add a provider key/);
    expect(options.tasks.find((t: any) => t.id === "imageAlt")).toMatchObject({ available: false, reason: expect.stringMatching(/vision/) });

    const refused = await createJob(shop, { trigger: "bulk_action", productIds: ["gid://shopify/Product/1"], tasks: ["title"] });
    expect(refused.status).toBe(409);
    expect((await body(refused)).error).toMatch(/Add a provider key/);
    expect(await prisma.enrichmentJob.count({ where: { shop } })).toBe(0);
  });
});

describe("input is checked", () => {
  it.each([
    ["a product id that is not a product gid", { trigger: "bulk_action", productIds: ["gid://shopify/Order/1"], tasks: ["title"] }, /Not a product id/],
    ["no product", { trigger: "bulk_action", productIds: [], tasks: ["title"] }, /at least one product/],
    ["an unknown task", { trigger: "bulk_action", productIds: ["gid://shopify/Product/1"], tasks: ["price"] }, /Unknown task/],
    ["no task", { trigger: "bulk_action", productIds: ["gid://shopify/Product/1"], tasks: [] }, /at least one thing/],
    ["a trigger extensions do not have", { trigger: "webhook", productIds: ["gid://shopify/Product/1"], tasks: ["title"] }, /trigger/],
    ["two products from a product page", { trigger: "product_page", productIds: ["gid://shopify/Product/1", "gid://shopify/Product/2"], tasks: ["title"] }, /one product/],
  ])("refuses %s (400) and creates nothing", async (_name, input, message) => {
    const { shop } = await readyShop("trigger-input", 1);
    const response = await createJob(shop, input);
    expect(response.status).toBe(400);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect((await body(response)).error).toMatch(message);
    expect(await prisma.enrichmentJob.count({ where: { shop } })).toBe(0);
  });

  it("refuses a body that is not JSON, and an unknown intent", async () => {
    const { shop, productIds } = await readyShop("trigger-json", 1);
    const notJson = await call(createAction as RouteFunction, await extensionRequest(shop, "/api/enrichment/jobs", { method: "POST", rawBody: "tasks=title" }));
    expect(notJson.status).toBe(400);
    const { job } = await body(await createJob(shop, { trigger: "bulk_action", productIds, tasks: ["title"] }));
    const unknown = await jobIntent(shop, job.id, "publish");
    expect(unknown.status).toBe(400);
    expect((await body(unknown)).error).toMatch(/intent/);
  });
});

describe("authentication and shop isolation", () => {
  it("answers the CORS preflight, and refuses requests without a valid ID token", async () => {
    const { shop, productIds } = await readyShop("trigger-auth", 1);
    const preflight = await call(createLoader as RouteFunction, await extensionRequest(shop, "/api/enrichment/jobs", { method: "OPTIONS" }));
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/);

    const input = { trigger: "bulk_action", productIds, tasks: ["title"], start: true };
    const anonymous = await createJob(shop, input, { anonymous: true });
    // No token: the library sends the request to log in; nothing is served.
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/auth/login");
    const forged = await createJob(shop, input, { secret: `not-${API_SECRET}` });
    expect(forged.status).toBe(401);
    const anonymousOptions = await call(optionsLoader as RouteFunction, await extensionRequest(shop, "/api/enrichment/options", { anonymous: true }));
    expect(anonymousOptions.status).toBe(302);
    expect(await prisma.enrichmentJob.count({ where: { shop } })).toBe(0);
  });

  it("a token of shop B cannot start a job on shop A's products, nor read, start or cancel A's job", async () => {
    const a = await readyShop("trigger-shop-a", 3);
    const b = await readyShop("trigger-shop-b", 3);
    const beforeA = titlesOf(a.shop);

    // B names A's products: the job is B's, and A's products are simply not found in B's store.
    const created = await createJob(b.shop, { trigger: "bulk_action", productIds: a.productIds, tasks: ["title"], start: true });
    expect(created.status).toBe(201);
    const { job } = await body(created);
    expect((await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: job.id } })).shop).toBe(b.shop);
    expect(await prisma.enrichmentJob.count({ where: { shop: a.shop } })).toBe(0);
    const finished = await pollJob(b.shop, job.id, (j) => !["queued", "running"].includes(j.status), "B's job to finish");
    expect(finished.status).toBe("completed");
    const items = await prisma.jobItem.findMany({ where: { jobId: job.id } });
    expect(items.every((i) => i.status === "skipped")).toBe(true);
    expect(await prisma.usageEvent.count({ where: { jobId: job.id } })).toBe(0);
    expect(titlesOf(a.shop)).toEqual(beforeA);

    // A's own job: B's token finds nothing to read, start or cancel.
    const { job: jobA } = await body(await createJob(a.shop, { trigger: "bulk_action", productIds: a.productIds, tasks: ["title"] }));
    await pollJob(a.shop, jobA.id, (j) => j.estimate !== null, "A's estimate");
    expect((await getJob(b.shop, jobA.id)).status).toBe(404);
    expect((await jobIntent(b.shop, jobA.id, "start")).status).toBe(404);
    expect((await jobIntent(b.shop, jobA.id, "cancel")).status).toBe(404);
    expect((await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobA.id } })).status).toBe("awaiting_start");
  });
});

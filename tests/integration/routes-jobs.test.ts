// The enrichment pages' loaders and actions as the embedded app calls them (real session tokens,
// the real `authenticate.admin`), on jobs that really ran: the job runtime the routes start (as in
// the app) reaches the Shopify simulator through the library's fetch hook with the shop's offline
// session, and the OpenAI simulator through the stored key's base URL. A merchant depends on: a job created from the form waits for its estimate; decisions and
// edits are kept; an edit is cleaned like generated text; publish and revert reach the store;
// another shop can neither see nor touch any of it.
import { API_KEY, API_SECRET, appRequest, installShop, jsonOf } from "./routes-session";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { setBudget } from "../../app/budget/budgets.server";
import { sanitizeDescriptionHtml } from "../../app/enrichment/sanitize";
import type { ProposalDoc } from "../../app/jobs/job-types";
import { action as jobAction, loader as jobLoader } from "../../app/routes/app.jobs.$id";
import { loader as jobsLoader } from "../../app/routes/app.jobs._index";
import { action as newJobAction, loader as newJobLoader } from "../../app/routes/app.jobs.new";
import { routeShopifyFetch } from "../simulators/shopify/route-fetch";
import { startShopifySimulator, type ShopifySimulator } from "../simulators/shopify/server";
import {
  allowLocalProviders,
  assignEnrichment,
  installApp,
  itemsOf,
  newShop,
  startProvider,
  waitFor,
  type ProviderSetup,
} from "./pipeline-harness";

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

type RouteFn = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;

/** Runs a loader or action with route params; a thrown Response is returned like any other. */
async function call(fn: unknown, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const result = await (fn as RouteFn)({ request, params, context: {} });
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { headers: { "content-type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** A form POST as Remix sends it; list fields repeat their name. */
async function postForm(shop: string, path: string, fields: [string, string][]): Promise<Request> {
  const base = await appRequest(shop, path);
  const headers = new Headers(base.headers);
  headers.set("content-type", "application/x-www-form-urlencoded");
  return new Request(base.url, { method: "POST", headers, body: new URLSearchParams(fields) });
}

const jobPage = (id: string) => `/app/jobs/${id}`;

async function jobAct(shop: string, jobId: string, form: Record<string, string>) {
  return call(jobAction, await appRequest(shop, jobPage(jobId), { form }), { id: jobId });
}

async function loadJob(shop: string, jobId: string, search = "") {
  return call(jobLoader, await appRequest(shop, `${jobPage(jobId)}${search}`), { id: jobId });
}

/** An installed shop with products in the simulator and an OpenAI key assigned to batch enrichment. */
async function merchant(prefix: string, products = 3, seed = 5) {
  const shop = newShop(prefix);
  shopify.store.seedGenerated(shop, products, { seed });
  await installApp(shopify, shop);
  const openai = await startProvider(shop, { kind: "openai" });
  providers.push(openai);
  await assignEnrichment(shop, openai, "gpt-4o-mini");
  const ids = shopify.store
    .shop(shop)
    .products()
    .map((p) => p.id);
  return { shop, ids };
}

const FINAL_OR_WAITING = ["awaiting_start", "awaiting_review", "paused", "completed", "cancelled", "failed"];

/** Waits until the job runtime has taken the job as far as it goes, and returns where it stopped. */
async function settled(jobId: string): Promise<string> {
  return waitFor(async () => {
    const job = await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } });
    return FINAL_OR_WAITING.includes(job.status) ? job.status : undefined;
  }, `job ${jobId} to settle`);
}

/** A job created through the new-enrichment form, estimated, started and generated: results wait for review. */
async function reviewedJob(shop: string, ids: string[], tasks = ["title", "description", "attributes"]) {
  const created = await call(
    newJobAction,
    await postForm(shop, "/app/jobs/new", [
      ["intent", "estimate"],
      ["scope", "ids"],
      ...ids.map((id): [string, string] => ["productId", id]),
      ...tasks.map((task): [string, string] => ["task", task]),
      ["mode", "review"],
    ])
  );
  expect(created.status).toBe(302);
  const jobId = new URL(created.headers.get("location")!).pathname.split("/").pop()!;
  expect(await settled(jobId)).toBe("awaiting_start");
  expect((await jobAct(shop, jobId, { intent: "start" })).status).toBe(200);
  expect(await settled(jobId)).toBe("awaiting_review");
  return jobId;
}

async function proposalOf(itemId: string): Promise<ProposalDoc> {
  const item = await prisma.jobItem.findUniqueOrThrow({ where: { id: itemId } });
  return item.proposal as unknown as ProposalDoc;
}

describe("the new-enrichment form", () => {
  it("shows the assigned model, the shop's attributes, and creates a job that waits after its estimate", async () => {
    const { shop, ids } = await merchant("jobs-new");
    const form = await jsonOf(await call(newJobLoader, await appRequest(shop, "/app/jobs/new")));
    expect(form.assignment).toMatchObject({ ok: true, provider: "openai", model: "gpt-4o-mini" });
    expect(form.attributes.map((a: { key: string }) => a.key)).toEqual(["material", "color", "care_instructions", "style", "audience"]);

    const response = await call(
      newJobAction,
      await postForm(shop, "/app/jobs/new", [
        ["intent", "estimate"],
        ["scope", "ids"],
        ["productId", ids[0]!],
        ["productId", ids[1]!],
        ["task", "title"],
        ["task", "seo"],
        ["mode", "publish"],
      ])
    );
    expect(response.status).toBe(302);
    const jobId = new URL(response.headers.get("location")!).pathname.split("/").pop()!;
    const job = await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ shop, scopeKind: "ids", mode: "publish", autoStart: false, preview: false, trigger: "bulk_action" });
    expect(job.scopeIds).toEqual([ids[0], ids[1]]);
    expect(job.tasks).toEqual(["title", "seo"]);

    // Estimated, then waiting: the page shows the estimate and the budget check before anything is spent.
    expect(await settled(jobId)).toBe("awaiting_start");
    const page = await jsonOf(await loadJob(shop, jobId));
    expect(page.job.status).toBe("awaiting_start");
    expect(page.job.estimate).toMatchObject({ itemCount: 2, model: "gpt-4o-mini", budget: { ok: true } });
    expect(Number(page.job.estimate.cost)).toBeGreaterThan(0);
    expect(page.job.spend.calls).toBe(0);
  });

  it("previews 3 products of a search with real calls and never publishes them; the whole catalog becomes a catalog job", async () => {
    const { shop } = await merchant("jobs-scope", 5);
    const before = shopify.store
      .shop(shop)
      .products()
      .map((p) => ({ ...p }));
    const preview = await call(
      newJobAction,
      await postForm(shop, "/app/jobs/new", [
        ["intent", "preview"],
        ["scope", "search"],
        ["query", "status:active"],
        ["task", "title"],
        ["task", "description"],
      ])
    );
    expect(preview.status).toBe(302);
    const previewId = new URL(preview.headers.get("location")!).pathname.split("/").pop()!;
    expect(await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: previewId } })).toMatchObject({
      preview: true,
      scopeKind: "search",
      scopeQuery: "status:active",
      trigger: "catalog",
    });
    // The results are there when the page opens: proposals for 3 products, none open for decisions.
    const page = await jsonOf(await loadJob(shop, previewId));
    expect(page.job.preview).toBe(true);
    expect(page.items).toHaveLength(3);
    for (const item of page.items) {
      expect(item.fields.find((f: { field: string }) => f.field === "title").proposed).toEqual(expect.any(String));
      expect(item.decidable).toBe(false);
    }
    expect(page.job.spend.calls).toBe(3);
    const refused = await jobAct(shop, previewId, { intent: "approve-item", itemId: page.items[0].id });
    expect(refused.status).toBe(409);
    expect(
      shopify.store
        .shop(shop)
        .products()
        .map((p) => ({ ...p }))
    ).toEqual(before);

    // "Estimate the full job": the same selection and tasks, waiting after its estimate.
    const full = await jobAct(shop, previewId, { intent: "run-full" });
    expect(full.status).toBe(302);
    const fullId = new URL(full.headers.get("location")!).pathname.split("/").pop()!;
    expect(await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: fullId } })).toMatchObject({
      preview: false,
      autoStart: false,
      scopeKind: "search",
      scopeQuery: "status:active",
      tasks: ["title", "description"],
    });
    expect(await settled(fullId)).toBe("awaiting_start");

    const all = await call(
      newJobAction,
      await postForm(shop, "/app/jobs/new", [
        ["intent", "estimate"],
        ["scope", "all"],
        ["task", "description"],
      ])
    );
    const allId = new URL(all.headers.get("location")!).pathname.split("/").pop()!;
    expect(await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: allId } })).toMatchObject({ scopeKind: "all", trigger: "catalog" });
    expect(await settled(allId)).toBe("awaiting_start");
    expect((await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: allId } })).itemCount).toBe(5);
  });

  it("shows the budget check with the estimate: a job over the monthly cap says so before anything is spent", async () => {
    const { shop, ids } = await merchant("jobs-budget", 2, 12);
    await setBudget({ shop, monthlyCap: "0.00001" });
    const created = await call(
      newJobAction,
      await postForm(shop, "/app/jobs/new", [
        ["intent", "estimate"],
        ["scope", "ids"],
        ...ids.map((id): [string, string] => ["productId", id]),
        ["task", "description"],
      ])
    );
    const jobId = new URL(created.headers.get("location")!).pathname.split("/").pop()!;
    expect(await settled(jobId)).toBe("awaiting_start");
    const page = await jsonOf(await loadJob(shop, jobId));
    expect(page.job.estimate.budget.ok).toBe(false);
    expect(page.job.estimate.budget.message).toMatch(/cap|budget/i);
    expect(page.job.spend.calls).toBe(0);
  });

  it("answers invalid choices with the field to fix and creates nothing", async () => {
    const { shop } = await merchant("jobs-invalid");
    const before = await prisma.enrichmentJob.count({ where: { shop } });
    const cases: { fields: [string, string][]; field: string; message: RegExp }[] = [
      {
        fields: [
          ["intent", "estimate"],
          ["scope", "ids"],
          ["task", "title"],
        ],
        field: "scope",
        message: /Select at least one product/,
      },
      {
        fields: [
          ["intent", "estimate"],
          ["scope", "search"],
          ["query", "  "],
          ["task", "title"],
        ],
        field: "scope",
        message: /Enter a search/,
      },
      {
        fields: [
          ["intent", "estimate"],
          ["scope", "ids"],
          ["productId", "gid://shopify/Customer/1"],
          ["task", "title"],
        ],
        field: "scope",
        message: /Not a product id/,
      },
      {
        fields: [
          ["intent", "estimate"],
          ["scope", "all"],
        ],
        field: "tasks",
        message: /at least one thing/,
      },
      {
        fields: [
          ["intent", "estimate"],
          ["scope", "all"],
          ["task", "poems"],
        ],
        field: "tasks",
        message: /.+/,
      },
    ];
    for (const c of cases) {
      const response = await call(newJobAction, await postForm(shop, "/app/jobs/new", c.fields));
      expect(response.status).toBe(400);
      const body = await jsonOf(response);
      expect(body.ok).toBe(false);
      expect(body.fieldErrors[c.field]).toMatch(c.message);
    }
    expect(await prisma.enrichmentJob.count({ where: { shop } })).toBe(before);
  });

  it("says where to choose a provider when none can do batch enrichment", async () => {
    const shop = await installShop("jobs-no-provider");
    shopify.store.seedGenerated(shop, 1, { seed: 1 });
    const form = await jsonOf(await call(newJobLoader, await appRequest(shop, "/app/jobs/new")));
    expect(form.assignment.ok).toBe(false);
    const response = await call(
      newJobAction,
      await postForm(shop, "/app/jobs/new", [
        ["intent", "estimate"],
        ["scope", "all"],
        ["task", "title"],
      ])
    );
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).message).toMatch(/Assignments page/);
    expect(await prisma.enrichmentJob.count({ where: { shop } })).toBe(0);
  });
});

describe("reviewing a job", () => {
  it("keeps each approve, reject and edit; publishes only what was approved; reverts the job to the exact originals", async () => {
    const { shop, ids } = await merchant("jobs-review");
    const originals = new Map(ids.map((id) => [id, { ...shopify.store.shop(shop).product(id)! }]));
    const jobId = await reviewedJob(shop, ids);
    const [first, second, third] = await itemsOf(jobId);

    // The page: every product with its fields, the original beside the proposal.
    const page = await jsonOf(await loadJob(shop, jobId));
    expect(page.items).toHaveLength(3);
    const firstRow = page.items.find((i: { id: string }) => i.id === first!.id);
    const titleRow = firstRow.fields.find((f: { field: string }) => f.field === "title");
    expect(titleRow).toMatchObject({ original: originals.get(first!.productId)!.title, decision: "pending", decidable: true });
    expect(titleRow.proposed).toEqual(expect.any(String));
    expect(firstRow.fields.map((f: { label: string }) => f.label)).toEqual(expect.arrayContaining(["Title", "Description", "Material"]));

    // Approve the title, reject the description: both kept.
    expect((await jobAct(shop, jobId, { intent: "decide", itemId: first!.id, field: "title", decision: "approved" })).status).toBe(200);
    expect(
      (await jobAct(shop, jobId, { intent: "decide", itemId: first!.id, field: "descriptionHtml", decision: "rejected" })).status
    ).toBe(200);
    let fields = (await proposalOf(first!.id)).fields;
    expect(fields.find((f) => f.field === "title")!.decision).toBe("approved");
    expect(fields.find((f) => f.field === "descriptionHtml")!.decision).toBe("rejected");

    // An edit approves the merchant's text instead of the proposal.
    const edit = await jobAct(shop, jobId, {
      intent: "decide",
      itemId: second!.id,
      field: "title",
      decision: "approved",
      value: "  Merchant's own title  ",
    });
    expect(edit.status).toBe(200);
    expect((await jsonOf(edit)).message).toMatch(/Edit saved/);
    fields = (await proposalOf(second!.id)).fields;
    expect(fields.find((f) => f.field === "title")).toMatchObject({ decision: "approved", edited: "Merchant's own title" });

    // Reject a whole product; approve everything else that waits.
    expect((await jobAct(shop, jobId, { intent: "reject-item", itemId: third!.id })).status).toBe(200);
    expect((await prisma.jobItem.findUniqueOrThrow({ where: { id: third!.id } })).status).toBe("rejected");
    const approveAll = await jobAct(shop, jobId, { intent: "approve-all" });
    expect(approveAll.status).toBe(200);
    expect((await prisma.jobItem.findUniqueOrThrow({ where: { id: first!.id } })).status).toBe("approved");
    expect((await proposalOf(first!.id)).fields.find((f) => f.field === "descriptionHtml")!.decision).toBe("rejected");

    // Publish: approved fields reach the store, nothing else does.
    expect((await jobAct(shop, jobId, { intent: "publish" })).status).toBe(200);
    expect(await settled(jobId)).toBe("completed");
    const stored = (id: string) => shopify.store.shop(shop).product(id)!;
    expect(stored(first!.productId).title).toBe(titleRow.proposed);
    expect(stored(first!.productId).descriptionHtml).toBe(originals.get(first!.productId)!.descriptionHtml);
    expect(stored(second!.productId).title).toBe("Merchant's own title");
    expect(stored(third!.productId).title).toBe(originals.get(third!.productId)!.title);
    const published = await jsonOf(await loadJob(shop, jobId, "?filter=published"));
    expect(published.items.map((i: { id: string }) => i.id).sort()).toEqual([first!.id, second!.id].sort());
    expect(published.items.every((i: { revertable: boolean }) => i.revertable)).toBe(true);

    // Revert one product from its diff: its original is back at once, the other stays published.
    const revertOne = await jobAct(shop, jobId, { intent: "revert-item", itemId: second!.id });
    expect(revertOne.status).toBe(200);
    expect((await jsonOf(revertOne)).message).toMatch(/reverted/);
    expect(stored(second!.productId).title).toBe(originals.get(second!.productId)!.title);
    expect(stored(first!.productId).title).toBe(titleRow.proposed);
    expect((await prisma.jobItem.findUniqueOrThrow({ where: { id: second!.id } })).status).toBe("reverted");
    // Nothing left to revert on that product; a product never published cannot be reverted either.
    expect((await jobAct(shop, jobId, { intent: "revert-item", itemId: second!.id })).status).toBe(409);
    expect((await jobAct(shop, jobId, { intent: "revert-item", itemId: third!.id })).status).toBe(409);

    // Revert the job: the originals are back.
    expect((await jobAct(shop, jobId, { intent: "revert-job" })).status).toBe(200);
    expect(await settled(jobId)).toBe("completed");
    for (const id of [first!.productId, second!.productId]) {
      expect(stored(id).title).toBe(originals.get(id)!.title);
      expect(stored(id).descriptionHtml).toBe(originals.get(id)!.descriptionHtml);
    }
    const reverted = await jsonOf(await loadJob(shop, jobId, "?filter=reverted"));
    expect(reverted.items).toHaveLength(2);
  });

  it("cleans an edited description exactly like generated output, and refuses edits over the limits", async () => {
    const { shop, ids } = await merchant("jobs-edit", 1, 9);
    const jobId = await reviewedJob(shop, ids, ["title", "description", "tags"]);
    const [item] = await itemsOf(jobId);
    const hostile =
      '<h1>Soft wool</h1><p onclick="steal()">Warm <b>and</b> light.<script>alert(1)</script></p>' +
      '<a href="javascript:alert(1)">click</a> <a href="https://evil.example/x">elsewhere</a> ' +
      `<a href="https://${shop}/pages/care">care guide</a><img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe>`;
    const response = await jobAct(shop, jobId, {
      intent: "decide",
      itemId: item!.id,
      field: "descriptionHtml",
      decision: "approved",
      value: hostile,
    });
    expect(response.status).toBe(200);
    const edited = (await proposalOf(item!.id)).fields.find((f) => f.field === "descriptionHtml")!.edited as string;
    expect(edited).toBe(sanitizeDescriptionHtml(hostile, { shopDomain: shop }).html);
    expect(edited).not.toMatch(/script|onclick|onerror|javascript:|evil\.example|<img|<iframe|<h1/i);
    expect(edited).toContain(`<a href="https://${shop}/pages/care">care guide</a>`);
    expect(edited).toContain("<strong>and</strong>");

    // The page shows the edit as the proposal, rendered from the cleaned HTML.
    const page = await jsonOf(await loadJob(shop, jobId));
    const row = page.items[0].fields.find((f: { field: string }) => f.field === "descriptionHtml");
    expect(row.edited).toBe(edited);
    expect(row.proposedHtml).toBe(edited);

    // Over the title limit, markup only, a tag over its limit: refused with the field's message.
    const refusals: [string, string, RegExp][] = [
      ["title", "x".repeat(256), /At most 255 characters/],
      ["title", "<b></b>", /Enter a value/],
      ["tags", `fine, ${"t".repeat(41)}`, /at most 40 characters/],
    ];
    for (const [field, value, message] of refusals) {
      const refused = await jobAct(shop, jobId, { intent: "decide", itemId: item!.id, field, decision: "approved", value });
      expect(refused.status).toBe(400);
      expect((await jsonOf(refused)).fieldErrors[field]).toMatch(message);
    }
    expect((await proposalOf(item!.id)).fields.find((f) => f.field === "title")!.edited).toBeUndefined();

    // Unknown intents and fields are input errors, not crashes.
    expect((await jobAct(shop, jobId, { intent: "explode" })).status).toBe(400);
    const unknownField = await jobAct(shop, jobId, {
      intent: "decide",
      itemId: item!.id,
      field: "price",
      decision: "approved",
      value: "1",
    });
    expect(unknownField.status).toBe(400);
  });

  it("shows the product's own description sanitized: nothing in it can run in the admin", async () => {
    const { shop, ids } = await merchant("jobs-original", 1, 3);
    const product = shopify.store.shop(shop).product(ids[0]!)!;
    product.descriptionHtml =
      '<p>Cotton tee.</p><img src="x" onerror="alert(document.cookie)"><script>alert(1)</script><p onmouseover="x()">Soft</p>';
    const jobId = await reviewedJob(shop, ids);
    const page = await jsonOf(await loadJob(shop, jobId));
    const row = page.items[0].fields.find((f: { field: string }) => f.field === "descriptionHtml");
    expect(row.original).toBe(product.descriptionHtml); // the source, shown as text
    expect(row.originalHtml).toBe("<p>Cotton tee.</p><p>Soft</p>");
  });

  it("pauses, resumes and cancels, and refuses what does not fit the job's state", async () => {
    const { shop, ids } = await merchant("jobs-controls", 2, 4);
    const created = await call(
      newJobAction,
      await postForm(shop, "/app/jobs/new", [
        ["intent", "estimate"],
        ["scope", "ids"],
        ["productId", ids[0]!],
        ["task", "title"],
      ])
    );
    const jobId = new URL(created.headers.get("location")!).pathname.split("/").pop()!;
    expect(await settled(jobId)).toBe("awaiting_start");

    expect((await jobAct(shop, jobId, { intent: "resume" })).status).toBe(409);
    expect((await jobAct(shop, jobId, { intent: "publish" })).status).toBe(409);
    expect((await jobAct(shop, jobId, { intent: "pause" })).status).toBe(200);
    expect((await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("paused");
    expect((await jobAct(shop, jobId, { intent: "resume" })).status).toBe(200);
    expect((await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("queued");
    const cancel = await jobAct(shop, jobId, { intent: "cancel" });
    expect(cancel.status).toBe(200);
    expect((await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("cancelled");
    const again = await jobAct(shop, jobId, { intent: "cancel" });
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).message).toMatch(/already finished/);
  });
});

describe("another shop", () => {
  it("sees none of shop A's jobs and cannot act on any of them or their items", async () => {
    const a = await merchant("jobs-shop-a", 2, 6);
    const b = await merchant("jobs-shop-b", 1, 8);
    const jobId = await reviewedJob(a.shop, a.ids);
    const [item] = await itemsOf(jobId);
    const snapshot = async () => ({
      job: await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: jobId } }),
      items: await prisma.jobItem.findMany({ where: { jobId }, orderBy: { id: "asc" } }),
    });
    const before = await snapshot();

    // The list and the page.
    const list = await jsonOf(await call(jobsLoader, await appRequest(b.shop, "/app/jobs")));
    expect(list.jobs.map((j: { id: string }) => j.id)).not.toContain(jobId);
    expect((await jsonOf(await call(jobsLoader, await appRequest(a.shop, "/app/jobs")))).jobs.map((j: { id: string }) => j.id)).toContain(
      jobId
    );
    expect((await loadJob(b.shop, jobId)).status).toBe(404);

    // Every action, with B's session on A's job and A's item.
    const attempts: Record<string, string>[] = [
      { intent: "start" },
      { intent: "pause" },
      { intent: "resume" },
      { intent: "cancel" },
      { intent: "publish" },
      { intent: "approve-all" },
      { intent: "reject-all" },
      { intent: "revert-job" },
      { intent: "run-full" },
      { intent: "decide", itemId: item!.id, field: "title", decision: "approved" },
      { intent: "decide", itemId: item!.id, field: "title", decision: "approved", value: "Hijacked" },
      { intent: "decide", itemId: item!.id, field: "descriptionHtml", decision: "rejected" },
      { intent: "approve-item", itemId: item!.id },
      { intent: "reject-item", itemId: item!.id },
      { intent: "revert-item", itemId: item!.id },
    ];
    for (const form of attempts) {
      const response = await jobAct(b.shop, jobId, form);
      expect({ intent: form.intent, status: response.status }).toEqual({ intent: form.intent, status: 404 });
    }
    // B's own job id with A's item: the item is still not B's.
    const bJob = await reviewedJob(b.shop, b.ids);
    for (const form of attempts.filter((f) => f.itemId)) {
      const response = await jobAct(b.shop, bJob, form);
      expect({ intent: form.intent, status: response.status }).toEqual({ intent: form.intent, status: 404 });
    }

    const after = await snapshot();
    expect(after.job.status).toBe(before.job.status);
    expect(after.job.updatedAt).toEqual(before.job.updatedAt);
    expect(after.items.map((i) => [i.status, i.updatedAt.toISOString()])).toEqual(
      before.items.map((i) => [i.status, i.updatedAt.toISOString()])
    );
    expect(await prisma.enrichmentJob.count({ where: { shop: b.shop } })).toBe(1);
  });
});

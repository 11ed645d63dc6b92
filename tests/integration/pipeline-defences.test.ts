// A provider's answer is data, never trusted: malformed, truncated, oversized, schema-violating
// and hostile answers (injected through the OpenAI simulator's faults, at the wire) never reach
// the store. One product per job, so each fault meets exactly the call it is meant for; the job
// itself always finishes (a bad item never kills it), and every call is in the ledger.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { createJob, getJobView } from "../../app/jobs/job-store.server";
import type { ProposalDoc } from "../../app/jobs/job-types";
import type { Fault } from "../simulators/providers/server";
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
let shop: string;
let openai: ProviderSetup;
let writes: Map<string, number>;
let next = 0;

beforeAll(async () => {
  allowLocalProviders();
  shopify = await startShopify();
  shop = newShop("defences");
  shopify.store.seedGenerated(shop, 10, { seed: 5, poorContentShare: 0 });
  openai = await startProvider(shop, { kind: "openai" });
  await assignEnrichment(shop, openai, "gpt-4o-mini");
  writes = countWrites(shopify, shop);
});

afterAll(async () => {
  await openai?.sim.close();
  await shopify?.close();
});

/** Runs a publish-mode job on the next untouched product with `faults` queued for its calls. */
async function enrichOneWith(faults: Fault[]) {
  const product = shopify.store.shop(shop).products()[next++]!;
  const before = structuredClone(product);
  openai.sim.reset();
  faults.forEach((f) => openai.sim.inject(f));
  const job = await createJob({ shop, trigger: "product_page", scope: { kind: "ids", ids: [product.id] }, mode: "publish" });
  const status = await runJob(pipelineDeps(adminFactory(shopify)), job.id);
  const [item] = await itemsOf(job.id);
  const ledger = await prisma.usageEvent.findMany({ where: { jobId: job.id }, orderBy: { createdAt: "asc" } });
  const after = shopify.store.shop(shop).product(product.id)!;
  return { job, status, item: item!, ledger, before, after, view: await getJobView(shop, job.id) };
}

function expectUntouched(run: Awaited<ReturnType<typeof enrichOneWith>>) {
  expect(writes.get(run.before.id)).toBeUndefined();
  expect(run.after.title).toBe(run.before.title);
  expect(run.after.descriptionHtml).toBe(run.before.descriptionHtml);
  expect(run.after.metafields).toEqual(run.before.metafields);
  expect(run.after.updatedAt).toBe(run.before.updatedAt);
}

/** A chat completion whose content is `content`, as OpenAI sends it. */
function completion(content: string): string {
  return JSON.stringify({
    id: "chatcmpl-oversized",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "gpt-4o-mini-2024-07-18",
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 1500, completion_tokens: 4000, total_tokens: 5500 },
  });
}

describe("provider output that is never written", () => {
  it("malformed JSON (and again after the one repair request): the item fails, the product is untouched", async () => {
    const run = await enrichOneWith([{ kind: "malformed-json", count: 2 }]);
    expect(run.status).toBe("completed");
    expect(run.item.status).toBe("failed");
    expect(run.item.error).toMatch(/did not match the expected format/);
    expectUntouched(run);
    expect(run.ledger.map((e) => e.outcome)).toEqual(["invalid_output"]);
    expect(run.ledger[0]!.inputTokens).toBeGreaterThan(0); // both calls were billed, and are counted
  });

  it("truncated output (cut at the token limit): the item fails, the product is untouched", async () => {
    const run = await enrichOneWith([{ kind: "truncated" }]);
    expect(run.item.status).toBe("failed");
    expect(run.item.error).toMatch(/cut off/);
    expectUntouched(run);
    expect(run.ledger.map((e) => e.outcome)).toEqual(["truncated"]);
  });

  it("schema-violating output (a required field missing, wrong types, an extra key): the item fails", async () => {
    const run = await enrichOneWith([{ kind: "schema-violation", count: 2 }]);
    expect(run.item.status).toBe("failed");
    expectUntouched(run);
    expect(run.ledger.map((e) => e.outcome)).toEqual(["invalid_output"]);
  });

  it("oversized output: an over-long title is rejected, runaway copy is rejected, cut attributes wait for review", async () => {
    const huge = "Premium ".repeat(5000);
    const attributes = { material: `Cotton ${"blend ".repeat(400)}`, color: null, care_instructions: null, style: null, audience: null };
    const body = completion(JSON.stringify({ title: "Soft ".repeat(80).trim(), descriptionHtml: `<p>${huge}</p>`, attributes }));
    const run = await enrichOneWith([{ status: 200, body }]);
    expectUntouched(run);
    const proposal = run.item.proposal as unknown as ProposalDoc;
    const field = (name: string) => proposal.fields.find((f) => f.field === name)!;
    expect(field("title").status).toBe("rejected");
    expect(field("title").flags.map((f) => f.code)).toContain("too_long");
    expect(field("descriptionHtml").status).toBe("rejected");
    expect(field("attributes.material").flags.map((f) => f.code)).toContain("shortened");
    expect(run.item.status).toBe("needs_review");
    expect(run.status).toBe("awaiting_review");
  });

  it("hostile output (script tags, event handlers, javascript: links, an iframe, injected instructions) waits for a person, sanitized", async () => {
    const run = await enrichOneWith([{ kind: "hostile-html" }]);
    expectUntouched(run);
    expect(run.item.status).toBe("needs_review");
    const proposal = run.item.proposal as unknown as ProposalDoc;
    const description = proposal.fields.find((f) => f.field === "descriptionHtml")!;
    expect(description.decision).toBe("pending");
    expect(description.flags.map((f) => f.code)).toEqual(expect.arrayContaining(["hostile_content_removed", "instruction_echo"]));
    const proposed = String(description.proposed);
    for (const hostile of ["<script", "onerror", "onclick", "javascript:", "<iframe", "attacker.example"]) expect(proposed).not.toContain(hostile);
    // Nothing of the hostile markup survives in any field's proposal.
    expect(JSON.stringify(proposal.fields.map((f) => f.proposed))).not.toMatch(/<script|onerror=|javascript:|<iframe/);
  });
});

// When the primary provider keeps failing, the context's fallback takes over: after repeated
// failures (5xx), or at once on a failure no retry can fix (a rejected key). Every failed call is
// in the ledger. Without a fallback, such a failure pauses the job with the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import type { PipelineEvent } from "../../app/enrichment/pipeline.server";
import { createJob, getJobView, resumeJob } from "../../app/jobs/job-store.server";
import { rotateProviderKey, storeProviderKey, withDecryptedKey } from "../../app/vault/provider-keys.server";
import { setAssignment } from "../../app/assignments/assignments.server";
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
const providers: ProviderSetup[] = [];

beforeAll(async () => {
  allowLocalProviders();
  shopify = await startShopify();
});

afterAll(async () => {
  await Promise.all(providers.map((p) => p.sim.close()));
  await shopify?.close();
});

async function shopWithProviders(products: number) {
  const shop = newShop("fallback");
  shopify.store.seedGenerated(shop, products, { seed: 3, poorContentShare: 0 });
  const openai = await startProvider(shop, { kind: "openai" });
  const mistral = await startProvider(shop, { kind: "mistral" });
  providers.push(openai, mistral);
  return { shop, openai, mistral };
}

describe("the fallback provider", () => {
  it("takes over when the primary keeps failing (5xx), and every product is still written once", async () => {
    const { shop, openai, mistral } = await shopWithProviders(6);
    await assignEnrichment(shop, openai, "gpt-4o-mini", { setup: mistral, model: "mistral-small-latest" });
    openai.sim.inject({ status: 500, count: 1000 });
    const writes = countWrites(shopify, shop);
    const events: PipelineEvent[] = [];
    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, mode: "publish" });

    const status = await runJob(pipelineDeps(adminFactory(shopify), { events, settings: { fallbackAfterFailures: 3, generateConcurrency: 2 } }), job.id);
    expect(status).toMatch(/completed|awaiting_review/);

    const view = await getJobView(shop, job.id);
    expect(view.activeLane).toBe("fallback");
    expect(events.filter((e) => e.type === "lane-switched")).toHaveLength(1);
    const items = await itemsOf(job.id);
    expect(items.every((i) => i.lane === "fallback")).toBe(true);
    expect(items.filter((i) => i.status === "failed")).toHaveLength(0);
    for (const item of items.filter((i) => i.status === "written")) expect(writes.get(item.productId)).toBe(1);
    expect(items.filter((i) => i.status === "written").length).toBeGreaterThan(3);

    const ledger = await prisma.usageEvent.findMany({ where: { jobId: job.id } });
    const primaryFailures = ledger.filter((e) => e.provider === "openai");
    expect(primaryFailures.length).toBeGreaterThanOrEqual(3);
    expect(primaryFailures.every((e) => e.outcome === "server")).toBe(true);
    expect(primaryFailures.length).toBe(openai.sim.requests().filter((r) => r.path.endsWith("/chat/completions")).length);
    const fallbackCalls = ledger.filter((e) => e.provider === "mistral");
    expect(fallbackCalls.map((e) => e.outcome)).toEqual(Array(6).fill("ok"));
    expect(fallbackCalls.every((e) => e.model.startsWith("mistral-small"))).toBe(true);
  });

  it("takes over at once when the primary rejects the key", async () => {
    const { shop, openai, mistral } = await shopWithProviders(3);
    const revoked = await storeProviderKey({ shop, provider: "openai", label: "revoked", apiKey: "sk-revoked-0000000000000000", baseUrl: `${openai.sim.url}/v1` });
    await setAssignment({ shop, context: "enrichment", providerKeyId: revoked.id, model: "gpt-4o-mini", fallbackProviderKeyId: mistral.keyId });
    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, mode: "publish" });
    await runJob(pipelineDeps(adminFactory(shopify), { settings: { generateConcurrency: 1 } }), job.id);

    const ledger = await prisma.usageEvent.findMany({ where: { jobId: job.id }, orderBy: { createdAt: "asc" } });
    expect(ledger.map((e) => `${e.provider}:${e.outcome}`)).toEqual(["openai:auth", "mistral:ok", "mistral:ok", "mistral:ok"]);
    expect(ledger[0]!.errorMessage).not.toContain("sk-revoked");
  });

  it("without a fallback, a rejected key pauses the job with the reason; resumed with a good key it finishes", async () => {
    const { shop, openai } = await shopWithProviders(3);
    const revoked = await storeProviderKey({ shop, provider: "openai", label: "revoked", apiKey: "sk-revoked-1111111111111111", baseUrl: `${openai.sim.url}/v1` });
    await setAssignment({ shop, context: "enrichment", providerKeyId: revoked.id, model: "gpt-4o-mini" });
    const job = await createJob({ shop, trigger: "catalog", scope: { kind: "all" }, mode: "publish" });
    const deps = pipelineDeps(adminFactory(shopify), { settings: { generateConcurrency: 1 } });
    expect(await runJob(deps, job.id)).toBe("paused");
    const paused = await getJobView(shop, job.id);
    expect(paused.pausedReason).toBe("provider");
    expect(paused.error).toMatch(/key/i);
    expect(paused.counts.byStatus.pending).toBe(3);

    // The merchant rotates the rejected key to a valid one (the job's snapshot names that key id).
    await rotateProviderKey(shop, revoked.id, await acceptedKey(shop, openai.keyId));
    await resumeJob(shop, job.id);
    expect(await runJob(deps, job.id)).toMatch(/completed|awaiting_review/);
    expect((await itemsOf(job.id)).filter((i) => i.status === "pending")).toHaveLength(0);
  });
});

/** The plaintext of a stored key, read the only way the app may: inside withDecryptedKey. */
async function acceptedKey(shop: string, keyId: string): Promise<string> {
  return withDecryptedKey(shop, keyId, async (c) => c.apiKey);
}

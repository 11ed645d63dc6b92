// shop/redact (48 hours after uninstall): a merchant depends on everything the app kept about
// their shop being erased — and on no other shop losing anything. Every model of the schema is
// either erased by shop here or named as holding no shop data, so a model added later without
// erasure fails this test.
import { Prisma } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { eraseShop } from "../../app/webhooks/deliveries.server";

type Counter = (shop: string) => Promise<number>;

/** How to count a shop's rows in each model that holds shop data. */
const SHOP_ROWS: Record<string, Counter> = {
  Session: (shop) => prisma.session.count({ where: { shop } }),
  WebhookDelivery: (shop) => prisma.webhookDelivery.count({ where: { shop } }),
  ProviderKey: (shop) => prisma.providerKey.count({ where: { shop } }),
  Assignment: (shop) => prisma.assignment.count({ where: { shop } }),
  UsageEvent: (shop) => prisma.usageEvent.count({ where: { shop } }),
  PriceOverride: (shop) => prisma.priceOverride.count({ where: { shop } }),
  Budget: (shop) => prisma.budget.count({ where: { shop } }),
  EnrichmentJob: (shop) => prisma.enrichmentJob.count({ where: { shop } }),
  JobItem: (shop) => prisma.jobItem.count({ where: { job: { shop } } }),
  JobWriteBatch: (shop) => prisma.jobWriteBatch.count({ where: { job: { shop } } }),
  ShopSettings: (shop) => prisma.shopSettings.count({ where: { shop } }),
};

/** Models that hold no shop data (job runner processes). */
const NOT_SHOP_DATA = ["JobWorker"];

/** One row in every model that holds shop data. */
async function fill(shop: string) {
  await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "s", accessToken: "shpat_test" } });
  await prisma.webhookDelivery.create({ data: { webhookId: randomUUID(), shop, topic: "products/create" } });
  const key = await prisma.providerKey.create({
    data: { shop, provider: "openai", label: "Main", settings: {}, ciphertext: "c", keyId: "k1", last4: "abcd" },
  });
  await prisma.assignment.create({ data: { shop, context: "enrichment", providerKeyId: key.id, model: "gpt-4o-mini", dataScope: [] } });
  await prisma.usageEvent.create({
    data: { shop, provider: "openai", model: "gpt-4o-mini", context: "enrichment", currency: "USD", priceSource: "table", outcome: "ok" },
  });
  await prisma.priceOverride.create({ data: { shop, provider: "openai", model: "*", prices: {} } });
  await prisma.budget.create({ data: { shop, monthlyCap: new Prisma.Decimal(10) } });
  const job = await prisma.enrichmentJob.create({
    data: {
      shop, trigger: "bulk_action", scopeKind: "ids", tasks: ["title"], attributes: [], instructions: {},
      mode: "review", status: "completed", phase: "done", assignment: {},
    },
  });
  await prisma.jobItem.create({ data: { jobId: job.id, productId: "gid://shopify/Product/1", position: 0, status: "written" } });
  await prisma.jobWriteBatch.create({ data: { jobId: job.id, kind: "write", via: "direct", status: "done" } });
  await prisma.shopSettings.create({ data: { shop, instructions: { brandVoice: "Ours." }, autoEnrichNewProducts: true } });
}

async function rowsOf(shop: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [model, count] of Object.entries(SHOP_ROWS)) counts[model] = await count(shop);
  return counts;
}

describe("shop/redact", () => {
  it("knows every model of the schema: erased by shop, or holding no shop data", () => {
    const models = Prisma.dmmf.datamodel.models.map((m) => m.name).sort();
    expect([...Object.keys(SHOP_ROWS), ...NOT_SHOP_DATA].sort()).toEqual(models);
  });

  it("erases every row kept for the shop and leaves another shop untouched", async () => {
    const a = `redact-a-${randomUUID().slice(0, 8)}.myshopify.com`;
    const b = `redact-b-${randomUUID().slice(0, 8)}.myshopify.com`;
    await fill(a);
    await fill(b);
    const filled = await rowsOf(a);
    expect(Object.values(filled).every((n) => n === 1)).toBe(true); // the test really filled every model

    await eraseShop(a);

    expect(await rowsOf(a)).toEqual(Object.fromEntries(Object.keys(SHOP_ROWS).map((m) => [m, 0])));
    expect(await rowsOf(b)).toEqual(filled);
  });
});

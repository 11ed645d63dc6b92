// Shopify retries a webhook (same webhook id) up to 8 times over 4 hours, and may deliver twice.
// Claim each delivery once; a claim that already exists means "handled, acknowledge and skip".
import prisma from "../db.server";

export async function claimDelivery(delivery: { webhookId: string; shop: string; topic: string }): Promise<boolean> {
  try {
    await prisma.webhookDelivery.create({ data: delivery });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false; // unique violation: a retry
    throw error;
  }
}

/**
 * Everything the app keeps about a shop, erased (shop/redact, 48 h after uninstall). Every model
 * with shop data is listed here; tests/integration/shop-redact.test.ts fails for a model that is
 * not. A job's items and write batches go with the job (cascade). JobWorker rows are processes,
 * not shop data.
 */
export async function eraseShop(shop: string) {
  await prisma.$transaction([
    prisma.session.deleteMany({ where: { shop } }),
    prisma.webhookDelivery.deleteMany({ where: { shop } }),
    prisma.providerKey.deleteMany({ where: { shop } }),
    prisma.assignment.deleteMany({ where: { shop } }),
    prisma.usageEvent.deleteMany({ where: { shop } }),
    prisma.priceOverride.deleteMany({ where: { shop } }),
    prisma.budget.deleteMany({ where: { shop } }),
    prisma.enrichmentJob.deleteMany({ where: { shop } }),
    prisma.shopSettings.deleteMany({ where: { shop } }),
  ]);
}

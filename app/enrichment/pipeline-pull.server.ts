// Pull + estimate: the job's products are read from Shopify (nodes() for a small selection, a
// bulk query otherwise, streamed), each becomes a JobItem (created once per product, so a
// restarted pull adds only what is missing), and every product's request is estimated with the
// real tokenizer as it streams by. The job's estimate — usage × the assigned model's price, and
// the budget check of that amount — is stored before the first provider call.
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { checkBudget } from "../budget/budgets.server";
import type { ShopifyAdmin } from "../catalog/admin-client";
import { fetchBulkOperation, waitForBulkOperation } from "../catalog/bulk-operation";
import type { CatalogProduct } from "../catalog/product";
import { pullProducts, readBulkProductPull, type ProductSelection } from "../catalog/pull";
import { costOf } from "../pricing/cost";
import { jobScope } from "../jobs/job-store.server";
import type { ItemEstimateDoc, JobEstimateDoc } from "../jobs/job-types";
import { createJobEstimator } from "./estimate";
import { calibrated, outputCalibration } from "./pipeline-calibration.server";
import type { JobRun } from "./pipeline-run.server";

const INSERT_CHUNK = 200;

function selectionOf(run: JobRun): ProductSelection {
  const scope = jobScope(run.job);
  if (scope.kind === "ids") return { ids: scope.ids };
  if (scope.kind === "search") return { search: scope.query };
  return { all: true };
}

/** The products of the job, resuming a bulk query already started rather than starting another. */
async function* productsOf(run: JobRun, admin: ShopifyAdmin, onMissing: (ids: string[]) => void): AsyncGenerator<CatalogProduct> {
  const selection = selectionOf(run);
  const wait = { ...run.settings.wait, signal: run.signal };
  if (run.job.pullOperationId) {
    const known = await fetchBulkOperation(admin, run.job.pullOperationId).catch(() => null);
    if (known && !["FAILED", "CANCELED", "EXPIRED"].includes(known.status)) {
      const operation = await waitForBulkOperation(admin, known.id, wait);
      if (operation.status === "COMPLETED") {
        const onlyIds = "ids" in selection ? new Set(selection.ids) : undefined;
        const seen = onlyIds ? new Set<string>() : undefined;
        for await (const product of readBulkProductPull(admin, operation, { onlyIds, signal: run.signal })) {
          seen?.add(product.id);
          yield product;
        }
        if (onlyIds && seen) onMissing([...onlyIds].filter((id) => !seen.has(id)));
        return;
      }
    }
  }
  yield* pullProducts(admin, selection, {
    maxNodesSelection: run.settings.maxNodesSelection,
    wait,
    signal: run.signal,
    onBulkOperation: (id) => {
      run.job.pullOperationId = id;
      // Stored at once: a restart polls this operation instead of starting another bulk query.
      void prisma.enrichmentJob.update({ where: { id: run.id }, data: { pullOperationId: id } }).catch(() => {});
    },
    onMissing,
  });
}

export async function pullAndEstimate(run: JobRun): Promise<void> {
  const admin = await run.admin();
  run.builder(); // configuration errors surface before any Shopify call
  const primaryPrice = await run.price("primary");
  const estimator = createJobEstimator({
    tasks: run.config.tasks,
    instructions: run.config.instructions,
    dataScope: run.config.assignment.dataScope,
    shopDomain: run.shop,
    imagesEnabled: run.config.tasks.includes("imageAlt"),
    caching: run.caching("primary"),
    warmupRequests: run.settings.generateConcurrency,
    keepItems: false,
  });

  const primary = run.assigned("primary");
  const calibration = await outputCalibration({
    shop: run.shop,
    provider: primary.provider,
    model: primary.model,
    context: run.config.context,
    tasks: run.config.tasks,
    attributeKeys: run.config.instructions.attributes.map((a) => a.key),
  });

  const existing = await prisma.jobItem.count({ where: { jobId: run.id } });
  let position = 0;
  let buffer: { product: CatalogProduct; estimate: ItemEstimateDoc; position: number }[] = [];
  const missing: string[] = [];
  const limit = run.job.preview ? run.settings.previewSize : Infinity;

  const flush = async () => {
    if (buffer.length === 0) return;
    const chunk = buffer;
    buffer = [];
    // Only on a resumed pull can some of these exist already.
    const known =
      existing > 0
        ? new Set(
            (
              await prisma.jobItem.findMany({
                where: { jobId: run.id, productId: { in: chunk.map((c) => c.product.id) } },
                select: { productId: true },
              })
            ).map((r) => r.productId),
          )
        : new Set<string>();
    const rows = chunk
      .filter((c) => !known.has(c.product.id))
      .map((c) => ({
        jobId: run.id,
        productId: c.product.id,
        position: c.position,
        status: "pending",
        product: c.product as unknown as Prisma.InputJsonValue,
        productUpdatedAt: c.product.updatedAt,
        estimate: c.estimate as unknown as Prisma.InputJsonValue,
      }));
    if (rows.length) await prisma.jobItem.createMany({ data: rows });
  };

  for await (const product of productsOf(run, admin, (ids) => missing.push(...ids))) {
    if (position >= limit) break;
    const item = estimator.add(product);
    const usage = calibrated(item.usage, calibration);
    const cost = primaryPrice ? costOf(usage, primaryPrice.prices).amount.toFixed() : null;
    buffer.push({ product, estimate: { usage, expectedOutputTokens: item.usage.outputTokens, cost }, position: position++ });
    if (buffer.length >= INSERT_CHUNK) await flush();
  }
  await flush();

  // Selected products that are not (or no longer) in the shop: recorded, never generated.
  const missingIds = missing.filter((id) => id);
  if (missingIds.length && !run.job.preview) {
    const known = new Set<string>();
    for (let i = 0; i < missingIds.length; i += INSERT_CHUNK) {
      const rows = await prisma.jobItem.findMany({
        where: { jobId: run.id, productId: { in: missingIds.slice(i, i + INSERT_CHUNK) } },
        select: { productId: true },
      });
      rows.forEach((r) => known.add(r.productId));
    }
    const rows = missingIds
      .filter((id) => !known.has(id))
      .map((productId) => ({ jobId: run.id, productId, position: position++, status: "skipped", error: "Not found in the shop (deleted?)." }));
    if (rows.length) await prisma.jobItem.createMany({ data: rows });
  }

  const result = estimator.result();
  const usage = calibrated(result.usage, calibration);
  const assigned = run.assigned("primary");
  const cost = primaryPrice ? costOf(usage, primaryPrice.prices) : null;
  const currency = cost?.currency ?? "USD";
  let budget: JobEstimateDoc["budget"] = { ok: true };
  if (cost && !run.job.preview) {
    const check = await checkBudget({ shop: run.shop, context: run.config.context, additionalCost: cost.amount, currency });
    budget = check.ok ? { ok: true } : { ok: false, message: check.message };
  }
  const estimate: JobEstimateDoc = {
    itemCount: result.itemCount,
    usage,
    cost: cost ? cost.amount.toFixed() : null,
    currency,
    priceSource: primaryPrice?.priceSource ?? `unpriced: no price known for ${assigned.provider}/${assigned.model}`,
    provider: assigned.provider,
    model: assigned.model,
    cache: result.cache,
    budget,
    calibration,
    uncalibratedCost: primaryPrice ? costOf(result.usage, primaryPrice.prices).amount.toFixed() : null,
  };
  const itemCount = await prisma.jobItem.count({ where: { jobId: run.id } });
  const nothingToDo = result.itemCount === 0;
  await prisma.enrichmentJob.updateMany({
    where: { id: run.id, phase: "pull" },
    data: {
      phase: nothingToDo ? "done" : "generate",
      pulledAt: new Date(),
      itemCount,
      estimate: estimate as unknown as Prisma.InputJsonValue,
      estimatedCost: cost ? cost.amount.toFixed() : null,
      currency,
    },
  });
  // The status only moves to awaiting_start from running/queued: a pause or cancel meanwhile wins.
  if (!nothingToDo && !run.job.autoStart && !run.job.preview) {
    await prisma.enrichmentJob.updateMany({ where: { id: run.id, status: { in: ["queued", "running"] } }, data: { status: "awaiting_start" } });
  }
  run.emit({ type: "pulled", jobId: run.id, items: result.itemCount });
  await run.refresh();
}


// Write: approved items are claimed into a write batch (conditional updates: an item belongs to
// one batch, so it is written once), each item's original values are snapshotted before any
// write, then the catalog writer applies the changes — direct mutations for a handful, otherwise
// one staged JSONL file and one bulk mutation per batch. Just before writing, each product's
// current state is read: a product the merchant changed since the pull is not overwritten
// (conflict), and a change already in place (written by a run that died before recording it)
// counts as written. The bulk operation's id is stored as soon as Shopify returns it, so a
// restarted runner polls that operation and reads its results instead of submitting again.
import type { JobItem, JobWriteBatch } from "@prisma/client";
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { formatUserErrors, type ShopifyAdmin, type UserErrorDetail } from "../catalog/admin-client";
import { openResultFile, readJsonLines } from "../catalog/bulk-jsonl";
import { startBulkMutation, uploadBulkVariables, waitForBulkOperation } from "../catalog/bulk-operation";
import { APP_METAFIELD_NAMESPACE, ensureMetafieldDefinitions } from "../catalog/metafields";
import type { CatalogProduct } from "../catalog/product";
import { applyImageAlts, readImageAlts } from "../catalog/image-alts";
import { readProductStates } from "../catalog/product-state";
import { revertChangeFor, type ProductSnapshot } from "../catalog/snapshot";
import {
  isApplied,
  PRODUCT_UPDATE_MUTATION,
  productUpdateInput,
  sameInstant,
  splitJsonl,
  writeProductChanges,
  type ProductChange,
  type WriteResult,
} from "../catalog/write";
import { jsonOf } from "../jobs/job-store.server";
import type { ProposalDoc } from "../jobs/job-types";
import { changeFromProposal, snapshotForChange } from "../jobs/proposal";
import type { JobRun } from "./pipeline-run.server";

const MAX_BULK_FILE_BYTES = 100 * 1024 * 1024;
const UPDATE_CHUNK = 200;
/** Ids per `IN (…)` list: under SQLite's bound-parameter limit (999). */
const ID_CHUNK = 500;

/** A conditional updateMany over many ids, in chunks; returns how many rows changed. */
async function updateItemsById(ids: string[], where: Prisma.JobItemWhereInput, data: Prisma.JobItemUpdateManyMutationInput): Promise<number> {
  let count = 0;
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const result = await prisma.jobItem.updateMany({ where: { ...where, id: { in: ids.slice(i, i + ID_CHUNK) } }, data });
    count += result.count;
  }
  return count;
}

type ItemUpdate = { id: string; data: Prisma.JobItemUpdateInput };

/** Applies many item updates in a few transactions (one round trip per chunk). */
async function applyItemUpdates(updates: ItemUpdate[]): Promise<void> {
  for (let i = 0; i < updates.length; i += UPDATE_CHUNK) {
    await prisma.$transaction(updates.slice(i, i + UPDATE_CHUNK).map((u) => prisma.jobItem.update({ where: { id: u.id }, data: u.data })));
  }
}

function conflictMessage(expected: string, current: string): string {
  return `Changed in Shopify after it was read (updatedAt ${expected} → ${current}); not overwritten. Run it again to enrich the current version.`;
}

function errorsMessage(errors: UserErrorDetail[]): string {
  return `Shopify refused the write: ${formatUserErrors(errors)}`.slice(0, 1000);
}

/** Outcome of one item's write as stored. */
function updateForResult(itemId: string, result: WriteResult): ItemUpdate {
  switch (result.status) {
    case "written":
      return { id: itemId, data: { status: "written", writtenUpdatedAt: result.updatedAt, error: null } };
    case "conflict":
      return { id: itemId, data: { status: "conflict", error: conflictMessage(result.expectedUpdatedAt, result.currentUpdatedAt) } };
    case "failed":
      return { id: itemId, data: { status: "failed", error: errorsMessage(result.userErrors) } };
  }
}

/**
 * Claims up to `size` approved items of the job into a new batch owned by this runner. Returns
 * null when none is left to claim.
 */
async function claimBatch(run: JobRun, size: number): Promise<JobWriteBatch | null> {
  const candidates = await prisma.jobItem.findMany({
    where: { jobId: run.id, status: "approved", writeBatchId: null },
    orderBy: { position: "asc" },
    take: size,
    select: { id: true },
  });
  if (candidates.length === 0) return null;
  const via = candidates.length <= run.settings.directWriteThreshold ? "direct" : "bulk";
  const batch = await prisma.jobWriteBatch.create({ data: { jobId: run.id, kind: "write", via, status: "open", owner: run.deps.workerId } });
  const count = await updateItemsById(
    candidates.map((c) => c.id),
    { status: "approved", writeBatchId: null },
    { status: "writing", writeBatchId: batch.id },
  );
  if (count === 0) {
    await prisma.jobWriteBatch.delete({ where: { id: batch.id } });
    return claimBatch(run, size); // another runner took these; look again
  }
  return batch;
}

/** Adopts one of the job's unfinished batches whose owner is gone (owner cleared by recovery). */
async function adoptBatch(run: JobRun, kind: "write" | "revert"): Promise<JobWriteBatch | null> {
  const orphan = await prisma.jobWriteBatch.findFirst({
    where: { jobId: run.id, kind, status: { not: "done" }, owner: null },
    orderBy: { createdAt: "asc" },
  });
  if (!orphan) return null;
  const { count } = await prisma.jobWriteBatch.updateMany({ where: { id: orphan.id, owner: null }, data: { owner: run.deps.workerId } });
  return count === 1 ? { ...orphan, owner: run.deps.workerId } : adoptBatch(run, kind);
}

interface PlannedItem {
  item: JobItem;
  product: CatalogProduct;
  change: ProductChange;
}

/** The change of each item, with the snapshot of its originals stored before anything is written. */
async function planItems(items: JobItem[]): Promise<{ planned: PlannedItem[]; updates: ItemUpdate[] }> {
  const planned: PlannedItem[] = [];
  const updates: ItemUpdate[] = [];
  const snapshots: ItemUpdate[] = [];
  for (const item of items) {
    const product = jsonOf<CatalogProduct>(item.product);
    const change = changeFromProposal(product, jsonOf<ProposalDoc>(item.proposal));
    if (!change) {
      updates.push({ id: item.id, data: { status: "skipped", error: "Nothing approved to write." } });
      continue;
    }
    if (!item.snapshot) {
      snapshots.push({ id: item.id, data: { snapshot: snapshotForChange(product, change) as unknown as Prisma.InputJsonValue } });
    }
    planned.push({ item, product, change });
  }
  await applyItemUpdates(snapshots);
  return { planned, updates };
}

export interface WriteSummary {
  batches: number;
  written: number;
  conflicts: number;
  failed: number;
}

/**
 * Writes every approved item of the job not yet in a batch, and finishes batches left by gone
 * runners (only those with `onlyUnfinished`: a paused or cancelled job). Safe to run in several
 * runners at once.
 */
export async function writeApproved(run: JobRun, options: { onlyUnfinished?: boolean } = {}): Promise<WriteSummary> {
  const summary: WriteSummary = { batches: 0, written: 0, conflicts: 0, failed: 0 };
  for (;;) {
    run.signal?.throwIfAborted();
    const adopted = await adoptBatch(run, "write");
    const batch = adopted ?? (options.onlyUnfinished ? null : await claimBatch(run, run.settings.writeBatchSize));
    if (!batch) return summary;
    const outcome = await runWriteBatch(run, batch);
    summary.batches++;
    summary.written += outcome.written;
    summary.conflicts += outcome.conflicts;
    summary.failed += outcome.failed;
  }
}

async function runWriteBatch(run: JobRun, batch: JobWriteBatch): Promise<Omit<WriteSummary, "batches">> {
  const admin = await run.admin();
  const items = await prisma.jobItem.findMany({ where: { writeBatchId: batch.id, status: "writing" }, orderBy: { position: "asc" } });
  let updates: ItemUpdate[];
  if (batch.status === "submitted" && batch.bulkOperationId) {
    updates = await bulkResults(run, admin, batch, items);
    await writeAltsAfterBulk(run, admin, items, updates);
  } else {
    const plan = await planItems(items);
    updates = plan.updates;
    if (plan.planned.length) {
      if (batch.via === "direct") updates.push(...(await writeDirect(run, admin, plan.planned)));
      else {
        const bulk = await writeBulk(run, admin, batch, plan.planned);
        await writeAltsAfterBulk(run, admin, items, bulk);
        updates.push(...bulk);
      }
    }
  }
  await applyItemUpdates(updates);
  await prisma.jobWriteBatch.update({ where: { id: batch.id }, data: { status: "done" } });
  const count = (status: string) => updates.filter((u) => u.data.status === status).length;
  const outcome = { written: count("written"), conflicts: count("conflict"), failed: count("failed") };
  run.emit({ type: "write-done", jobId: run.id, batchId: batch.id, ...outcome });
  return outcome;
}

async function writeDirect(run: JobRun, admin: ShopifyAdmin, planned: PlannedItem[]): Promise<ItemUpdate[]> {
  // The writer re-reads each product first: a change already applied by a run that died counts as written.
  const results = await writeProductChanges(
    admin,
    planned.map((p) => p.change),
    { directThreshold: Number.MAX_SAFE_INTEGER, wait: run.settings.wait, signal: run.signal },
  );
  return results.map((result, i) => updateForResult(planned[i]!.item.id, result));
}

async function writeBulk(run: JobRun, admin: ShopifyAdmin, batch: JobWriteBatch, planned: PlannedItem[]): Promise<ItemUpdate[]> {
  const updates: ItemUpdate[] = [];
  const definitions = new Map<string, { key: string; type: string }>();
  for (const { change } of planned) {
    for (const m of change.metafields ?? []) {
      if (m.namespace === APP_METAFIELD_NAMESPACE && !definitions.has(m.key)) definitions.set(m.key, { key: m.key, type: m.type });
    }
  }
  if (definitions.size) await ensureMetafieldDefinitions(admin, [...definitions.values()]);

  const keys = [...new Set(planned.flatMap((p) => (p.change.metafields ?? []).map((m) => `${m.namespace}.${m.key}`)))];
  const states = await readProductStates(
    admin,
    planned.map((p) => p.change.productId),
    keys,
    { wait: { ...run.settings.wait }, signal: run.signal },
  );
  const imageIds = planned.flatMap((p) => (p.change.imageAlts ?? []).map((a) => a.imageId));
  const alts = imageIds.length ? await readImageAlts(admin, imageIds, run.signal) : new Map<string, string>();
  const lines: { item: JobItem; input: Record<string, unknown> }[] = [];
  for (const { item, change } of planned) {
    const state = states.get(change.productId);
    if (!state) {
      updates.push({ id: item.id, data: { status: "failed", error: "Product not found (deleted since it was read?)." } });
    } else if (isApplied(change, state, alts)) {
      updates.push({ id: item.id, data: { status: "written", writtenUpdatedAt: state.updatedAt, error: null } });
    } else if (!sameInstant(state.updatedAt, change.expectedUpdatedAt)) {
      updates.push({ id: item.id, data: { status: "conflict", error: conflictMessage(change.expectedUpdatedAt, state.updatedAt) } });
    } else {
      const input = productUpdateInput(change, state);
      if (input) lines.push({ item, input });
      else updates.push({ id: item.id, data: { status: "written", writtenUpdatedAt: state.updatedAt, error: null } });
    }
  }
  if (lines.length === 0) return updates;

  // A batch is sized to stay far under Shopify's 100 MB file limit: one file, one operation.
  const files = [...splitJsonl(lines.map((l) => ({ product: l.input })), MAX_BULK_FILE_BYTES)];
  if (files.length !== 1) throw new Error("A write batch must fit one bulk mutation file; lower writeBatchSize.");
  const path = await uploadBulkVariables(admin, files[0]!.bytes, `job-${run.id}-${batch.id}.jsonl`, run.signal);
  const productIds = lines.map((l) => l.item.productId);
  await prisma.jobWriteBatch.update({ where: { id: batch.id }, data: { status: "submitting", lines: productIds } });
  const operationId = await startBulkMutation(admin, PRODUCT_UPDATE_MUTATION, path, { clientIdentifier: batch.id, signal: run.signal });
  await prisma.jobWriteBatch.update({ where: { id: batch.id }, data: { status: "submitted", bulkOperationId: operationId } });
  await recordWriteOperation(run, operationId);
  run.emit({ type: "write-submitted", jobId: run.id, batchId: batch.id, operationId, items: lines.length });

  const submitted = { ...batch, status: "submitted", bulkOperationId: operationId, lines: productIds };
  updates.push(...(await bulkResults(run, admin, submitted, lines.map((l) => l.item))));
  return updates;
}

/**
 * Bulk mutations cannot carry fileUpdate: once a product's fields are written, its image alt
 * texts are written directly (a refused alt fails the item; the updatedAt recorded is the one
 * after the alt write, so a revert still recognises the app's own write).
 */
async function writeAltsAfterBulk(run: JobRun, admin: ShopifyAdmin, items: JobItem[], updates: ItemUpdate[]): Promise<void> {
  const itemById = new Map(items.map((i) => [i.id, i]));
  const pending: { update: ItemUpdate; productId: string; imageAlts: NonNullable<ProductChange["imageAlts"]> }[] = [];
  for (const update of updates) {
    const item = itemById.get(update.id);
    if (!item || update.data.status !== "written") continue;
    const change = changeFromProposal(jsonOf<CatalogProduct>(item.product), jsonOf<ProposalDoc>(item.proposal));
    if (change?.imageAlts?.length) pending.push({ update, productId: change.productId, imageAlts: change.imageAlts });
  }
  if (pending.length === 0) return;
  const outcomes = await applyImageAlts(admin, pending.map(({ productId, imageAlts }) => ({ productId, imageAlts })), run.signal);
  for (const { update, productId } of pending) {
    const outcome = outcomes.get(productId);
    if (!outcome) continue;
    if ("userErrors" in outcome) update.data = { status: "failed", error: errorsMessage(outcome.userErrors) };
    else if (outcome.updatedAt) update.data = { ...update.data, writtenUpdatedAt: outcome.updatedAt };
  }
}

async function recordWriteOperation(run: JobRun, operationId: string): Promise<void> {
  const job = await prisma.enrichmentJob.findUnique({ where: { id: run.id }, select: { writeOperationIds: true } });
  const ids = [...(jsonOf<string[] | null>(job?.writeOperationIds) ?? []), operationId];
  await prisma.enrichmentJob.update({ where: { id: run.id }, data: { writeOperationIds: ids } });
}

interface BulkResultLine {
  __lineNumber?: number;
  data?: { productUpdate?: { product: { id: string; updatedAt: string } | null; userErrors: UserErrorDetail[] } | null } | null;
  errors?: { message: string }[];
}

/** Waits for a submitted bulk mutation (never submitting it again) and records each line's outcome. */
async function bulkResults(run: JobRun, admin: ShopifyAdmin, batch: Pick<JobWriteBatch, "bulkOperationId" | "lines">, items: JobItem[]): Promise<ItemUpdate[]> {
  const operation = await waitForBulkOperation(admin, batch.bulkOperationId!, { ...run.settings.wait, signal: run.signal });
  const productIds = jsonOf<string[]>(batch.lines) ?? [];
  const itemOf = new Map(items.map((i) => [i.productId, i]));
  const updates = new Map<string, ItemUpdate>();
  const url = operation.url ?? operation.partialDataUrl;
  if (url) {
    for await (const line of readJsonLines<BulkResultLine>(await openResultFile(url, admin.fetch, run.signal))) {
      if (typeof line.__lineNumber !== "number") continue;
      const item = itemOf.get(productIds[line.__lineNumber] ?? "");
      if (!item) continue;
      const payload = line.data?.productUpdate;
      if (line.errors?.length) {
        updates.set(item.id, { id: item.id, data: { status: "failed", error: errorsMessage(line.errors.map((e) => ({ field: null, message: e.message }))) } });
      } else if (!payload) {
        updates.set(item.id, { id: item.id, data: { status: "failed", error: "Shopify returned no result for this product." } });
      } else if (payload.userErrors.length) {
        updates.set(item.id, { id: item.id, data: { status: "failed", error: errorsMessage(payload.userErrors) } });
      } else {
        updates.set(item.id, { id: item.id, data: { status: "written", writtenUpdatedAt: payload.product?.updatedAt ?? null, error: null } });
      }
    }
  }
  for (const productId of productIds) {
    const item = itemOf.get(productId);
    if (!item || updates.has(item.id)) continue;
    const reason =
      operation.status === "COMPLETED"
        ? "Shopify returned no result for this product."
        : `The bulk write ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ""} before this product.`;
    updates.set(item.id, { id: item.id, data: { status: "failed", error: reason } });
  }
  return [...updates.values()];
}

// ── Revert ───────────────────────────────────────────────────────────────────────────────────

export interface RevertSummary {
  reverted: number;
  conflicts: number;
  failed: number;
}

/**
 * Puts back the snapshotted originals of written items (all of the job's, or some), through the
 * same writer: a product the merchant changed after our write is not touched (conflict).
 */
export async function revertItems(run: JobRun, itemIds?: string[]): Promise<RevertSummary> {
  const summary: RevertSummary = { reverted: 0, conflicts: 0, failed: 0 };
  for (let orphan = await adoptBatch(run, "revert"); orphan; orphan = await adoptBatch(run, "revert")) {
    const outcome = await runRevertBatch(run, orphan);
    summary.reverted += outcome.reverted;
    summary.conflicts += outcome.conflicts;
    summary.failed += outcome.failed;
  }
  for (;;) {
    run.signal?.throwIfAborted();
    const candidates = await prisma.jobItem.findMany({
      where: { jobId: run.id, status: "written", ...(itemIds ? { id: { in: itemIds } } : {}) },
      orderBy: { position: "asc" },
      take: run.settings.writeBatchSize,
      select: { id: true },
    });
    if (candidates.length === 0) return summary;
    const batch = await prisma.jobWriteBatch.create({
      data: { jobId: run.id, kind: "revert", via: candidates.length <= run.settings.directWriteThreshold ? "direct" : "bulk", status: "open", owner: run.deps.workerId },
    });
    await updateItemsById(candidates.map((c) => c.id), { status: "written" }, { status: "writing", writeBatchId: batch.id });
    const outcome = await runRevertBatch(run, batch);
    summary.reverted += outcome.reverted;
    summary.conflicts += outcome.conflicts;
    summary.failed += outcome.failed;
  }
}

/** Finishes a revert batch (also one a gone runner left): the writer recognises reverts already applied. */
export async function runRevertBatch(run: JobRun, batch: JobWriteBatch): Promise<RevertSummary> {
  const admin = await run.admin();
  const items = await prisma.jobItem.findMany({ where: { writeBatchId: batch.id, status: "writing" }, orderBy: { position: "asc" } });
  const withSnapshot = items.filter((i) => i.snapshot);
  const changes = withSnapshot.map((i) => {
    const snapshot = jsonOf<ProductSnapshot>(i.snapshot);
    return revertChangeFor(snapshot, i.writtenUpdatedAt ?? snapshot.updatedAt);
  });
  const results = changes.length
    ? await writeProductChanges(admin, changes, { directThreshold: run.settings.directWriteThreshold, wait: run.settings.wait, signal: run.signal })
    : [];
  const updates: ItemUpdate[] = items
    .filter((i) => !i.snapshot)
    .map((i) => ({ id: i.id, data: { status: "written", error: "No snapshot of the original values; cannot revert." } }));
  const summary: RevertSummary = { reverted: 0, conflicts: 0, failed: 0 };
  results.forEach((result, index) => {
    const item = withSnapshot[index]!;
    if (result.status === "written") {
      summary.reverted++;
      updates.push({ id: item.id, data: { status: "reverted", error: null } });
    } else if (result.status === "conflict") {
      summary.conflicts++;
      updates.push({
        id: item.id,
        data: { status: "written", error: `Not reverted: changed in Shopify after our write (updatedAt ${result.expectedUpdatedAt} → ${result.currentUpdatedAt}).` },
      });
    } else {
      summary.failed++;
      updates.push({ id: item.id, data: { status: "written", error: `Not reverted: ${errorsMessage(result.userErrors)}` } });
    }
  });
  await applyItemUpdates(updates.map((u) => ({ ...u, data: { ...u.data, writeBatchId: null } })));
  await prisma.jobWriteBatch.update({ where: { id: batch.id }, data: { status: "done" } });
  return summary;
}

// Jobs and their items in the database: creation from a trigger, the merchant's controls
// (start, pause, resume, cancel, publish, revert), review decisions, progress, and the claim
// primitives runners use. Every merchant-facing function takes the shop and only ever touches
// that shop's jobs; another shop's job id behaves as one that does not exist.
import type { EnrichmentJob, JobItem } from "@prisma/client";
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { resolveAssignment } from "../assignments/assignments.server";
import { providerFits } from "../assignments/context-rules";
import type { CatalogProduct } from "../catalog/product";
import { parseInstructions, type EnrichmentInstructions, type EnrichmentInstructionsInput } from "../enrichment/instructions";
import { resolveLimits } from "../enrichment/limits";
import { resolveTasks, SEED_TASK_IDS, type TaskId } from "../enrichment/tasks";
import { toDecimal } from "../pricing/cost";
import { notifyJobRunnable } from "./job-notifier";
import {
  FINAL_JOB_STATUSES,
  REVIEW_ITEM_STATUSES,
  type AssignmentSnapshot,
  type ItemStatus,
  type JobCounts,
  type JobEstimateDoc,
  type JobMode,
  type JobScope,
  type JobStatus,
  type JobTrigger,
  type PausedReason,
  type ProposalDoc,
} from "./job-types";
import { cleanEdit, FieldEditError, itemStatusOf } from "./proposal";
import { isWorkerLive, liveWorkerIds } from "./workers.server";

export class JobNotFoundError extends Error {
  readonly status = 404;
  constructor() {
    super("This job does not exist.");
    this.name = "JobNotFoundError";
  }
}

/** The action does not apply to the job or item in its current state. */
export class JobStateError extends Error {
  readonly status = 409;
  constructor(message: string) {
    super(message);
    this.name = "JobStateError";
  }
}

export class JobInputError extends Error {
  readonly status = 400;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "JobInputError";
  }
}

// ── JSON columns ─────────────────────────────────────────────────────────────────────────────

export function jsonOf<T>(value: Prisma.JsonValue | null | undefined): T {
  return value as unknown as T;
}

const toJson = (value: unknown): Prisma.InputJsonValue => value as Prisma.InputJsonValue;

export interface JobConfig {
  shop: string;
  tasks: TaskId[];
  instructions: EnrichmentInstructions;
  assignment: AssignmentSnapshot;
  mode: JobMode;
  preview: boolean;
  context: string;
}

export function jobConfig(job: EnrichmentJob): JobConfig {
  const instructions = parseInstructions(jsonOf(job.instructions));
  instructions.attributes = jsonOf(job.attributes);
  return {
    shop: job.shop,
    tasks: jsonOf<TaskId[]>(job.tasks),
    instructions,
    assignment: jsonOf<AssignmentSnapshot>(job.assignment),
    mode: job.mode as JobMode,
    preview: job.preview,
    context: job.context,
  };
}

export function jobScope(job: Pick<EnrichmentJob, "scopeKind" | "scopeIds" | "scopeQuery">): JobScope {
  if (job.scopeKind === "ids") return { kind: "ids", ids: jsonOf<string[]>(job.scopeIds) ?? [] };
  if (job.scopeKind === "search") return { kind: "search", query: job.scopeQuery ?? "" };
  return { kind: "all" };
}

// ── Creation ─────────────────────────────────────────────────────────────────────────────────

/** Where review is the default: a person looks before anything is written. Webhook jobs (new products) publish. */
export const DEFAULT_MODE: Record<JobTrigger, JobMode> = {
  bulk_action: "review",
  product_page: "review",
  catalog: "review",
  webhook: "publish",
};

const PRODUCT_GID = /^gid:\/\/shopify\/Product\/\d+$/;
export const MAX_SELECTED_IDS = 50_000;

export interface CreateJobInput {
  shop: string;
  trigger: JobTrigger;
  scope: JobScope;
  /** Default: the seed workload (title, description, attributes). */
  tasks?: readonly string[];
  /** The shop's instructions (brand voice, attributes…); defaults when omitted. */
  instructions?: EnrichmentInstructionsInput;
  mode?: JobMode;
  /** false: stop after the estimate until startJob (default true). */
  autoStart?: boolean;
  /** Real calls on the selection, never written. */
  preview?: boolean;
}

function cleanScope(scope: JobScope): JobScope {
  if (scope.kind === "ids") {
    const ids = [...new Set(scope.ids.map((id) => String(id).trim()))];
    if (ids.length === 0) throw new JobInputError("scope", "Select at least one product.");
    if (ids.length > MAX_SELECTED_IDS) throw new JobInputError("scope", `Select at most ${MAX_SELECTED_IDS} products, or use a filter.`);
    const bad = ids.find((id) => !PRODUCT_GID.test(id));
    if (bad) throw new JobInputError("scope", `Not a product id: ${bad.slice(0, 80)}`);
    return { kind: "ids", ids };
  }
  if (scope.kind === "search") {
    const query = scope.query.trim();
    if (!query) return { kind: "all" };
    if (query.length > 2000) throw new JobInputError("scope", "The filter is too long.");
    return { kind: "search", query };
  }
  return { kind: "all" };
}

/** Creates a job (assignment and settings snapshotted) and signals the runner. */
export async function createJob(input: CreateJobInput): Promise<EnrichmentJob> {
  const scope = cleanScope(input.scope);
  let tasks: TaskId[];
  try {
    tasks = resolveTasks(input.tasks?.length ? input.tasks : SEED_TASK_IDS).map((t) => t.id);
  } catch (error) {
    throw new JobInputError("tasks", (error as Error).message);
  }
  let instructions: EnrichmentInstructions;
  try {
    instructions = parseInstructions(input.instructions ?? {});
  } catch (error) {
    throw new JobInputError("instructions", `Check the instructions: ${(error as Error).message.slice(0, 300)}`);
  }
  if (tasks.includes("attributes") && instructions.attributes.length === 0) {
    throw new JobInputError("tasks", "Define at least one attribute, or leave the attributes task out.");
  }
  const resolved = await resolveAssignment(input.shop, "enrichment");
  if (tasks.includes("imageAlt") && !providerFits("vision", resolved.primary.provider)) {
    throw new JobInputError("tasks", "Image alt text needs a vision-capable model for batch enrichment.");
  }
  const assignment: AssignmentSnapshot = {
    context: resolved.context,
    primary: resolved.primary,
    fallback: resolved.fallback,
    dataScope: resolved.dataScope,
  };
  const { attributes, ...rest } = instructions;
  const job = await prisma.enrichmentJob.create({
    data: {
      shop: input.shop,
      trigger: input.trigger,
      scopeKind: scope.kind,
      scopeIds: scope.kind === "ids" ? toJson(scope.ids) : Prisma.DbNull,
      scopeQuery: scope.kind === "search" ? scope.query : null,
      tasks: toJson(tasks),
      attributes: toJson(attributes),
      instructions: toJson(rest),
      mode: input.mode ?? DEFAULT_MODE[input.trigger],
      preview: Boolean(input.preview),
      autoStart: input.autoStart ?? true,
      status: "queued",
      phase: "pull",
      context: resolved.context,
      assignment: toJson(assignment),
    },
  });
  await notifyJobRunnable(job.id);
  return job;
}

// ── Reading ──────────────────────────────────────────────────────────────────────────────────

async function ownedJob(shop: string, jobId: string): Promise<EnrichmentJob> {
  const job = await prisma.enrichmentJob.findFirst({ where: { id: String(jobId), shop } });
  if (!job) throw new JobNotFoundError();
  return job;
}

export async function getJob(shop: string, jobId: string): Promise<EnrichmentJob> {
  return ownedJob(shop, jobId);
}

export async function countItems(jobId: string): Promise<JobCounts> {
  const groups = await prisma.jobItem.groupBy({ by: ["status"], where: { jobId }, _count: { _all: true } });
  const byStatus: JobCounts["byStatus"] = {};
  let total = 0;
  for (const g of groups) {
    byStatus[g.status as ItemStatus] = g._count._all;
    total += g._count._all;
  }
  return { total, byStatus };
}

export interface JobSpend {
  /** Decimal string of the ledger's cost for this job (priced calls). */
  cost: string;
  calls: number;
  unpricedCalls: number;
  usage: { inputTokens: number; cachedInputTokens: number; outputTokens: number; characters: number };
}

/** What the job's provider calls cost, from the ledger. */
export async function jobSpend(jobId: string): Promise<JobSpend> {
  const [sum, unpriced] = await Promise.all([
    prisma.usageEvent.aggregate({
      where: { jobId },
      _sum: { cost: true, inputTokens: true, cachedInputTokens: true, outputTokens: true, characters: true },
      _count: { _all: true },
    }),
    prisma.usageEvent.count({ where: { jobId, cost: null } }),
  ]);
  return {
    cost: toDecimal(sum._sum.cost ?? 0).toDecimalPlaces(10).toFixed(),
    calls: sum._count._all,
    unpricedCalls: unpriced,
    usage: {
      inputTokens: sum._sum.inputTokens ?? 0,
      cachedInputTokens: sum._sum.cachedInputTokens ?? 0,
      outputTokens: sum._sum.outputTokens ?? 0,
      characters: sum._sum.characters ?? 0,
    },
  };
}

export interface JobView {
  id: string;
  trigger: string;
  scope: JobScope;
  tasks: TaskId[];
  mode: JobMode;
  preview: boolean;
  status: JobStatus;
  phase: string;
  pausedReason: PausedReason | null;
  error: string | null;
  assignment: AssignmentSnapshot;
  activeLane: string;
  estimate: JobEstimateDoc | null;
  spend: JobSpend;
  counts: JobCounts;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A job with live progress and cost so far (for the job page). */
export async function getJobView(shop: string, jobId: string): Promise<JobView> {
  const job = await ownedJob(shop, jobId);
  const [counts, spend] = await Promise.all([countItems(job.id), jobSpend(job.id)]);
  return {
    id: job.id,
    trigger: job.trigger,
    scope: jobScope(job),
    tasks: jsonOf(job.tasks),
    mode: job.mode as JobMode,
    preview: job.preview,
    status: job.status as JobStatus,
    phase: job.phase,
    pausedReason: job.pausedReason as PausedReason | null,
    error: job.error,
    assignment: jsonOf(job.assignment),
    activeLane: job.activeLane,
    estimate: jsonOf<JobEstimateDoc | null>(job.estimate),
    spend,
    counts,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

/** The shop's jobs, newest first (history stays). */
export async function listJobs(shop: string, options: { take?: number; cursor?: string } = {}): Promise<EnrichmentJob[]> {
  return prisma.enrichmentJob.findMany({
    where: { shop },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(options.take ?? 25, 100),
    ...(options.cursor ? { skip: 1, cursor: { id: options.cursor } } : {}),
  });
}

export async function listItems(
  shop: string,
  jobId: string,
  options: { statuses?: ItemStatus[]; take?: number; cursor?: string } = {},
): Promise<JobItem[]> {
  await ownedJob(shop, jobId);
  return prisma.jobItem.findMany({
    where: { jobId, ...(options.statuses ? { status: { in: options.statuses } } : {}) },
    orderBy: { position: "asc" },
    take: Math.min(options.take ?? 50, 500),
    ...(options.cursor ? { skip: 1, cursor: { id: options.cursor } } : {}),
  });
}

async function ownedItem(shop: string, itemId: string): Promise<JobItem & { job: EnrichmentJob }> {
  const item = await prisma.jobItem.findFirst({ where: { id: String(itemId), job: { shop } }, include: { job: true } });
  if (!item) throw new JobNotFoundError();
  return item;
}

export async function getItem(shop: string, itemId: string): Promise<JobItem> {
  const { job: _job, ...item } = await ownedItem(shop, itemId);
  return item;
}

// ── The merchant's controls ──────────────────────────────────────────────────────────────────

async function transition(
  shop: string,
  jobId: string,
  from: readonly JobStatus[],
  data: Prisma.EnrichmentJobUpdateManyMutationInput,
  refusal: string,
): Promise<EnrichmentJob> {
  const job = await ownedJob(shop, jobId);
  const { count } = await prisma.enrichmentJob.updateMany({ where: { id: job.id, status: { in: [...from] } }, data });
  if (count === 0) throw new JobStateError(refusal);
  return ownedJob(shop, jobId);
}

/** Starts a job that waits after its estimate. */
export async function startJob(shop: string, jobId: string): Promise<EnrichmentJob> {
  const job = await transition(shop, jobId, ["awaiting_start"], { status: "queued" }, "Only a job waiting to start can be started.");
  await notifyJobRunnable(job.id);
  return job;
}

export async function pauseJob(shop: string, jobId: string): Promise<EnrichmentJob> {
  return transition(
    shop,
    jobId,
    ["queued", "running", "awaiting_start"],
    { status: "paused", pausedReason: "merchant" },
    "Only a job that is queued or running can be paused.",
  );
}

/** Resumes a paused job (also after a budget or provider stop, once the cause is fixed). */
export async function resumeJob(shop: string, jobId: string): Promise<EnrichmentJob> {
  const job = await transition(shop, jobId, ["paused"], { status: "queued", pausedReason: null, error: null }, "Only a paused job can be resumed.");
  await notifyJobRunnable(job.id);
  return job;
}

/**
 * Cancels a job: nothing more is generated or written. Items already written stay written
 * (revert them if needed); a bulk write already handed to Shopify finishes and is recorded.
 */
export async function cancelJob(shop: string, jobId: string): Promise<EnrichmentJob> {
  const job = await transition(
    shop,
    jobId,
    ["queued", "running", "awaiting_start", "awaiting_review", "paused"],
    { status: "cancelled", finishedAt: new Date() },
    "This job has already finished.",
  );
  await skipCancelledItems(job.id);
  return job;
}

/**
 * The app was uninstalled: the shop's token no longer works, so its unfinished jobs are
 * cancelled (history kept; shop/redact erases it 48 h later). Safe to repeat.
 */
export async function cancelShopJobs(shop: string): Promise<number> {
  const open = await prisma.enrichmentJob.findMany({
    where: { shop, status: { in: ["queued", "running", "awaiting_start", "awaiting_review", "paused"] } },
    select: { id: true },
  });
  for (const { id } of open) await cancelJob(shop, id).catch(() => undefined); // finished meanwhile
  return open.length;
}

/** Items of a cancelled job that were never written end as skipped (also those a runner finished after the cancel). */
export async function skipCancelledItems(jobId: string): Promise<void> {
  await prisma.jobItem.updateMany({
    where: { jobId, status: { in: ["pending", "approved", "generated", "needs_review"] } },
    data: { status: "skipped", error: "Cancelled before it was written." },
  });
}

/** Writes the job's approved items (review mode). */
export async function publishJob(shop: string, jobId: string): Promise<EnrichmentJob> {
  const job = await ownedJob(shop, jobId);
  if (job.preview) throw new JobStateError("A preview is never written. Run the job to write results.");
  if (job.phase === "pull" || job.phase === "revert") throw new JobStateError("This job is not ready to publish.");
  const approved = await prisma.jobItem.count({ where: { jobId: job.id, status: "approved" } });
  if (approved === 0) throw new JobStateError("Approve at least one result first.");
  // A job still generating writes its approved items when generation ends.
  if (job.phase === "generate") return job;
  const updated = await transition(
    shop,
    jobId,
    ["awaiting_review", "completed", "queued", "running"],
    { status: "queued", phase: "write", finishedAt: null },
    "This job cannot be published now.",
  );
  await notifyJobRunnable(job.id);
  return updated;
}

/** Reverts every written item of the job (run by the job runner, through the catalog writer). */
export async function requestJobRevert(shop: string, jobId: string): Promise<EnrichmentJob> {
  const job = await ownedJob(shop, jobId);
  const written = await prisma.jobItem.count({ where: { jobId: job.id, status: "written" } });
  if (written === 0) throw new JobStateError("Nothing of this job is written, so there is nothing to revert.");
  const updated = await transition(
    shop,
    jobId,
    ["awaiting_review", "completed", "cancelled", "paused", "failed"],
    { status: "queued", phase: "revert", finishedAt: null, pausedReason: null },
    "Wait until the job has stopped writing, then revert it.",
  );
  await notifyJobRunnable(job.id);
  return updated;
}

// ── Review ───────────────────────────────────────────────────────────────────────────────────

export interface FieldDecisionInput {
  field: string;
  decision: "approved" | "rejected";
  /** An edited value (approves it): text, HTML for the description, a list for tags. */
  value?: unknown;
}

const DECIDABLE: readonly ItemStatus[] = [...REVIEW_ITEM_STATUSES, "approved", "rejected"];

/** Approves, rejects or edits fields of one item; the item's status follows. */
export async function decideFields(shop: string, itemId: string, decisions: FieldDecisionInput[]): Promise<JobItem> {
  const item = await ownedItem(shop, itemId);
  if (item.job.preview) throw new JobStateError("Preview results cannot be published; run the job instead.");
  if (!DECIDABLE.includes(item.status as ItemStatus)) throw new JobStateError("This result is no longer open for review.");
  const proposal = jsonOf<ProposalDoc>(item.proposal);
  const config = jobConfig(item.job);
  const limits = resolveLimits(config.instructions);
  for (const d of decisions) {
    const field = proposal.fields.find((f) => f.field === d.field);
    if (!field) throw new JobInputError("field", `No field ${d.field} in this result.`);
    if (d.decision === "approved" && d.value !== undefined) {
      field.edited = cleanEdit(field, d.value, { shopDomain: item.job.shop, limits });
      field.decision = "approved";
    } else if (d.decision === "approved") {
      if (field.proposed === null) throw new FieldEditError(field.field, "There is nothing to approve here; edit it instead.");
      if (field.status === "rejected") throw new FieldEditError(field.field, "This value failed the checks; edit it to approve.");
      field.decision = "approved";
    } else {
      field.decision = "rejected";
    }
  }
  const status = itemStatusOf(proposal);
  const { count } = await prisma.jobItem.updateMany({
    where: { id: item.id, status: item.status, updatedAt: item.updatedAt },
    data: { proposal: toJson(proposal), status },
  });
  if (count === 0) throw new JobStateError("This result changed meanwhile; reload and try again.");
  return getItem(shop, itemId);
}

/** Approve all (or reject all) fields waiting for review, on every open item of the job or on some. */
export async function decideAll(shop: string, jobId: string, decision: "approved" | "rejected", itemIds?: string[]): Promise<number> {
  const job = await ownedJob(shop, jobId);
  if (job.preview && decision === "approved") throw new JobStateError("Preview results cannot be published; run the job instead.");
  let changed = 0;
  let cursor: string | undefined;
  for (;;) {
    const items = await prisma.jobItem.findMany({
      where: { jobId: job.id, status: { in: [...REVIEW_ITEM_STATUSES] }, ...(itemIds ? { id: { in: itemIds } } : {}) },
      orderBy: { id: "asc" },
      take: 200,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    if (items.length === 0) break;
    cursor = items[items.length - 1]!.id;
    for (const item of items) {
      const proposal = jsonOf<ProposalDoc>(item.proposal);
      for (const field of proposal.fields) if (field.decision === "pending") field.decision = decision;
      const { count } = await prisma.jobItem.updateMany({
        where: { id: item.id, status: item.status, updatedAt: item.updatedAt },
        data: { proposal: toJson(proposal), status: itemStatusOf(proposal) },
      });
      changed += count;
    }
  }
  return changed;
}

// ── Claims (used by runners) ─────────────────────────────────────────────────────────────────

// One worker process may run several steps of the same job at once (a queue worker with
// concurrency > 1 gets several messages for it). Claims name the worker, so within a process
// they are made one at a time — otherwise one step could pick up items another step of the
// same worker had just claimed — and a job's lease is held by one step at a time.
let claimChain: Promise<unknown> = Promise.resolve();
function oneClaimAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const result = claimChain.then(fn, fn);
  claimChain = result.catch(() => {});
  return result;
}
const leasesHeldHere = new Set<string>();

/** Claims up to `take` pending items of a job for `workerId`; returns the ones it got. */
export function claimPendingItems(jobId: string, workerId: string, take: number): Promise<JobItem[]> {
  return oneClaimAtATime(() => claimPending(jobId, workerId, take));
}

async function claimPending(jobId: string, workerId: string, take: number): Promise<JobItem[]> {
  for (let round = 0; round < 5; round++) {
    const candidates = await prisma.jobItem.findMany({
      where: { jobId, status: "pending" },
      orderBy: { position: "asc" },
      take,
      select: { id: true },
    });
    if (candidates.length === 0) return [];
    const ids = candidates.map((c) => c.id);
    // Conditional: an item another worker claimed meanwhile is no longer pending and is not taken.
    await prisma.jobItem.updateMany({
      where: { id: { in: ids }, status: "pending" },
      data: { status: "generating", claimedBy: workerId, claimedAt: new Date() },
    });
    const mine = await prisma.jobItem.findMany({
      where: { id: { in: ids }, status: "generating", claimedBy: workerId },
      orderBy: { position: "asc" },
    });
    if (mine.length > 0) return mine;
  }
  return [];
}

/** Which jobs a runner looks after: one job, some shops' jobs, or all (undefined). */
export interface JobFilter {
  jobId?: string;
  /** A runner dedicated to some shops (e.g. a worker pool for one large merchant). */
  shops?: readonly string[];
}

function jobWhere(filter: JobFilter = {}): Prisma.EnrichmentJobWhereInput {
  return { ...(filter.jobId ? { id: filter.jobId } : {}), ...(filter.shops ? { shop: { in: [...filter.shops] } } : {}) };
}

function relatedJobWhere(filter: JobFilter = {}) {
  return { ...(filter.jobId ? { jobId: filter.jobId } : {}), ...(filter.shops ? { job: { shop: { in: [...filter.shops] } } } : {}) };
}

/**
 * Items left `generating` by a worker that is gone go back to `pending` (their call's result,
 * if any, never arrived here); write batches and job leases of gone workers are freed.
 */
export async function recoverStaleClaims(staleAfterMs: number, filter: JobFilter = {}): Promise<{ items: number; batches: number }> {
  const live = await liveWorkerIds(staleAfterMs);
  const items = await prisma.jobItem.updateMany({
    where: { ...relatedJobWhere(filter), status: "generating", OR: [{ claimedBy: null }, { claimedBy: { notIn: live } }] },
    data: { status: "pending", claimedBy: null, claimedAt: null },
  });
  const batches = await prisma.jobWriteBatch.updateMany({
    where: { ...relatedJobWhere(filter), status: { not: "done" }, owner: { notIn: live } },
    data: { owner: null },
  });
  await prisma.enrichmentJob.updateMany({ where: { ...jobWhere(filter), leaseOwner: { notIn: live } }, data: { leaseOwner: null } });
  return { items: items.count, batches: batches.count };
}

/**
 * The job's lease for its exclusive steps (pull, finishing). Granted when free, already ours,
 * or held by a worker whose heartbeat is stale.
 */
export async function acquireJobLease(jobId: string, workerId: string, staleAfterMs: number): Promise<boolean> {
  const key = `${workerId}\u0000${jobId}`;
  if (leasesHeldHere.has(key)) return false; // another step of this process holds it
  leasesHeldHere.add(key);
  try {
    const job = await prisma.enrichmentJob.findUnique({ where: { id: jobId }, select: { leaseOwner: true } });
    let granted = false;
    if (job && job.leaseOwner === workerId) granted = true; // left by this worker's earlier step
    else if (job && !(job.leaseOwner && (await isWorkerLive(job.leaseOwner, staleAfterMs)))) {
      const { count } = await prisma.enrichmentJob.updateMany({ where: { id: jobId, leaseOwner: job.leaseOwner }, data: { leaseOwner: workerId } });
      granted = count === 1;
    }
    if (!granted) leasesHeldHere.delete(key);
    return granted;
  } catch (error) {
    leasesHeldHere.delete(key);
    throw error;
  }
}

export async function releaseJobLease(jobId: string, workerId: string): Promise<void> {
  leasesHeldHere.delete(`${workerId}\u0000${jobId}`);
  await prisma.enrichmentJob.updateMany({ where: { id: jobId, leaseOwner: workerId }, data: { leaseOwner: null } });
}

/** Jobs a runner should work on. */
export async function runnableJobIds(limit = 50, filter: JobFilter = {}): Promise<string[]> {
  const rows = await prisma.enrichmentJob.findMany({
    where: { ...jobWhere(filter), status: { in: ["queued", "running"] } },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Jobs with a write batch that a gone worker left unfinished (whatever the job's status). */
export async function jobsWithOrphanBatches(limit = 50, filter: JobFilter = {}): Promise<string[]> {
  const rows = await prisma.jobWriteBatch.findMany({
    where: { ...relatedJobWhere(filter), status: { not: "done" }, owner: null },
    distinct: ["jobId"],
    take: limit,
    select: { jobId: true },
  });
  return rows.map((r) => r.jobId);
}

export function isFinal(status: string): boolean {
  return (FINAL_JOB_STATUSES as readonly string[]).includes(status);
}

export type { CatalogProduct };

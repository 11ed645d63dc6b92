// The states of jobs and items, and the JSON documents stored in their columns. Statuses are
// strings in the database (portable across SQLite and PostgreSQL); these lists are the truth.
import type { AssignedModel } from "../assignments/assignments.server";
import type { ProductField } from "../enrichment/scope";
import type { EnrichmentError } from "../enrichment/output";
import type { FieldFlag, FieldStatus } from "../enrichment/flags";
import type { MetafieldTextType, TaskId } from "../enrichment/tasks";
import type { NormalizedUsage } from "../providers/usage";

export const JOB_TRIGGERS = ["bulk_action", "product_page", "webhook", "catalog"] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

export const JOB_MODES = ["review", "publish"] as const;
export type JobMode = (typeof JOB_MODES)[number];

/**
 * queued: runnable, waiting for a runner · running: a runner is on it · awaiting_start: estimated,
 * waiting for the merchant to start · awaiting_review: generated, results wait for decisions ·
 * paused (by the merchant, a budget cap or a provider problem) · completed · cancelled · failed.
 */
export const JOB_STATUSES = ["queued", "running", "awaiting_start", "awaiting_review", "paused", "completed", "cancelled", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses a runner picks up. */
export const RUNNABLE_JOB_STATUSES: readonly JobStatus[] = ["queued", "running"];
/** Statuses a job never leaves (history). */
export const FINAL_JOB_STATUSES: readonly JobStatus[] = ["completed", "cancelled", "failed"];

export const JOB_PHASES = ["pull", "generate", "write", "revert", "done"] as const;
export type JobPhase = (typeof JOB_PHASES)[number];

export const ITEM_STATUSES = [
  "pending",
  "generating",
  "generated",
  "needs_review",
  "approved",
  "rejected",
  "writing",
  "written",
  "conflict",
  "failed",
  "reverted",
  "skipped",
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Items that wait for a person. */
export const REVIEW_ITEM_STATUSES: readonly ItemStatus[] = ["generated", "needs_review"];

export type PausedReason = "merchant" | "budget" | "provider";
export type Lane = "primary" | "fallback";

export type JobScope = { kind: "ids"; ids: string[] } | { kind: "search"; query: string } | { kind: "all" };

/** The assignment as it was when the job was created. */
export interface AssignmentSnapshot {
  context: string;
  primary: AssignedModel;
  fallback: AssignedModel | null;
  dataScope: ProductField[];
}

export interface JobEstimateDoc {
  itemCount: number;
  usage: NormalizedUsage;
  /** Decimal string in `currency`; null when the model has no known price. */
  cost: string | null;
  currency: string;
  priceSource: string;
  provider: string;
  model: string;
  cache: { mode: string; prefixTokens: number; cachedTokensPerRequest: number };
  /** The budget check of the whole estimate, made before the first call. */
  budget: { ok: boolean; message?: string };
  /** Output tokens corrected by this shop's earlier calls of the same model on the same work. */
  calibration: { ratio: number; samples: number };
  /** The cost with the tasks' own output expectation, before that correction. */
  uncalibratedCost: string | null;
}

export interface ItemEstimateDoc {
  /** Expected usage (output tokens calibrated, see JobEstimateDoc.calibration). */
  usage: NormalizedUsage;
  /** The tasks' own expectation of output tokens, before calibration. */
  expectedOutputTokens?: number;
  /** Decimal string; null when unpriced. */
  cost: string | null;
}

/** approved / rejected by a person or by publish mode; pending: waits; none: nothing to write. */
export type FieldDecision = "approved" | "rejected" | "pending" | "none";

export interface ProposalField {
  /** "title", "descriptionHtml", "seo.title", "seo.description", "attributes.<key>", "tags", "imageAlt.<imageId>". */
  field: string;
  task: TaskId;
  original: string | string[] | null;
  proposed: string | string[] | null;
  /** The merchant's edit, already sanitized and bounded; written instead of `proposed`. */
  edited?: string | string[] | null;
  flags: FieldFlag[];
  status: FieldStatus;
  decision: FieldDecision;
  metafield?: { namespace: string; key: string; type: MetafieldTextType };
  imageId?: string;
  addedTags?: string[];
}

export interface ProposalDoc {
  provider: string;
  model: string;
  fields: ProposalField[];
  errors: EnrichmentError[];
}

export interface JobCounts {
  total: number;
  byStatus: Partial<Record<ItemStatus, number>>;
}

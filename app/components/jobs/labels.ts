// How the job pages name things: job and item statuses (with the Badge tone a merchant reads
// at a glance), triggers, scopes, tasks and fields. Client-safe: no server module is imported.
import type { ItemStatus, JobMode, JobScope, JobStatus, PausedReason } from "../../jobs/job-types";
import type { TaskId } from "../../enrichment/tasks";

export type BadgeTone = "info" | "success" | "warning" | "critical" | "attention" | "new" | "read-only" | "enabled" | undefined;

export const JOB_STATUS_LABEL: Record<
  JobStatus,
  {
    label: string;
    tone: BadgeTone;
    progress?: "incomplete" | "partiallyComplete" | "complete";
  }
> = {
  queued: { label: "Queued", tone: "info", progress: "incomplete" },
  running: { label: "Running", tone: "info", progress: "partiallyComplete" },
  awaiting_start: {
    label: "Ready to start",
    tone: "attention",
    progress: "incomplete",
  },
  awaiting_review: {
    label: "Needs review",
    tone: "attention",
    progress: "partiallyComplete",
  },
  paused: { label: "Paused", tone: "warning", progress: "partiallyComplete" },
  completed: { label: "Completed", tone: "success", progress: "complete" },
  cancelled: { label: "Cancelled", tone: undefined, progress: "complete" },
  failed: { label: "Failed", tone: "critical", progress: "incomplete" },
};

export function jobStatusLabel(status: string, preview = false) {
  // A preview never waits for decisions: its results are there to read.
  if (preview && (status === "awaiting_review" || status === "completed")) {
    return { label: "Preview ready", tone: "success" as BadgeTone, progress: "complete" as const };
  }
  return JOB_STATUS_LABEL[status as JobStatus] ?? { label: status, tone: undefined };
}

export const ITEM_STATUS_LABEL: Record<ItemStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: "Waiting", tone: undefined },
  generating: { label: "Generating", tone: "info" },
  generated: { label: "Ready for review", tone: "attention" },
  needs_review: { label: "Check flagged fields", tone: "warning" },
  approved: { label: "Approved", tone: "success" },
  rejected: { label: "Rejected", tone: undefined },
  writing: { label: "Publishing", tone: "info" },
  written: { label: "Published", tone: "success" },
  conflict: { label: "Changed in Shopify", tone: "warning" },
  failed: { label: "Failed", tone: "critical" },
  reverted: { label: "Reverted", tone: undefined },
  skipped: { label: "Skipped", tone: undefined },
};

export function itemStatusLabel(status: string) {
  return (
    ITEM_STATUS_LABEL[status as ItemStatus] ?? {
      label: status,
      tone: undefined,
    }
  );
}

export const PAUSED_REASON_LABEL: Record<PausedReason, string> = {
  merchant: "You paused this job.",
  budget: "Paused by a budget cap.",
  provider: "Paused because the provider kept failing.",
};

export const TRIGGER_LABEL: Record<string, string> = {
  bulk_action: "Selected products",
  product_page: "Product page",
  webhook: "New product",
  catalog: "Catalog",
};

export const MODE_LABEL: Record<JobMode, string> = {
  review: "Review before publishing",
  publish: "Publish at once",
};

export function scopeLabel(scope: JobScope, itemCount?: number): string {
  if (scope.kind === "ids") return `${scope.ids.length} selected ${scope.ids.length === 1 ? "product" : "products"}`;
  if (scope.kind === "search") return `Products matching “${scope.query}”`;
  return itemCount ? `Whole catalog (${itemCount} products)` : "Whole catalog";
}

/** The tasks in the order the form lists them (the enrichment's own order). */
export const TASK_ORDER = ["title", "description", "seo", "attributes", "tags", "imageAlt"] as const satisfies readonly TaskId[];

export const TASK_LABEL: Record<TaskId, string> = {
  title: "Title",
  description: "Description",
  seo: "SEO title and meta description",
  attributes: "Attributes",
  tags: "Tags",
  imageAlt: "Image alt text",
};

export function tasksLabel(tasks: readonly string[]): string {
  return tasks.map((t) => TASK_LABEL[t as TaskId] ?? t).join(", ");
}

/** "title", "seo.title", "attributes.material", "imageAlt.<id>" → what a merchant calls it. */
export function fieldLabel(field: string, attributeLabels: Record<string, string> = {}): string {
  if (field === "title") return "Title";
  if (field === "descriptionHtml") return "Description";
  if (field === "seo.title") return "SEO title";
  if (field === "seo.description") return "Meta description";
  if (field === "tags") return "Tags";
  if (field.startsWith("attributes.")) {
    const key = field.slice("attributes.".length);
    return attributeLabels[key] ?? key.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
  }
  if (field.startsWith("imageAlt.")) return "Image alt text";
  return field;
}

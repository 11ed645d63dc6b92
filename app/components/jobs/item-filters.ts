// The result filters of the job page (tabs), by item state. Client-safe.
import type { ItemStatus } from "../../jobs/job-types";

/** The result filters on the job page. */
export const ITEM_FILTERS = {
  all: { label: "All", statuses: undefined },
  review: { label: "To review", statuses: ["generated", "needs_review"] },
  approved: { label: "Approved", statuses: ["approved", "writing"] },
  published: { label: "Published", statuses: ["written"] },
  problems: { label: "Problems", statuses: ["failed", "conflict"] },
  reverted: { label: "Reverted", statuses: ["reverted"] },
} as const satisfies Record<string, { label: string; statuses: readonly ItemStatus[] | undefined }>;
export type ItemFilter = keyof typeof ITEM_FILTERS;

export function parseItemFilter(value: string | null): ItemFilter {
  return value && value in ITEM_FILTERS ? (value as ItemFilter) : "all";
}

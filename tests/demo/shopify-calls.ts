// The Admin API calls a job made: the difference between two of the simulator's per-shop counts.
import type { ShopifyCallCounts } from "./report";

export function shopifyCallsBetween(before: ShopifyCallCounts, after: ShopifyCallCounts): ShopifyCallCounts {
  return {
    bulkQueries: after.bulkQueries - before.bulkQueries,
    bulkMutations: after.bulkMutations - before.bulkMutations,
    directQueries: after.directQueries - before.directQueries,
    directMutations: after.directMutations - before.directMutations,
    throttled: after.throttled - before.throttled,
  };
}

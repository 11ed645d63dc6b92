// What every resolver gets: the shop it runs for and the simulator services it may use.
import type { GraphQLFieldResolver } from "graphql";
import type { ShopData } from "../domain/shop-data";
import type { BulkOperationRegistry } from "../bulk/bulk-operations";
import type { StagedUploadRegistry } from "../http/staged-uploads";

export interface BulkQueryWindow {
  offset: number;
  limit: number;
  /** Filtered, sorted root items, computed once per bulk operation rather than once per page. */
  rootItems?: readonly unknown[];
}

export interface AdminContext {
  shop: ShopData;
  /** The installed app's reserved metafield namespace, e.g. "app--347082227713". */
  appNamespace: string;
  bulkOperations: BulkOperationRegistry;
  stagedUploads: StagedUploadRegistry;
  /** Set while a bulk query runs: connections ignore first/after, the root one pages by window. */
  bulkQuery?: BulkQueryWindow;
  /** Set while the lines of a bulk mutation run. */
  inBulkMutation?: boolean;
}

export type Resolver = GraphQLFieldResolver<any, AdminContext, any>;
export type ResolverMap = Record<string, Record<string, Resolver>>;

export function mergeResolvers(...maps: ResolverMap[]): ResolverMap {
  const merged: ResolverMap = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) merged[type] = { ...merged[type], ...fields };
  }
  return merged;
}

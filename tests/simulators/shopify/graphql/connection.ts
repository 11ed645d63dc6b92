// Relay connections over in-memory lists, with Shopify's argument rules and cursor format.
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { decodeCursor, encodeCursor } from "../domain/ids";
import type { AdminContext } from "./context";

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface SortKey {
  id: number;
  value: string | number;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_REQUEST" } });
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.value !== b.value) {
    if (typeof a.value === "number" && typeof b.value === "number") return a.value - b.value;
    return String(a.value) < String(b.value) ? -1 : 1;
  }
  return a.id - b.id;
}

/**
 * First index whose key comes after `cursor` (or at it, when not `strict`) in the list's order.
 * Binary search: the list is sorted, and the cursor's own item may since have gone.
 */
function indexPast<T>(items: readonly T[], keyOf: (item: T) => SortKey, cursor: SortKey, descending: boolean, strict: boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const cmp = compareKeys(keyOf(items[mid]), cursor) * (descending ? -1 : 1);
    if (strict ? cmp <= 0 : cmp < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cursorKey(cursor: string, numeric: boolean): SortKey {
  const decoded = decodeCursor(cursor);
  if (!decoded) throw badRequest("Malformed cursor");
  const value = numeric && decoded.lastValue !== "" && !Number.isNaN(Number(decoded.lastValue)) ? Number(decoded.lastValue) : decoded.lastValue;
  return { id: decoded.lastId, value };
}

/**
 * A page of `items`, which must already be sorted by `keyOf` (ascending, or descending when
 * `descending`). In a bulk query, nested connections return everything and the root one returns
 * the window the bulk runner asks for.
 */
export function paginate<T>(
  items: readonly T[],
  args: ConnectionArgs,
  ctx: AdminContext,
  info: GraphQLResolveInfo,
  keyOf: (item: T) => SortKey,
  descending = false,
): Connection<T> {
  const toConnection = (page: readonly T[], hasPrevious: boolean, hasNext: boolean): Connection<T> => {
    const edges = page.map((node) => {
      const key = keyOf(node);
      return { cursor: encodeCursor(key.id, key.value), node };
    });
    return {
      edges,
      nodes: [...page],
      pageInfo: { hasNextPage: hasNext, hasPreviousPage: hasPrevious, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
    };
  };

  if (ctx.bulkQuery) {
    if (info.path.prev !== undefined) return toConnection(items, false, false);
    const { offset, limit } = ctx.bulkQuery;
    return toConnection(items.slice(offset, offset + limit), offset > 0, offset + limit < items.length);
  }

  const { first, last, after, before } = args;
  if ((first === undefined || first === null) && (last === undefined || last === null)) throw badRequest("you must provide one of first or last");
  if (first !== undefined && first !== null && last !== undefined && last !== null) throw badRequest("providing both first and last is not supported");
  const numeric = items.length > 0 && typeof keyOf(items[0]).value === "number";
  let start = 0;
  let end = items.length;
  if (after) start = indexPast(items, keyOf, cursorKey(after, numeric), descending, true);
  if (before) end = Math.max(start, indexPast(items, keyOf, cursorKey(before, numeric), descending, false));
  if (first !== undefined && first !== null) {
    const page = items.slice(start, Math.min(end, start + Math.max(0, first)));
    return toConnection(page, start > 0, start + page.length < items.length);
  }
  const count = Math.max(0, last ?? 0);
  const from = Math.max(start, end - count);
  return toConnection(items.slice(from, end), from > 0, end < items.length);
}

/** A list in id order (the default sortKey ID), for child connections such as variants. */
export function paginateById<T extends { id: string }>(items: readonly T[], args: ConnectionArgs & { reverse?: boolean | null }, ctx: AdminContext, info: GraphQLResolveInfo): Connection<T> {
  const keyOf = (item: T) => {
    const id = Number(item.id.split("/").pop()?.split("?")[0]);
    return { id, value: id };
  };
  const sorted = args.reverse ? [...items].reverse() : items;
  return paginate(sorted, args, ctx, info, keyOf, Boolean(args.reverse));
}

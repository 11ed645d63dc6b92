// The current state of products, read immediately before writing: updatedAt (to detect a
// merchant's edit since the pull) and the writable fields (to recognise a change already
// applied, so writing the same change twice is a no-op rather than a conflict).
import { type ShopifyAdmin, ShopifyGraphqlError } from "./admin-client";
import { BulkOperationFailedError, bulkQueryFor, startBulkQuery, waitForBulkOperation, type WaitOptions } from "./bulk-operation";
import { BulkQueryReader } from "./bulk-jsonl";
import type { CatalogMetafield } from "./product";

export const PRODUCT_STATES_QUERY = `#graphql
  query CatalogProductStates($ids: [ID!]!, $metafieldKeys: [String!], $metafieldCount: Int!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        updatedAt
        title
        descriptionHtml
        tags
        seo { title description }
        metafields(first: $metafieldCount, keys: $metafieldKeys) {
          nodes { id namespace key type value }
        }
      }
    }
  }
`;

export const BULK_PRODUCT_STATES_QUERY = `#graphql
  query CatalogBulkProductStates {
    products(query: "__SEARCH__") {
      edges {
        node {
          id
          updatedAt
          title
          descriptionHtml
          tags
          seo { title description }
          metafields {
            edges { node { id namespace key type value } }
          }
        }
      }
    }
  }
`;

export interface ProductState {
  id: string;
  updatedAt: string;
  title: string;
  descriptionHtml: string;
  tags: string[];
  seo: { title: string | null; description: string | null };
  metafields: CatalogMetafield[]; // only the keys asked for
}

export interface ReadStatesOptions {
  /** More products than this are read by one bulk query instead of nodes() pages (default 250). */
  bulkThreshold?: number;
  wait?: WaitOptions;
  signal?: AbortSignal;
}

const PAGE_HEADROOM = 0.9; // under the 1000-point single query limit (or a smaller bucket)
const MAX_NODES_PER_CALL = 250;

/** Current state of these products; absent from the map = no such product. */
export async function readProductStates(
  admin: ShopifyAdmin,
  ids: string[],
  metafieldKeys: string[], // "namespace.key"
  options: ReadStatesOptions = {},
): Promise<Map<string, ProductState>> {
  const unique = [...new Set(ids)];
  if (unique.length > (options.bulkThreshold ?? 250)) return readStatesInBulk(admin, unique, metafieldKeys, options);
  return readStatesByNodes(admin, unique, metafieldKeys, options.signal);
}

async function readStatesByNodes(
  admin: ShopifyAdmin,
  ids: string[],
  metafieldKeys: string[],
  signal?: AbortSignal,
): Promise<Map<string, ProductState>> {
  const keys = [...new Set(metafieldKeys)];
  // `keys` narrows the connection to the metafields a change touches; a product holds one per key.
  const metafieldCount = Math.max(1, keys.length);
  let perProduct = 1 + 1 + 2 + metafieldCount;
  const states = new Map<string, ProductState>();
  let index = 0;
  while (index < ids.length) {
    signal?.throwIfAborted();
    const size = Math.max(1, Math.min(MAX_NODES_PER_CALL, Math.floor((admin.affordableCost() * PAGE_HEADROOM) / perProduct)));
    const page = ids.slice(index, index + size);
    let result;
    try {
      result = await admin.request<{ nodes: (Record<string, unknown> | null)[] }>(
        PRODUCT_STATES_QUERY,
        { ids: page, metafieldKeys: keys.length ? keys : null, metafieldCount: keys.length ? metafieldCount : 1 },
        { expectedCost: perProduct * page.length },
      );
    } catch (error) {
      if (error instanceof ShopifyGraphqlError && error.exceedsBucket && error.cost && page.length > 1) {
        perProduct = Math.max(perProduct * 1.5, error.cost.requestedQueryCost / page.length);
        continue;
      }
      throw error;
    }
    if (result.cost?.requestedQueryCost) perProduct = Math.max(1, result.cost.requestedQueryCost / page.length);
    for (const node of result.data.nodes) {
      if (!node || typeof node.id !== "string") continue;
      const metafields = ((node.metafields as { nodes?: CatalogMetafield[] } | undefined)?.nodes ?? []).map((m) => ({
        namespace: m.namespace,
        key: m.key,
        type: m.type,
        value: m.value,
      }));
      states.set(node.id, {
        id: node.id,
        updatedAt: node.updatedAt as string,
        title: (node.title as string) ?? "",
        descriptionHtml: (node.descriptionHtml as string) ?? "",
        tags: (node.tags as string[]) ?? [],
        seo: {
          title: (node.seo as ProductState["seo"] | undefined)?.title ?? null,
          description: (node.seo as ProductState["seo"] | undefined)?.description ?? null,
        },
        metafields: keys.length ? metafields.filter((m) => keys.includes(`${m.namespace}.${m.key}`)) : [],
      });
    }
    index += page.length;
  }
  return states;
}

async function readStatesInBulk(admin: ShopifyAdmin, ids: string[], metafieldKeys: string[], options: ReadStatesOptions): Promise<Map<string, ProductState>> {
  const id = await startBulkQuery(admin, bulkQueryFor(BULK_PRODUCT_STATES_QUERY), { signal: options.signal });
  const operation = await waitForBulkOperation(admin, id, { ...options.wait, signal: options.signal });
  if (operation.status !== "COMPLETED") throw new BulkOperationFailedError(operation);
  const states = new Map<string, ProductState>();
  if (!operation.url) return states;
  const keys = new Set(metafieldKeys);
  const reader = new BulkQueryReader(operation.url, { fetch: admin.fetch, onlyIds: new Set(ids), signal: options.signal });
  for await (const product of reader) {
    states.set(product.id, {
      id: product.id,
      updatedAt: product.updatedAt,
      title: product.title,
      descriptionHtml: product.descriptionHtml,
      tags: product.tags,
      seo: product.seo,
      metafields: product.metafields.filter((m) => keys.has(`${m.namespace}.${m.key}`)),
    });
  }
  return states;
}

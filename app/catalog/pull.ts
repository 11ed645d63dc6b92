// Pull: products from Shopify as CatalogProduct. A selection of IDs (a bulk action on the
// product list) goes through nodes(ids:) in pages sized under the per-query cost limit; a
// filter or the whole catalog goes through a bulk query whose JSONL result is streamed.
import { type ShopifyAdmin, ShopifyGraphqlError } from "./admin-client";
import { BulkOperationFailedError, type BulkOperation, type WaitOptions, bulkQueryFor, startBulkQuery, waitForBulkOperation } from "./bulk-operation";
import { BulkQueryReader, imageFrom, metafieldFrom, productFromLine, variantFrom } from "./bulk-jsonl";
import { APP_METAFIELD_NAMESPACE } from "./metafields";
import type { CatalogProduct } from "./product";

/** Products by ID. The metafield filter is a variable: omitted, it returns every namespace. */
export const PRODUCTS_BY_IDS_QUERY = `#graphql
  query CatalogProductsByIds($ids: [ID!]!, $namespace: String, $metafieldCount: Int!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        handle
        title
        descriptionHtml
        vendor
        productType
        status
        tags
        updatedAt
        seo { title description }
        options { name values }
        variants(first: 20) {
          nodes { id title sku price selectedOptions { name value } }
        }
        media(first: 10) {
          nodes {
            id
            alt
            mediaContentType
            ... on MediaImage { image { url altText } }
          }
        }
        metafields(first: $metafieldCount, namespace: $namespace) {
          nodes { id namespace key type value }
        }
      }
    }
  }
`;

// Bulk queries take no variables: the search filter is spliced in as a string literal in place
// of the "__SEARCH__" marker (bulkQueryFor). 4 connections, 2 levels: within bulk limits.
export const BULK_PRODUCTS_QUERY = `#graphql
  query CatalogBulkProducts {
    products(query: "__SEARCH__") {
      edges {
        node {
          id
          handle
          title
          descriptionHtml
          vendor
          productType
          status
          tags
          updatedAt
          seo { title description }
          options { name values }
          variants {
            edges { node { id title sku price selectedOptions { name value } } }
          }
          media {
            edges {
              node {
                id
                alt
                mediaContentType
                ... on MediaImage { image { url altText } }
              }
            }
          }
          metafields(namespace: "byok_enrich") {
            edges { node { id namespace key type value } }
          }
        }
      }
    }
  }
`;

/** The same, with every metafield namespace (filtered while reading) for extra namespaces. */
export const BULK_PRODUCTS_ALL_METAFIELDS_QUERY = `#graphql
  query CatalogBulkProductsAllMetafields {
    products(query: "__SEARCH__") {
      edges {
        node {
          id
          handle
          title
          descriptionHtml
          vendor
          productType
          status
          tags
          updatedAt
          seo { title description }
          options { name values }
          variants {
            edges { node { id title sku price selectedOptions { name value } } }
          }
          media {
            edges {
              node {
                id
                alt
                mediaContentType
                ... on MediaImage { image { url altText } }
              }
            }
          }
          metafields {
            edges { node { id namespace key type value } }
          }
        }
      }
    }
  }
`;

export type ProductSelection = { ids: string[] } | { search: string } | { all: true };

export interface PullOptions {
  /** Metafield namespaces to read besides the app's own. */
  namespaces?: string[];
  /** Selections larger than this are read by bulk query and filtered (default 250). */
  maxNodesSelection?: number;
  wait?: WaitOptions;
  signal?: AbortSignal;
  /** Called with the bulk operation's id as soon as it starts (to persist it for a resume). */
  onBulkOperation?: (id: string) => void;
  /** Called with selected IDs that are not (or no longer) products. */
  onMissing?: (ids: string[]) => void;
}

/** Pulls a selection, a search or the whole catalog, choosing nodes() or a bulk query. */
export function pullProducts(admin: ShopifyAdmin, selection: ProductSelection, options: PullOptions = {}): AsyncIterable<CatalogProduct> {
  if ("ids" in selection) {
    if (selection.ids.length <= (options.maxNodesSelection ?? 250)) return pullProductsByIds(admin, selection.ids, options);
    return pullProductsInBulk(admin, { onlyIds: new Set(selection.ids) }, options);
  }
  return pullProductsInBulk(admin, { search: "search" in selection ? selection.search : undefined }, options);
}

const MAX_QUERY_COST = 1000;
const COST_HEADROOM = 0.9; // stay clearly under the single-query limit
const MAX_NODES_PER_CALL = 250;

/**
 * The requested cost of one product in PRODUCTS_BY_IDS_QUERY by Shopify's rules (object 1,
 * connection 2 + first × node): product, seo, options, variants(20 × variant + selectedOptions),
 * media(10 × media + image), metafields. Corrected by the real requestedQueryCost after the
 * first page.
 */
export function estimatedProductCost(metafieldCount: number): number {
  return 1 + 1 + 1 + (2 + 20 * 2) + (2 + 10 * 2) + (2 + metafieldCount);
}

/** Reads products by ID in cost-sized pages; yields them in the order asked, skipping missing ones. */
export async function* pullProductsByIds(admin: ShopifyAdmin, ids: string[], options: PullOptions = {}): AsyncGenerator<CatalogProduct> {
  const wanted = namespacesWanted(options.namespaces);
  const allNamespaces = wanted.length > 1;
  const metafieldCount = allNamespaces ? 100 : 30;
  let perProduct = estimatedProductCost(metafieldCount);
  const unique = [...new Set(ids)];
  let index = 0;
  while (index < unique.length) {
    options.signal?.throwIfAborted();
    const budget = admin.affordableCost(MAX_QUERY_COST) * COST_HEADROOM;
    const size = Math.max(1, Math.min(MAX_NODES_PER_CALL, Math.floor(budget / perProduct)));
    const page = unique.slice(index, index + size);
    const variables: Record<string, unknown> = { ids: page, metafieldCount };
    if (!allNamespaces) variables.namespace = APP_METAFIELD_NAMESPACE;
    let result;
    try {
      result = await admin.request<{ nodes: (Record<string, unknown> | null)[] }>(PRODUCTS_BY_IDS_QUERY, variables, {
        expectedCost: perProduct * page.length,
      });
    } catch (error) {
      if (error instanceof ShopifyGraphqlError && page.length > 1) {
        if (error.exceedsBucket && error.cost) {
          perProduct = Math.max(perProduct, error.cost.requestedQueryCost / page.length); // the bucket is smaller than our page
          continue;
        }
        if (error.codes.includes("MAX_COST_EXCEEDED")) {
          perProduct *= 2; // our estimate was low: halve the page and try again
          continue;
        }
      }
      throw error;
    }
    if (result.cost?.requestedQueryCost) perProduct = Math.max(1, result.cost.requestedQueryCost / page.length);
    const missing: string[] = [];
    result.data.nodes.forEach((node, i) => {
      if (!node || typeof node.id !== "string") missing.push(page[i]!);
    });
    if (missing.length) options.onMissing?.(missing);
    for (const node of result.data.nodes) {
      if (node && typeof node.id === "string") yield productFromNode(node, wanted);
    }
    index += page.length;
  }
}

function namespacesWanted(extra: string[] | undefined): string[] {
  return [...new Set([APP_METAFIELD_NAMESPACE, ...(extra ?? [])])];
}

type Connection = { nodes?: Record<string, unknown>[] } | undefined;

/** Maps a nodes() Product to CatalogProduct. */
export function productFromNode(node: Record<string, unknown>, namespaces: string[]): CatalogProduct {
  const product = productFromLine(node);
  product.variants = ((node.variants as Connection)?.nodes ?? []).map(variantFrom);
  product.images = ((node.media as Connection)?.nodes ?? []).map(imageFrom).filter((i) => i !== null);
  const keep = new Set(namespaces);
  product.metafields = ((node.metafields as Connection)?.nodes ?? []).map(metafieldFrom).filter((m) => keep.has(m.namespace));
  return product;
}

/** Starts the bulk query for a search (or the whole catalog); returns the operation id. */
export async function startBulkProductPull(
  admin: ShopifyAdmin,
  query: { search?: string; namespaces?: string[] },
  signal?: AbortSignal,
): Promise<string> {
  const allNamespaces = namespacesWanted(query.namespaces).length > 1;
  const document = bulkQueryFor(allNamespaces ? BULK_PRODUCTS_ALL_METAFIELDS_QUERY : BULK_PRODUCTS_QUERY, query.search);
  return startBulkQuery(admin, document, { signal });
}

/** Reads a completed bulk pull's result; an empty result (url null) reads as no products. */
export function readBulkProductPull(
  admin: ShopifyAdmin,
  operation: BulkOperation,
  options: { namespaces?: string[]; onlyIds?: ReadonlySet<string>; signal?: AbortSignal } = {},
): AsyncIterable<CatalogProduct> {
  if (operation.status !== "COMPLETED") throw new BulkOperationFailedError(operation);
  if (!operation.url) return (async function* () {})();
  return new BulkQueryReader(operation.url, {
    fetch: admin.fetch,
    namespaces: namespacesWanted(options.namespaces),
    onlyIds: options.onlyIds,
    signal: options.signal,
  });
}

/** Bulk query → wait → stream, as one iterator. */
export async function* pullProductsInBulk(
  admin: ShopifyAdmin,
  query: { search?: string; onlyIds?: ReadonlySet<string> },
  options: PullOptions = {},
): AsyncGenerator<CatalogProduct> {
  const id = await startBulkProductPull(admin, { search: query.search, namespaces: options.namespaces }, options.signal);
  options.onBulkOperation?.(id);
  const operation = await waitForBulkOperation(admin, id, { ...options.wait, signal: options.signal });
  const seen = query.onlyIds ? new Set<string>() : undefined;
  for await (const product of readBulkProductPull(admin, operation, { ...query, namespaces: options.namespaces, signal: options.signal })) {
    seen?.add(product.id);
    yield product;
  }
  if (query.onlyIds && seen) {
    const missing = [...query.onlyIds].filter((id) => !seen.has(id));
    if (missing.length) options.onMissing?.(missing);
  }
}

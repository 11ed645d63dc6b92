// Product image alt text: read the current alt of media images, and write new ones with
// fileUpdate (a MediaImage is a file). Batched across products up to Shopify's 250 files a
// call; a failed call is retried per product so each change gets its own userErrors.
import { type ShopifyAdmin, ShopifyGraphqlError, type UserErrorDetail } from "./admin-client";
import { readProductStates } from "./product-state";

export const FILE_UPDATE_MUTATION = `#graphql
  mutation CatalogFileUpdate($files: [FileUpdateInput!]!) {
    fileUpdate(files: $files) {
      files { id alt }
      userErrors { field message code }
    }
  }
`;

export const IMAGE_ALTS_QUERY = `#graphql
  query CatalogImageAlts($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on MediaImage { id alt }
    }
  }
`;

export interface ImageAlt {
  imageId: string; // gid://shopify/MediaImage/…
  altText: string;
}

export const FILES_PER_CALL = 250; // fileUpdate's input limit
const PAGE_HEADROOM = 0.9;

/** Current alt text ("" when none) of these media images; absent from the map = no such image. */
export async function readImageAlts(admin: ShopifyAdmin, imageIds: string[], signal?: AbortSignal): Promise<Map<string, string>> {
  const unique = [...new Set(imageIds)];
  const alts = new Map<string, string>();
  let index = 0;
  while (index < unique.length) {
    signal?.throwIfAborted();
    const size = Math.max(1, Math.min(FILES_PER_CALL, Math.floor(admin.affordableCost() * PAGE_HEADROOM) - 1));
    const page = unique.slice(index, index + size);
    const data = await admin.data<{ nodes: ({ id?: string; alt?: string | null } | null)[] }>(IMAGE_ALTS_QUERY, { ids: page }, { expectedCost: page.length + 1 });
    for (const node of data.nodes) if (node && typeof node.id === "string") alts.set(node.id, node.alt ?? "");
    index += page.length;
  }
  return alts;
}

/** Per product: its updatedAt after the alt write (null: nothing differed), or Shopify's userErrors. */
export type AltOutcome = { updatedAt: string | null } | { userErrors: UserErrorDetail[] };

/**
 * Writes each product's alt texts that differ from the images' current ones, then reads back
 * the updatedAt of the products written (an alt change moves it).
 */
export async function applyImageAlts(
  admin: ShopifyAdmin,
  entries: { productId: string; imageAlts: ImageAlt[] }[],
  signal?: AbortSignal,
): Promise<Map<string, AltOutcome>> {
  const outcomes = new Map<string, AltOutcome>();
  const current = await readImageAlts(admin, entries.flatMap((e) => e.imageAlts.map((a) => a.imageId)), signal);
  const groups = entries.map((e) => ({ key: e.productId, alts: e.imageAlts.filter((a) => current.get(a.imageId) !== a.altText) }));
  const failures = await writeImageAlts(admin, groups, signal);
  const written: string[] = [];
  for (const group of groups) {
    const errors = failures.get(group.key);
    if (errors) outcomes.set(group.key, { userErrors: errors });
    else if (group.alts.length === 0) outcomes.set(group.key, { updatedAt: null });
    else written.push(group.key);
  }
  if (written.length) {
    const states = await readProductStates(admin, written, [], { signal });
    for (const id of written) outcomes.set(id, { updatedAt: states.get(id)?.updatedAt ?? null });
  }
  return outcomes;
}

/** One product's alt texts to write, keyed by the caller (e.g. the change's index). */
export interface AltGroup<K> {
  key: K;
  alts: ImageAlt[];
}

/** Writes the groups' alt texts; returns the userErrors of each group that failed. */
export async function writeImageAlts<K>(admin: ShopifyAdmin, groups: AltGroup<K>[], signal?: AbortSignal): Promise<Map<K, UserErrorDetail[]>> {
  const failures = new Map<K, UserErrorDetail[]>();
  for (const batch of packGroups(groups.filter((g) => g.alts.length > 0))) {
    signal?.throwIfAborted();
    const errors = await fileUpdate(admin, batch.flatMap((g) => g.alts));
    if (!errors) continue;
    if (batch.length === 1) {
      failures.set(batch[0]!.key, errors);
      continue;
    }
    // Shopify rejects the whole call: find out whose alts it refused by writing each alone.
    for (const group of batch) {
      const own = await fileUpdate(admin, group.alts);
      if (own) failures.set(group.key, own);
    }
  }
  return failures;
}

/** Groups packed into calls of at most FILES_PER_CALL files; a larger group goes alone. */
function* packGroups<K>(groups: AltGroup<K>[]): Generator<AltGroup<K>[]> {
  let batch: AltGroup<K>[] = [];
  let files = 0;
  for (const group of groups) {
    if (batch.length && files + group.alts.length > FILES_PER_CALL) {
      yield batch;
      batch = [];
      files = 0;
    }
    batch.push(group);
    files += group.alts.length;
  }
  if (batch.length) yield batch;
}

/** One call per FILES_PER_CALL files; null on success, else the errors that stopped it. */
async function fileUpdate(admin: ShopifyAdmin, alts: ImageAlt[]): Promise<UserErrorDetail[] | null> {
  for (let i = 0; i < alts.length; i += FILES_PER_CALL) {
    const files = alts.slice(i, i + FILES_PER_CALL).map((a) => ({ id: a.imageId, alt: a.altText }));
    try {
      const data = await admin.data<{ fileUpdate: { userErrors: UserErrorDetail[] } | null }>(FILE_UPDATE_MUTATION, { files });
      if (!data.fileUpdate) return [{ field: null, message: "fileUpdate returned no payload" }];
      if (data.fileUpdate.userErrors.length) return data.fileUpdate.userErrors;
    } catch (error) {
      if (!(error instanceof ShopifyGraphqlError)) throw error;
      return error.errors.map((e) => ({ field: null, message: e.message }));
    }
  }
  return null;
}

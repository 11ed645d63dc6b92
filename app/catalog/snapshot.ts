// Snapshots: the exact original values a change will overwrite, taken before its first write,
// and the change that puts them back (written through the same writer, with the same
// merchant-edit protection). Plain JSON, so a job can store it beside its item.
import type { CatalogProduct } from "./product";
import type { MetafieldKey, ProductChange } from "./write";

export interface MetafieldSnapshot {
  namespace: string;
  key: string;
  existed: boolean; // false: revert deletes it
  type: string | null;
  value: string | null;
}

export interface ProductSnapshot {
  productId: string;
  /** updatedAt of the product the snapshot was taken from. */
  updatedAt: string;
  title?: string;
  descriptionHtml?: string;
  seo?: { title?: string | null; description?: string | null };
  /** The tags before, and the ones the change adds (revert removes those that were not there). */
  tags?: { before: string[]; added: string[] };
  metafields?: MetafieldSnapshot[];
  /** Alt text of the images the change writes, as they were ("" for none). */
  imageAlts?: { imageId: string; altText: string }[];
}

/** Which fields a change will overwrite: a ProductChange fits. */
export type SnapshotFields = Pick<ProductChange, "title" | "descriptionHtml" | "seo" | "tagsToAdd"> & {
  metafields?: MetafieldKey[];
  imageAlts?: { imageId: string }[];
};

/** Captures the original values of exactly the fields `fields` will overwrite. */
export function snapshotOf(product: CatalogProduct, fields: SnapshotFields): ProductSnapshot {
  const snapshot: ProductSnapshot = { productId: product.id, updatedAt: product.updatedAt };
  if (fields.title !== undefined) snapshot.title = product.title;
  if (fields.descriptionHtml !== undefined) snapshot.descriptionHtml = product.descriptionHtml;
  if (fields.seo) {
    snapshot.seo = {};
    if (fields.seo.title !== undefined) snapshot.seo.title = product.seo.title;
    if (fields.seo.description !== undefined) snapshot.seo.description = product.seo.description;
  }
  if (fields.tagsToAdd?.length) snapshot.tags = { before: [...product.tags], added: [...fields.tagsToAdd] };
  if (fields.metafields?.length) {
    snapshot.metafields = fields.metafields.map(({ namespace, key }) => {
      const existing = product.metafields.find((m) => m.namespace === namespace && m.key === key);
      return existing
        ? { namespace, key, existed: true, type: existing.type, value: existing.value }
        : { namespace, key, existed: false, type: null, value: null };
    });
  }
  if (fields.imageAlts?.length) {
    // An image the pull did not see has no known original; the writer fails on it anyway.
    snapshot.imageAlts = fields.imageAlts.flatMap(({ imageId }) => {
      const image = product.images.find((i) => i.id === imageId);
      return image ? [{ imageId, altText: image.altText ?? "" }] : [];
    });
  }
  return snapshot;
}

/**
 * The change that restores a snapshot. `currentUpdatedAt` is the product's updatedAt the revert
 * is decided on — normally the one recorded when the app's change was written — so a merchant
 * edit made after that is not overwritten by the revert either (it comes back as a conflict).
 */
export function revertChangeFor(snapshot: ProductSnapshot, currentUpdatedAt: string): ProductChange {
  const change: ProductChange = { productId: snapshot.productId, expectedUpdatedAt: currentUpdatedAt };
  if (snapshot.title !== undefined) change.title = snapshot.title;
  if (snapshot.descriptionHtml !== undefined) change.descriptionHtml = snapshot.descriptionHtml;
  if (snapshot.seo) change.seo = { ...snapshot.seo };
  if (snapshot.tags) {
    const before = new Set(snapshot.tags.before.map((t) => t.trim().toLowerCase()));
    const added = snapshot.tags.added.filter((t) => !before.has(t.trim().toLowerCase()));
    if (added.length) change.tagsToRemove = added;
  }
  for (const m of snapshot.metafields ?? []) {
    if (m.existed) (change.metafields ??= []).push({ namespace: m.namespace, key: m.key, type: m.type!, value: m.value! });
    else (change.metafieldsToDelete ??= []).push({ namespace: m.namespace, key: m.key });
  }
  if (snapshot.imageAlts?.length) change.imageAlts = snapshot.imageAlts.map((a) => ({ ...a }));
  return change;
}

import { z } from "zod";

// The product fields a prompt may carry. A context's data scope is a subset of these: a merchant
// can keep, say, the vendor or existing metafields away from a provider.
export const PRODUCT_FIELDS = [
  "title",
  "descriptionHtml",
  "vendor",
  "productType",
  "tags",
  "options",
  "variants",
  "metafields",
  "images",
  "seo",
] as const;

export type ProductField = (typeof PRODUCT_FIELDS)[number];

/** The fields a context may send to its provider. */
export type DataScope = readonly ProductField[];

export const DEFAULT_DATA_SCOPE: DataScope = PRODUCT_FIELDS;

export const DataScopeSchema = z
  .array(z.enum(PRODUCT_FIELDS))
  .transform((fields) => PRODUCT_FIELDS.filter((f) => fields.includes(f)));

export function inScope(scope: DataScope, field: ProductField): boolean {
  return scope.includes(field);
}

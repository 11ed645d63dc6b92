import type { CatalogProduct } from "../catalog/product";
import { METAFIELD_NAMESPACE } from "./tasks";
import type { ProductField } from "./scope";
import { htmlToText } from "./sanitize";

// How a product becomes data in a prompt: only the fields in scope, bounded in size (input
// tokens are the merchant's money), and never carrying the app's own earlier output back in.

export const PRODUCT_DATA_OPEN = "<<<PRODUCT_DATA";
export const PRODUCT_DATA_CLOSE = "PRODUCT_DATA>>>";

/** Input bounds per product; a huge description is cut rather than sent whole. */
export const INPUT_BOUNDS = Object.freeze({
  descriptionChars: 12_000,
  tags: 100,
  variants: 50,
  metafields: 30,
  metafieldValueChars: 500,
});

// Metafield types whose value is text or a number a copywriter can use; references, files and
// JSON are noise (ids) to a model.
const TEXTUAL_METAFIELD_TYPE =
  /^(?:list\.)?(?:single_line_text_field|multi_line_text_field|number_integer|number_decimal|boolean|dimension|weight|volume|color|rating)$/;

/**
 * Metafields that may serve as product facts. The app's own namespace is left out: those are
 * earlier generated values, and feeding them back would let an invention confirm itself.
 */
export function factualMetafields(product: Pick<CatalogProduct, "metafields">) {
  return product.metafields.filter((m) => m.namespace !== METAFIELD_NAMESPACE && TEXTUAL_METAFIELD_TYPE.test(m.type));
}

function neutralizeMarkers(value: string): string {
  return value.split(PRODUCT_DATA_OPEN).join("[marker removed]").split(PRODUCT_DATA_CLOSE).join("[marker removed]");
}

function cut(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)} [cut]`;
}

function variantNames(product: CatalogProduct): string[] {
  const names = product.variants.map((v) => v.title).filter((t) => t && t !== "Default Title");
  return [...new Set(names)].slice(0, INPUT_BOUNDS.variants);
}

/**
 * The product facts a prompt carries: `fields` (the tasks' reads within the data scope) and
 * nothing else. Empty values are left out. Image ids are listed (alt text needs them), image
 * URLs are not: they travel as vision inputs, and only when vision is on.
 */
export function scopedProductData(
  product: CatalogProduct,
  fields: readonly ProductField[],
  opts: { maxImages: number },
): Record<string, unknown> {
  const has = (f: ProductField) => fields.includes(f);
  const data: Record<string, unknown> = {};
  if (has("title") && product.title) data.title = product.title;
  if (has("descriptionHtml") && product.descriptionHtml.trim()) {
    data.descriptionHtml = cut(product.descriptionHtml, INPUT_BOUNDS.descriptionChars);
  }
  if (has("vendor") && product.vendor) data.vendor = product.vendor;
  if (has("productType") && product.productType) data.productType = product.productType;
  if (has("tags") && product.tags.length) data.tags = product.tags.slice(0, INPUT_BOUNDS.tags);
  if (has("options")) {
    const options = product.options.filter((o) => !(o.name === "Title" && o.values.length === 1 && o.values[0] === "Default Title"));
    if (options.length) data.options = options.map((o) => ({ name: o.name, values: o.values }));
  }
  if (has("variants")) {
    const names = variantNames(product);
    if (names.length) data.variants = names;
  }
  if (has("metafields")) {
    const metafields = factualMetafields(product).slice(0, INPUT_BOUNDS.metafields);
    if (metafields.length) {
      data.metafields = metafields.map((m) => ({
        key: `${m.namespace}.${m.key}`,
        value: cut(m.value, INPUT_BOUNDS.metafieldValueChars),
      }));
    }
  }
  if (has("seo") && (product.seo.title || product.seo.description)) {
    data.seo = { title: product.seo.title ?? "", description: product.seo.description ?? "" };
  }
  if (has("images")) {
    const images = product.images.slice(0, opts.maxImages);
    if (images.length) data.images = images.map((i) => ({ id: i.id, altText: i.altText ?? "" }));
  }
  return neutralizeDeep(data) as Record<string, unknown>;
}

function neutralizeDeep(value: unknown): unknown {
  if (typeof value === "string") return neutralizeMarkers(value);
  if (Array.isArray(value)) return value.map(neutralizeDeep);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, neutralizeDeep(v)]));
  }
  return value;
}

/**
 * Everything the merchant's data says about a product, as plain text: the reference the
 * invention check compares generated copy against. Uses the whole product (not just the data
 * scope): a fact the merchant recorded anywhere on the product is not an invention.
 */
export function productReferenceText(product: CatalogProduct, extra: readonly string[] = []): string {
  const parts: string[] = [
    product.title,
    htmlToText(product.descriptionHtml),
    product.vendor,
    product.productType,
    product.handle.replace(/-/g, " "),
    ...product.tags,
    ...product.options.flatMap((o) => [o.name, ...o.values]),
    ...product.variants.flatMap((v) => [v.title, v.sku ?? "", ...v.selectedOptions.flatMap((o) => [o.name, o.value])]),
    ...factualMetafields(product).map((m) => `${m.key.replace(/_/g, " ")}: ${m.value}`),
    product.seo.title ?? "",
    product.seo.description ?? "",
    ...product.images.map((i) => i.altText ?? ""),
    ...extra,
  ];
  return parts.filter(Boolean).join("\n");
}

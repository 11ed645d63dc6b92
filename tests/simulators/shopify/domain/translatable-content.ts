// What Shopify offers for translation on a product, in the order it lists it. A digest is
// sha256 of the raw value (captured from the live API: empty value → e3b0c442…).
import { sha256Hex } from "./ids";
import type { ProductRecord } from "./records";

export type LocalizableContentType = "SINGLE_LINE_TEXT_FIELD" | "MULTI_LINE_TEXT_FIELD" | "HTML" | "URI";

export interface TranslatableContentItem {
  key: string;
  value: string;
  digest: string;
  locale: string;
  type: LocalizableContentType;
}

export function productTranslatableContent(product: ProductRecord, primaryLocale: string): TranslatableContentItem[] {
  const items: [string, string, LocalizableContentType][] = [["title", product.title, "SINGLE_LINE_TEXT_FIELD"]];
  // Shopify leaves out body_html and the SEO keys while they are empty, but always lists product_type.
  if (product.descriptionHtml) items.push(["body_html", product.descriptionHtml, "HTML"]);
  items.push(["handle", product.handle, "URI"]);
  items.push(["product_type", product.productType, "SINGLE_LINE_TEXT_FIELD"]);
  if (product.seo.title) items.push(["meta_title", product.seo.title, "MULTI_LINE_TEXT_FIELD"]);
  if (product.seo.description) items.push(["meta_description", product.seo.description, "MULTI_LINE_TEXT_FIELD"]);
  return items.map(([key, value, type]) => ({ key, value, digest: sha256Hex(value), locale: primaryLocale, type }));
}

export function contentDigest(product: ProductRecord, key: string, primaryLocale: string): string | null {
  return productTranslatableContent(product, primaryLocale).find((item) => item.key === key)?.digest ?? null;
}

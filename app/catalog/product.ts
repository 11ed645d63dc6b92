// A product as the app reads it from Shopify: the input to prompts, snapshots and diffs.
// Pulled by nodes(ids:) for small selections and by bulk query for catalogs; both map to this.
export interface CatalogMetafield {
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface CatalogImage {
  id: string;
  url: string;
  altText: string | null;
}

export interface CatalogVariant {
  id: string;
  title: string;
  sku: string | null;
  price: string;
  selectedOptions: { name: string; value: string }[];
}

export interface CatalogProduct {
  id: string; // gid://shopify/Product/…
  handle: string;
  title: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  status: string;
  tags: string[];
  seo: { title: string | null; description: string | null };
  options: { name: string; values: string[] }[];
  variants: CatalogVariant[];
  images: CatalogImage[];
  metafields: CatalogMetafield[];
  updatedAt: string; // ISO; compared before writing so a merchant's edit is never overwritten
}

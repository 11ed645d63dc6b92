// The simulator's in-memory shapes of a shop's catalog. Field names follow the Admin API so
// that most GraphQL fields resolve by plain property access.

export type ProductStatus = "ACTIVE" | "DRAFT" | "ARCHIVED";

export interface SeoRecord {
  title: string | null;
  description: string | null;
}

export interface SelectedOption {
  name: string;
  value: string;
}

export interface ProductOptionRecord {
  id: string;
  name: string;
  position: number;
  values: string[];
}

export interface VariantRecord {
  id: string;
  title: string;
  price: string;
  compareAtPrice: string | null;
  sku: string | null;
  barcode: string | null;
  position: number;
  inventoryQuantity: number;
  selectedOptions: SelectedOption[];
  createdAt: string;
  updatedAt: string;
}

export interface MediaImageRecord {
  id: string; // gid://shopify/MediaImage/N
  alt: string;
  url: string;
  width: number;
  height: number;
  createdAt: string;
}

export interface MetafieldRecord {
  id: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface TranslationRecord {
  key: string;
  locale: string;
  value: string;
  marketId: string | null;
  /** Digest of the source content the translation was registered against; differs → outdated. */
  sourceDigest: string;
  updatedAt: string;
}

export interface ProductRecord {
  id: string;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  status: ProductStatus;
  tags: string[];
  seo: SeoRecord;
  templateSuffix: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  options: ProductOptionRecord[];
  variants: VariantRecord[];
  media: MediaImageRecord[];
  metafields: MetafieldRecord[];
  translations: TranslationRecord[];
}

export interface MetafieldDefinitionRecord {
  id: string;
  name: string;
  namespace: string;
  key: string;
  ownerType: string;
  type: string;
  description: string | null;
  validations: { name: string; value: string }[];
  pinnedPosition: number | null;
  createdAt: string;
}

export interface ShopLocaleRecord {
  locale: string;
  primary: boolean;
  published: boolean;
}

/** A product as the generator or a JSONL file describes it, before the store assigns ids. */
export interface ProductSeed {
  id?: string;
  title: string;
  handle?: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  status: ProductStatus;
  tags: string[];
  seo?: Partial<SeoRecord>;
  createdAt?: string;
  updatedAt?: string;
  options: { name: string; values: string[] }[];
  variants: {
    id?: string;
    title?: string;
    price: string;
    compareAtPrice?: string | null;
    sku?: string | null;
    barcode?: string | null;
    inventoryQuantity?: number;
    selectedOptions: SelectedOption[];
  }[];
  media: { id?: string; alt: string; url: string; width?: number; height?: number }[];
  metafields?: { id?: string; namespace: string; key: string; type: string; value: string }[];
  translations?: { key: string; locale: string; value: string; marketId?: string | null }[];
}

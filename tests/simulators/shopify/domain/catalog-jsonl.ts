// The bulk-export shape, both ways. Writing: one JSON line per product (metafields and
// translations inline), then its variants and media as lines with `__parentId`. Reading accepts
// that shape and what a real bulk query returns (children as lines, or inline arrays/connections).
import { parseGid } from "./ids";
import type { ProductRecord, ProductSeed, ProductStatus } from "./records";
import type { ShopData } from "./shop-data";

type Json = Record<string, unknown>;

export function productExportLine(product: ProductRecord): Json {
  return {
    id: product.id,
    title: product.title,
    handle: product.handle,
    descriptionHtml: product.descriptionHtml,
    vendor: product.vendor,
    productType: product.productType,
    status: product.status,
    tags: product.tags,
    seo: product.seo,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    options: product.options.map((o) => ({ name: o.name, position: o.position, values: o.values })),
    metafields: product.metafields.map((m) => ({ id: m.id, namespace: m.namespace, key: m.key, type: m.type, value: m.value })),
    translations: product.translations.map((t) => ({ key: t.key, locale: t.locale, value: t.value, ...(t.marketId ? { marketId: t.marketId } : {}) })),
  };
}

export function* productExportLines(shop: ShopData): Generator<string> {
  for (const product of shop.products()) {
    yield JSON.stringify(productExportLine(product));
    for (const v of product.variants) {
      yield JSON.stringify({
        id: v.id,
        title: v.title,
        price: v.price,
        compareAtPrice: v.compareAtPrice,
        sku: v.sku,
        barcode: v.barcode,
        inventoryQuantity: v.inventoryQuantity,
        selectedOptions: v.selectedOptions,
        __parentId: product.id,
      });
    }
    for (const m of product.media) {
      yield JSON.stringify({ id: m.id, mediaContentType: "IMAGE", alt: m.alt, image: { url: m.url, width: m.width, height: m.height }, __parentId: product.id });
    }
  }
}

// ---- reading ---------------------------------------------------------------------------------

function str(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : value === null || value === undefined ? fallback : String(value);
}

/** A list given inline as an array, a connection ({edges:[{node}]}) or {nodes:[...]}. */
function listOf(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter((v): v is Json => typeof v === "object" && v !== null);
  if (value && typeof value === "object") {
    const v = value as { edges?: { node?: Json }[]; nodes?: Json[] };
    if (Array.isArray(v.edges)) return v.edges.map((e) => e.node).filter((n): n is Json => Boolean(n));
    if (Array.isArray(v.nodes)) return v.nodes;
  }
  return [];
}

type ChildKind = "variant" | "media" | "metafield" | "translation" | "other";

function childKind(line: Json): ChildKind {
  const type = typeof line.id === "string" ? parseGid(line.id)?.type : undefined;
  if (type === "ProductVariant") return "variant";
  if (type === "MediaImage" || type === "ProductImage") return "media";
  if (type === "Metafield") return "metafield";
  if (type) return "other";
  if ("selectedOptions" in line || "price" in line) return "variant";
  if ("namespace" in line && "key" in line) return "metafield";
  if ("locale" in line && "key" in line) return "translation";
  if ("mediaContentType" in line || "image" in line || "alt" in line || "altText" in line || "url" in line || "src" in line) return "media";
  return "other";
}

function variantSeed(line: Json): ProductSeed["variants"][number] {
  return {
    id: typeof line.id === "string" ? line.id : undefined,
    title: typeof line.title === "string" ? line.title : undefined,
    price: str(line.price, "0.00"),
    compareAtPrice: line.compareAtPrice === undefined ? null : (line.compareAtPrice as string | null),
    sku: line.sku === undefined ? null : (line.sku as string | null),
    barcode: line.barcode === undefined ? null : (line.barcode as string | null),
    inventoryQuantity: typeof line.inventoryQuantity === "number" ? line.inventoryQuantity : 0,
    selectedOptions: listOf(line.selectedOptions).map((o) => ({ name: str(o.name), value: str(o.value) })),
  };
}

function mediaSeed(line: Json): ProductSeed["media"][number] {
  const image = (line.image ?? (line.preview as Json | undefined)?.image ?? {}) as Json;
  return {
    id: typeof line.id === "string" && parseGid(line.id)?.type === "MediaImage" ? line.id : undefined,
    alt: str(line.alt ?? line.altText ?? image.altText),
    url: str(image.url ?? image.src ?? line.url ?? line.src ?? line.originalSrc),
    width: typeof image.width === "number" ? image.width : undefined,
    height: typeof image.height === "number" ? image.height : undefined,
  };
}

function metafieldSeed(line: Json): NonNullable<ProductSeed["metafields"]>[number] {
  return {
    id: typeof line.id === "string" ? line.id : undefined,
    namespace: str(line.namespace),
    key: str(line.key),
    type: str(line.type, "single_line_text_field"),
    value: typeof line.value === "string" ? line.value : JSON.stringify(line.value ?? ""),
  };
}

function translationSeed(line: Json): NonNullable<ProductSeed["translations"]>[number] {
  return { key: str(line.key), locale: str(line.locale), value: str(line.value), marketId: (line.marketId as string | undefined) ?? null };
}

function productSeed(line: Json): ProductSeed {
  const status = str(line.status, "ACTIVE").toUpperCase();
  const tags = Array.isArray(line.tags) ? line.tags.map((t) => str(t)) : str(line.tags).split(",");
  const seo = (line.seo ?? {}) as Json;
  return {
    id: typeof line.id === "string" ? line.id : undefined,
    title: str(line.title),
    handle: typeof line.handle === "string" ? line.handle : undefined,
    descriptionHtml: str(line.descriptionHtml ?? line.bodyHtml ?? line.body_html),
    vendor: str(line.vendor),
    productType: str(line.productType ?? line.product_type),
    status: (["ACTIVE", "DRAFT", "ARCHIVED"].includes(status) ? status : "ACTIVE") as ProductStatus,
    tags: tags.map((t) => t.trim()).filter(Boolean),
    seo: { title: (seo.title as string | null | undefined) ?? null, description: (seo.description as string | null | undefined) ?? null },
    createdAt: typeof line.createdAt === "string" ? line.createdAt : undefined,
    updatedAt: typeof line.updatedAt === "string" ? line.updatedAt : undefined,
    options: listOf(line.options).map((o) => ({
      name: str(o.name),
      values: Array.isArray(o.values) ? o.values.map((v) => str(v)) : listOf(o.optionValues).map((v) => str(v.name)),
    })),
    variants: listOf(line.variants).map(variantSeed),
    media: [...listOf(line.media), ...listOf(line.images)].map(mediaSeed),
    metafields: listOf(line.metafields).map(metafieldSeed),
    translations: listOf(line.translations).map(translationSeed),
  };
}

function attach(seed: ProductSeed, line: Json): void {
  switch (childKind(line)) {
    case "variant":
      seed.variants.push(variantSeed(line));
      break;
    case "media":
      seed.media.push(mediaSeed(line));
      break;
    case "metafield":
      (seed.metafields ??= []).push(metafieldSeed(line));
      break;
    case "translation":
      (seed.translations ??= []).push(translationSeed(line));
      break;
    default:
      break; // collections and other children are not modelled
  }
}

/** Builds products from lines; children may follow their parent at any distance, as in real exports. */
export class CatalogJsonlReader {
  private readonly pending = new Map<string, ProductSeed>();
  private anonymous = 0;
  private count = 0;

  constructor(
    private readonly shop: ShopData,
    private readonly maxPending = 1000,
  ) {}

  line(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    const line = JSON.parse(trimmed) as Json;
    const parentId = line.__parentId;
    if (typeof parentId === "string") {
      const parent = this.pending.get(parentId);
      if (parent) attach(parent, line);
      else this.attachLate(parentId, line);
      return;
    }
    const seed = productSeed(line);
    this.pending.set(seed.id ?? `anonymous-${++this.anonymous}`, seed);
    if (this.pending.size > this.maxPending) this.flushOldest();
  }

  /** Adds every pending product; returns how many products were read in all. */
  finish(): number {
    while (this.pending.size > 0) this.flushOldest();
    return this.count;
  }

  private flushOldest(): void {
    const [key, seed] = this.pending.entries().next().value as [string, ProductSeed];
    this.pending.delete(key);
    this.shop.addProduct(seed);
    this.count++;
  }

  /** A child whose parent was already added: attach it to the stored product. */
  private attachLate(parentId: string, line: Json): void {
    const product = this.shop.product(parentId);
    if (!product) return;
    const seed: ProductSeed = { title: "", descriptionHtml: "", vendor: "", productType: "", status: "ACTIVE", tags: [], options: [], variants: [], media: [] };
    attach(seed, line);
    this.shop.appendChildren(product, seed);
  }
}

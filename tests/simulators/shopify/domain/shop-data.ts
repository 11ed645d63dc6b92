// One shop's state: its settings, locales, products (with variants, media, metafields and
// translations), metafield definitions, and the indexes that resolve a global id to its owner.
import type { IdAllocator } from "./id-allocator";
import { handleize, laterTimestamp, numericId, parseGid, timestamp } from "./ids";
import type { MetafieldDefinitionRecord, MetafieldRecord, ProductRecord, ProductSeed, SelectedOption, ShopLocaleRecord } from "./records";
import { contentDigest } from "./translatable-content";

export interface ShopSettings {
  name?: string;
  currencyCode?: string;
  email?: string;
  /** Enabled locales besides the primary one, e.g. ["fr", "de"]. */
  locales?: string[];
  /** Whether those extra locales are published (default true). */
  localesPublished?: boolean;
}

const localeNames = new Intl.DisplayNames(["en"], { type: "language" });

export function localeName(locale: string): string {
  try {
    return localeNames.of(locale) ?? locale;
  } catch {
    return locale;
  }
}

function shopNameFromDomain(domain: string): string {
  const sub = domain.replace(/\.myshopify\.com$/, "");
  return sub.replace(/[-_]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());
}

export class ShopData {
  readonly id: string;
  name: string;
  currencyCode: string;
  email: string;
  readonly primaryLocale = "en";
  readonly createdAt = timestamp(new Date(Date.UTC(2023, 0, 15, 9, 30)));
  private locales: ShopLocaleRecord[] = [{ locale: "en", primary: true, published: true }];
  private readonly byId = new Map<string, ProductRecord>();
  private readonly handles = new Set<string>();
  /** Ascending by numeric id: the order of sortKey ID, kept without re-sorting on each page. */
  private ordered: ProductRecord[] = [];
  private orderedDirty = false;
  readonly variantOwner = new Map<string, ProductRecord>();
  readonly mediaOwner = new Map<string, ProductRecord>();
  readonly metafieldOwner = new Map<string, ProductRecord>();
  readonly metafieldDefinitions: MetafieldDefinitionRecord[] = [];

  constructor(
    readonly domain: string,
    readonly ids: IdAllocator,
    settings: ShopSettings = {},
  ) {
    this.id = ids.gid("Shop");
    this.name = shopNameFromDomain(domain);
    this.currencyCode = "USD";
    this.email = `owner@${domain}`;
    this.configure(settings);
  }

  configure(settings: ShopSettings): void {
    if (settings.name) this.name = settings.name;
    if (settings.currencyCode) this.currencyCode = settings.currencyCode;
    if (settings.email) this.email = settings.email;
    if (settings.locales) this.setLocales(settings.locales, settings.localesPublished ?? true);
  }

  // ---- locales -------------------------------------------------------------------------------

  shopLocales(): ShopLocaleRecord[] {
    return this.locales.map((l) => ({ ...l }));
  }

  setLocales(locales: string[], published = true): void {
    const extra = [...new Set(locales.filter((l) => l && l !== this.primaryLocale))];
    this.locales = [{ locale: this.primaryLocale, primary: true, published: true }, ...extra.map((locale) => ({ locale, primary: false, published }))];
  }

  hasLocale(locale: string): boolean {
    return this.locales.some((l) => l.locale === locale);
  }

  // ---- products --------------------------------------------------------------------------------

  get productCount(): number {
    return this.byId.size;
  }

  /** All products, ascending by id. */
  products(): readonly ProductRecord[] {
    if (this.orderedDirty) {
      this.ordered.sort((a, b) => numericId(a.id) - numericId(b.id));
      this.orderedDirty = false;
    }
    return this.ordered;
  }

  product(id: string): ProductRecord | undefined {
    return this.byId.get(id);
  }

  uniqueHandle(wanted: string, except?: ProductRecord): string {
    const base = handleize(wanted);
    let handle = base;
    for (let n = 1; this.handles.has(handle) && except?.handle !== handle; n++) handle = `${base}-${n}`;
    return handle;
  }

  renameHandle(product: ProductRecord, handle: string): void {
    this.handles.delete(product.handle);
    product.handle = handle;
    this.handles.add(handle);
  }

  addProduct(seed: ProductSeed): ProductRecord {
    const ids = this.ids;
    const id = seed.id && parseGid(seed.id)?.type === "Product" && !this.byId.has(seed.id) ? seed.id : ids.gid("Product");
    ids.reserve(id);
    const createdAt = seed.createdAt ?? timestamp();
    const options =
      seed.options.length > 0
        ? seed.options.map((o, i) => ({ id: ids.gid("ProductOption"), name: o.name, position: i + 1, values: [...o.values] }))
        : [{ id: ids.gid("ProductOption"), name: "Title", position: 1, values: ["Default Title"] }];
    const variantSeeds = seed.variants.length > 0 ? seed.variants : [{ price: "0.00", selectedOptions: [{ name: "Title", value: "Default Title" }] }];
    const product: ProductRecord = {
      id,
      title: seed.title,
      handle: this.uniqueHandle(seed.handle || seed.title),
      descriptionHtml: seed.descriptionHtml,
      vendor: seed.vendor,
      productType: seed.productType,
      status: seed.status,
      tags: normalizeTags(seed.tags),
      seo: { title: seed.seo?.title ?? null, description: seed.seo?.description ?? null },
      templateSuffix: null,
      createdAt,
      updatedAt: seed.updatedAt ?? createdAt,
      publishedAt: seed.status === "ACTIVE" ? createdAt : null,
      options,
      variants: [],
      media: [],
      metafields: [],
      translations: [],
    };
    this.appendChildren(product, { ...seed, variants: variantSeeds });
    this.insert(product);
    return product;
  }

  /** Adds variants, media, metafields and translations described by a seed to a product. */
  appendChildren(product: ProductRecord, seed: Pick<ProductSeed, "variants" | "media" | "metafields" | "translations">): void {
    const createdAt = product.createdAt;
    const keepId = (given: string | undefined, type: string) => {
      if (given && parseGid(given)?.type === type && !this.variantOwner.has(given) && !this.mediaOwner.has(given) && !this.metafieldOwner.has(given)) {
        this.ids.reserve(given);
        return given;
      }
      return this.ids.gid(type);
    };
    if (seed.variants.length > 0 && product.variants.length === 1 && product.variants[0].title === "Default Title" && product.variants[0].sku === null) {
      this.variantOwner.delete(product.variants[0].id);
      product.variants = []; // a placeholder default variant gives way to the real ones
    }
    for (const v of seed.variants) {
      const variant = {
        id: keepId(v.id, "ProductVariant"),
        title: v.title ?? (v.selectedOptions.map((o) => o.value).join(" / ") || "Default Title"),
        price: v.price,
        compareAtPrice: v.compareAtPrice ?? null,
        sku: v.sku ?? null,
        barcode: v.barcode ?? null,
        position: product.variants.length + 1,
        inventoryQuantity: v.inventoryQuantity ?? 0,
        selectedOptions: v.selectedOptions.map((o) => internOption(o.name, o.value)),
        createdAt,
        updatedAt: createdAt,
      };
      product.variants.push(variant);
      this.variantOwner.set(variant.id, product);
    }
    for (const m of seed.media) {
      const media = { id: keepId(m.id, "MediaImage"), alt: m.alt, url: m.url, width: m.width ?? 2048, height: m.height ?? 2048, createdAt };
      product.media.push(media);
      this.mediaOwner.set(media.id, product);
    }
    for (const m of seed.metafields ?? []) {
      const metafield = { id: keepId(m.id, "Metafield"), namespace: m.namespace, key: m.key, type: m.type, value: m.value, createdAt, updatedAt: createdAt };
      product.metafields.push(metafield);
      this.metafieldOwner.set(metafield.id, product);
    }
    for (const t of seed.translations ?? []) {
      const digest = contentDigest(product, t.key, this.primaryLocale);
      if (digest === null) continue;
      product.translations.push({ key: t.key, locale: t.locale, value: t.value, marketId: t.marketId ?? null, sourceDigest: digest, updatedAt: createdAt });
    }
  }

  private insert(product: ProductRecord): void {
    const last = this.ordered[this.ordered.length - 1];
    if (last && numericId(last.id) > numericId(product.id)) this.orderedDirty = true;
    this.ordered.push(product);
    this.byId.set(product.id, product);
    this.handles.add(product.handle);
  }

  /** Records a write: updatedAt moves strictly forward. */
  touch(product: ProductRecord): void {
    product.updatedAt = laterTimestamp(product.updatedAt);
  }

  indexMetafield(owner: ProductRecord, metafield: MetafieldRecord): void {
    this.metafieldOwner.set(metafield.id, owner);
  }

  /** What a global id points at in this shop, with its GraphQL type. */
  findNode(id: string): { __typename: string; value: unknown } | null {
    const parsed = parseGid(id);
    if (!parsed) return null;
    switch (parsed.type) {
      case "Product": {
        const product = this.byId.get(id);
        return product ? { __typename: "Product", value: product } : null;
      }
      case "ProductVariant": {
        const owner = this.variantOwner.get(id);
        const variant = owner?.variants.find((v) => v.id === id);
        return variant ? { __typename: "ProductVariant", value: variant } : null;
      }
      case "MediaImage": {
        const owner = this.mediaOwner.get(id);
        const media = owner?.media.find((m) => m.id === id);
        return media ? { __typename: "MediaImage", value: media } : null;
      }
      case "Metafield": {
        const owner = this.metafieldOwner.get(id);
        const metafield = owner?.metafields.find((m) => m.id === id);
        return metafield ? { __typename: "Metafield", value: metafield } : null;
      }
      case "MetafieldDefinition": {
        const definition = this.metafieldDefinitions.find((d) => d.id === id);
        return definition ? { __typename: "MetafieldDefinition", value: definition } : null;
      }
      case "Shop":
        return id === this.id ? { __typename: "Shop", value: this } : null;
      default:
        return null;
    }
  }
}

// Variants of a large catalog repeat the same few option pairs; sharing them keeps 100k products small.
const optionPairs = new Map<string, SelectedOption>();
function internOption(name: string, value: string): SelectedOption {
  const key = `${name}\u0000${value}`;
  let pair = optionPairs.get(key);
  if (!pair) {
    pair = Object.freeze({ name, value }) as SelectedOption;
    optionPairs.set(key, pair);
  }
  return pair;
}

/** Shopify trims tags, drops case-insensitive duplicates (first spelling wins) and sorts them. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of tags) {
    for (const part of raw.split(",")) {
      const tag = part.trim();
      if (tag && !seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
    }
  }
  return [...seen.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}

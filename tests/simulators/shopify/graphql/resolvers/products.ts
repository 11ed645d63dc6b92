// Reading products, variants, media and their metafields.
import type { GraphQLResolveInfo } from "graphql";
import { numericId } from "../../domain/ids";
import { jsonValueOf } from "../../domain/metafield-values";
import { compareDigest, definitionFor } from "../../domain/metafield-writes";
import { compileProductQuery } from "../../domain/product-search";
import type { MediaImageRecord, MetafieldRecord, ProductRecord, VariantRecord } from "../../domain/records";
import type { ShopData } from "../../domain/shop-data";
import { isOutdated } from "../../domain/translation-writes";
import { paginate, paginateById, type ConnectionArgs, type SortKey } from "../connection";
import type { AdminContext, ResolverMap } from "../context";

type ProductArgs = ConnectionArgs & { query?: string | null; sortKey?: string | null; reverse?: boolean | null };

const SORT_VALUES: Record<string, (p: ProductRecord) => string | number> = {
  ID: (p) => numericId(p.id),
  TITLE: (p) => p.title.toLowerCase(),
  UPDATED_AT: (p) => p.updatedAt,
  CREATED_AT: (p) => p.createdAt,
  PRODUCT_TYPE: (p) => p.productType.toLowerCase(),
  VENDOR: (p) => p.vendor.toLowerCase(),
  PUBLISHED_AT: (p) => p.publishedAt ?? "",
  INVENTORY_TOTAL: (p) => totalInventory(p),
  RELEVANCE: (p) => numericId(p.id),
};

function totalInventory(product: ProductRecord): number {
  return product.variants.reduce((sum, v) => sum + v.inventoryQuantity, 0);
}

/** Products matching a search query, in sortKey order; the default (ID, no query) needs no copy. */
function productKey(sortKey: string | null | undefined): (p: ProductRecord) => SortKey {
  const valueOf = SORT_VALUES[sortKey && SORT_VALUES[sortKey] ? sortKey : "ID"];
  return (p) => ({ id: numericId(p.id), value: valueOf(p) });
}

export function selectProducts(shop: ShopData, args: ProductArgs): { items: readonly ProductRecord[]; keyOf: (p: ProductRecord) => SortKey; descending: boolean } {
  const sortKey = args.sortKey && SORT_VALUES[args.sortKey] ? args.sortKey : "ID";
  const valueOf = SORT_VALUES[sortKey];
  const keyOf = productKey(sortKey);
  const predicate = compileProductQuery(args.query);
  let items: readonly ProductRecord[] = shop.products();
  if (predicate) items = items.filter(predicate);
  if (sortKey !== "ID" && sortKey !== "RELEVANCE") {
    items = [...items].sort((a, b) => {
      const av = valueOf(a);
      const bv = valueOf(b);
      if (av !== bv) return av < bv ? -1 : 1;
      return numericId(a.id) - numericId(b.id);
    });
  }
  if (args.reverse) items = [...items].reverse();
  return { items, keyOf, descending: Boolean(args.reverse) };
}

function productConnection(ctx: AdminContext, args: ProductArgs, info: GraphQLResolveInfo) {
  if (ctx.bulkQuery && info.path.prev === undefined) {
    // A bulk query pages through one selection computed once for the whole operation.
    ctx.bulkQuery.rootItems ??= selectProducts(ctx.shop, args).items;
    return paginate(ctx.bulkQuery.rootItems as readonly ProductRecord[], args, ctx, info, productKey(args.sortKey), Boolean(args.reverse));
  }
  const { items, keyOf, descending } = selectProducts(ctx.shop, args);
  return paginate(items, args, ctx, info, keyOf, descending);
}

function allVariants(shop: ShopData): VariantRecord[] {
  return shop.products().flatMap((p) => p.variants);
}

function stripHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

function money(amount: string, ctx: AdminContext) {
  return { amount, currencyCode: ctx.shop.currencyCode };
}

function imageOf(media: MediaImageRecord) {
  return { id: `gid://shopify/ImageSource/${numericId(media.id)}`, url: media.url, altText: media.alt, width: media.width, height: media.height, originalSrc: media.url, src: media.url, transformedSrc: media.url };
}

function metafieldsOf(owner: { metafields?: MetafieldRecord[] }, args: { namespace?: string | null; keys?: string[] | null }): MetafieldRecord[] {
  let list = owner.metafields ?? [];
  if (args.namespace) list = list.filter((m) => m.namespace === args.namespace);
  if (args.keys?.length) list = list.filter((m) => args.keys!.includes(`${m.namespace}.${m.key}`));
  return list;
}

function findMetafield(owner: { metafields?: MetafieldRecord[] }, args: { namespace?: string | null; key: string }, ctx: AdminContext) {
  const namespace = args.namespace ?? ctx.appNamespace;
  return (owner.metafields ?? []).find((m) => m.namespace === namespace && m.key === args.key) ?? null;
}

export const productResolvers: ResolverMap = {
  QueryRoot: {
    products: (_src, args: ProductArgs, ctx, info) => productConnection(ctx, args, info),
    productsCount: (_src, args: { query?: string | null; limit?: number | null }, ctx) => {
      const predicate = compileProductQuery(args.query);
      const count = predicate ? ctx.shop.products().filter(predicate).length : ctx.shop.productCount;
      const limit = args.limit ?? 10000;
      return count > limit ? { count: limit, precision: "AT_LEAST" } : { count, precision: "EXACT" };
    },
    product: (_src, args: { id: string }, ctx) => ctx.shop.product(args.id) ?? null,
    productByIdentifier: (_src, args: { identifier: { id?: string; handle?: string } }, ctx) => {
      if (args.identifier.id) return ctx.shop.product(args.identifier.id) ?? null;
      return ctx.shop.products().find((p) => p.handle === args.identifier.handle) ?? null;
    },
    productByHandle: (_src, args: { handle: string }, ctx) => ctx.shop.products().find((p) => p.handle === args.handle) ?? null,
    productVariant: (_src, args: { id: string }, ctx) => ctx.shop.findNode(args.id)?.value ?? null,
    productVariants: (_src, args: ConnectionArgs & { reverse?: boolean }, ctx, info) => paginateById(allVariants(ctx.shop), args, ctx, info),
    productVariantsCount: (_src, _args, ctx) => ({ count: allVariants(ctx.shop).length, precision: "EXACT" }),
    node: (_src, args: { id: string }, ctx) => ctx.shop.findNode(args.id)?.value ?? ctx.bulkOperations.find(ctx.shop.domain, args.id) ?? null,
    nodes: (_src, args: { ids: string[] }, ctx) => args.ids.map((id) => ctx.shop.findNode(id)?.value ?? ctx.bulkOperations.find(ctx.shop.domain, id) ?? null),
  },
  Product: {
    legacyResourceId: (p: ProductRecord) => String(numericId(p.id)),
    description: (p: ProductRecord, args: { truncateAt?: number | null }) => {
      const text = stripHtml(p.descriptionHtml);
      return args.truncateAt && text.length > args.truncateAt ? `${text.slice(0, args.truncateAt)}…` : text;
    },
    onlineStoreUrl: (p: ProductRecord, _a, ctx) => (p.status === "ACTIVE" ? `https://${ctx.shop.domain}/products/${p.handle}` : null),
    onlineStorePreviewUrl: (p: ProductRecord, _a, ctx) => `https://${ctx.shop.domain}/products/${p.handle}`,
    defaultCursor: (p: ProductRecord) => Buffer.from(JSON.stringify({ last_id: numericId(p.id), last_value: String(numericId(p.id)) })).toString("base64"),
    options: (p: ProductRecord, args: { first?: number | null }) => (args.first ? p.options.slice(0, args.first) : p.options),
    variants: (p: ProductRecord, args, ctx, info) => paginateById(p.variants, args, ctx, info),
    variantsCount: (p: ProductRecord) => ({ count: p.variants.length, precision: "EXACT" }),
    hasOnlyDefaultVariant: (p: ProductRecord) => p.variants.length === 1 && p.variants[0].title === "Default Title",
    hasOutOfStockVariants: (p: ProductRecord) => p.variants.some((v) => v.inventoryQuantity <= 0),
    totalInventory: (p: ProductRecord) => totalInventory(p),
    tracksInventory: () => true,
    media: (p: ProductRecord, args, ctx, info) => paginateById(p.media, args, ctx, info),
    mediaCount: (p: ProductRecord) => ({ count: p.media.length, precision: "EXACT" }),
    featuredMedia: (p: ProductRecord) => p.media[0] ?? null,
    images: (p: ProductRecord, args, ctx, info) =>
      paginateById(
        p.media.map((m) => ({ ...imageOf(m), id: `gid://shopify/ProductImage/${numericId(m.id)}` })),
        args,
        ctx,
        info,
      ),
    featuredImage: (p: ProductRecord) => (p.media[0] ? { ...imageOf(p.media[0]), id: `gid://shopify/ProductImage/${numericId(p.media[0].id)}` } : null),
    metafield: (p: ProductRecord, args, ctx) => findMetafield(p, args, ctx),
    metafields: (p: ProductRecord, args, ctx, info) => paginateById(metafieldsOf(p, args), args, ctx, info),
    translations: (p: ProductRecord, args: { locale: string; marketId?: string | null }, ctx) =>
      p.translations.filter((t) => t.locale === args.locale && (args.marketId ?? null) === t.marketId).map((t) => translationView(ctx, p.id, t)),
    priceRangeV2: (p: ProductRecord, _a, ctx) => {
      const prices = p.variants.map((v) => Number(v.price));
      const min = prices.length ? Math.min(...prices) : 0;
      const max = prices.length ? Math.max(...prices) : 0;
      return { minVariantPrice: money(min.toFixed(2), ctx), maxVariantPrice: money(max.toFixed(2), ctx) };
    },
    isGiftCard: () => false,
    requiresSellingPlan: () => false,
    category: () => null,
  },
  ProductOption: {
    optionValues: (o: { id: string; values: string[] }) => o.values.map((name, i) => ({ id: `gid://shopify/ProductOptionValue/${numericId(o.id)}${i}`, name, hasVariants: true })),
  },
  ProductVariant: {
    legacyResourceId: (v: VariantRecord) => String(numericId(v.id)),
    product: (v: VariantRecord, _a, ctx) => ctx.shop.variantOwner.get(v.id),
    displayName: (v: VariantRecord, _a, ctx) => `${ctx.shop.variantOwner.get(v.id)?.title ?? ""} - ${v.title}`,
    availableForSale: (v: VariantRecord) => v.inventoryQuantity > 0,
    sellableOnlineQuantity: (v: VariantRecord) => v.inventoryQuantity,
    inventoryItem: (v: VariantRecord) => ({ id: `gid://shopify/InventoryItem/${numericId(v.id)}`, sku: v.sku, tracked: true, requiresShipping: true }),
    inventoryPolicy: () => "DENY",
    taxable: () => true,
    metafield: (v: VariantRecord, args, ctx) => findMetafield(v as never, args, ctx),
    metafields: (_v: VariantRecord, args, ctx, info) => paginateById([], args, ctx, info),
    media: (_v: VariantRecord, args, ctx, info) => paginateById([], args, ctx, info),
  },
  MediaImage: {
    mediaContentType: () => "IMAGE",
    status: () => "READY",
    fileStatus: () => "READY",
    mimeType: () => "image/jpeg",
    updatedAt: (m: MediaImageRecord) => m.createdAt,
    image: (m: MediaImageRecord) => imageOf(m),
    preview: (m: MediaImageRecord) => ({ image: imageOf(m), status: "READY" }),
    originalSource: (m: MediaImageRecord) => ({ url: m.url, fileSize: null }),
  },
  Metafield: {
    legacyResourceId: (m: MetafieldRecord) => String(numericId(m.id)),
    jsonValue: (m: MetafieldRecord) => jsonValueOf(m.type, m.value),
    compareDigest: (m: MetafieldRecord) => compareDigest(m),
    ownerType: () => "PRODUCT",
    owner: (m: MetafieldRecord, _a, ctx) => ctx.shop.metafieldOwner.get(m.id) ?? null,
    definition: (m: MetafieldRecord, _a, ctx) => definitionFor(ctx.shop, "PRODUCT", m.namespace, m.key) ?? null,
    sizeInBytes: (m: MetafieldRecord) => Buffer.byteLength(m.value),
    description: () => null,
    translations: () => [],
  },
};

export function translationView(ctx: AdminContext, resourceId: string, t: ProductRecord["translations"][number]) {
  return { key: t.key, locale: t.locale, value: t.value, outdated: isOutdated(ctx.shop, resourceId, t), updatedAt: t.updatedAt, market: null };
}

// Translatable resources (products) and translation writes.
import type { GraphQLResolveInfo } from "graphql";
import { numericId } from "../../domain/ids";
import type { ProductRecord } from "../../domain/records";
import { productTranslatableContent } from "../../domain/translatable-content";
import { registerTranslations, removeTranslations, type TranslationInput } from "../../domain/translation-writes";
import { paginate, paginateById, type ConnectionArgs } from "../connection";
import type { AdminContext, ResolverMap } from "../context";
import { translationView } from "./products";

interface ResourceView {
  resourceId: string;
  product: ProductRecord;
}

const view = (product: ProductRecord): ResourceView => ({ resourceId: product.id, product });
const keyOf = (r: ResourceView) => {
  const id = numericId(r.resourceId);
  return { id, value: id };
};

function resources(ctx: AdminContext, products: readonly ProductRecord[], args: ConnectionArgs & { reverse?: boolean | null }, info: GraphQLResolveInfo) {
  const list = (args.reverse ? [...products].reverse() : products).map(view);
  return paginate(list, args, ctx, info, keyOf, Boolean(args.reverse));
}

export const translationResolvers: ResolverMap = {
  QueryRoot: {
    translatableResources: (_src, args: ConnectionArgs & { resourceType: string; reverse?: boolean | null }, ctx, info) =>
      resources(ctx, args.resourceType === "PRODUCT" ? ctx.shop.products() : [], args, info),
    translatableResourcesByIds: (_src, args: ConnectionArgs & { resourceIds: string[]; reverse?: boolean | null }, ctx, info) =>
      resources(
        ctx,
        args.resourceIds.map((id) => ctx.shop.product(id)).filter((p): p is ProductRecord => Boolean(p)),
        args,
        info,
      ),
    translatableResource: (_src, args: { resourceId: string }, ctx) => {
      const product = ctx.shop.product(args.resourceId);
      return product ? view(product) : null;
    },
  },
  TranslatableResource: {
    translatableContent: (r: ResourceView, _args, ctx) => productTranslatableContent(r.product, ctx.shop.primaryLocale),
    translations: (r: ResourceView, args: { locale: string; outdated?: boolean | null; marketId?: string | null }, ctx) =>
      r.product.translations
        .filter((t) => t.locale === args.locale && (args.marketId ?? null) === t.marketId)
        .map((t) => translationView(ctx, r.resourceId, t))
        .filter((t) => args.outdated === undefined || args.outdated === null || t.outdated === args.outdated),
    nestedTranslatableResources: (_r: ResourceView, args, ctx, info) => paginateById([], args, ctx, info),
  },
  Mutation: {
    translationsRegister: (_src, args: { resourceId: string; translations: TranslationInput[] }, ctx) => {
      const result = registerTranslations(ctx.shop, args.resourceId, args.translations);
      return { translations: result.translations?.map((t) => translationView(ctx, args.resourceId, t)) ?? null, userErrors: result.userErrors };
    },
    translationsRemove: (_src, args: { resourceId: string; translationKeys: string[]; locales: string[] }, ctx) => {
      const result = removeTranslations(ctx.shop, args.resourceId, args.translationKeys, args.locales);
      return { translations: result.translations?.map((t) => ({ ...t, outdated: false, market: null })) ?? null, userErrors: result.userErrors };
    },
  },
};

// Product, metafield and file (image alt text) writes, and metafield definitions.
import { GraphQLError } from "graphql";
import { numericId } from "../../domain/ids";
import { createMetafieldDefinition, deleteMetafields, setMetafields, type MetafieldDefinitionInput, type MetafieldIdentifierInput, type MetafieldsSetInput } from "../../domain/metafield-writes";
import { updateFiles, type FileUpdateInput } from "../../domain/file-writes";
import { createProduct, updateProduct, type ProductCreateInput, type ProductUpdateInput } from "../../domain/product-writes";
import type { MetafieldDefinitionRecord } from "../../domain/records";
import { paginate, type ConnectionArgs } from "../connection";
import type { ResolverMap } from "../context";

/** Shopify's answer when a mutation gets both or neither of its alternative inputs. */
function exactlyOne(field: string): GraphQLError {
  return new GraphQLError(`${field} must include exactly one of the following arguments: input, product.`, { extensions: { code: "INVALID_FIELD_ARGUMENTS" } });
}

const definitionKey = (d: MetafieldDefinitionRecord) => {
  const id = numericId(d.id);
  return { id, value: id };
};

export const catalogMutationResolvers: ResolverMap = {
  Mutation: {
    productUpdate: (_src, args: { product?: ProductUpdateInput | null; input?: ProductUpdateInput | null }, ctx) => {
      if (Boolean(args.product) === Boolean(args.input)) throw exactlyOne("productUpdate");
      return updateProduct(ctx.shop, (args.product ?? args.input)!, ctx.appNamespace);
    },
    productCreate: (_src, args: { product?: ProductCreateInput | null; input?: ProductCreateInput | null }, ctx) => {
      if (Boolean(args.product) === Boolean(args.input)) throw exactlyOne("productCreate");
      return createProduct(ctx.shop, (args.product ?? args.input)!, ctx.appNamespace);
    },
    metafieldsSet: (_src, args: { metafields: MetafieldsSetInput[] }, ctx) => setMetafields(ctx.shop, args.metafields, ctx.appNamespace),
    metafieldsDelete: (_src, args: { metafields: MetafieldIdentifierInput[] }, ctx) => deleteMetafields(ctx.shop, args.metafields),
    fileUpdate: (_src, args: { files: FileUpdateInput[] }, ctx) => updateFiles(ctx.shop, args.files),
    metafieldDefinitionCreate: (_src, args: { definition: MetafieldDefinitionInput }, ctx) => createMetafieldDefinition(ctx.shop, args.definition, ctx.appNamespace),
  },
  QueryRoot: {
    metafieldDefinitions: (_src, args: ConnectionArgs & { ownerType: string; namespace?: string | null; key?: string | null; reverse?: boolean | null }, ctx, info) => {
      let list = ctx.shop.metafieldDefinitions.filter((d) => d.ownerType === args.ownerType);
      if (args.namespace) list = list.filter((d) => d.namespace === args.namespace);
      if (args.key) list = list.filter((d) => d.key === args.key);
      if (args.reverse) list = [...list].reverse();
      return paginate(list, args, ctx, info, definitionKey, Boolean(args.reverse));
    },
    metafieldDefinition: (_src, args: { id?: string | null; identifier?: { ownerType: string; namespace?: string | null; key: string } | null }, ctx) => {
      if (args.id) return ctx.shop.metafieldDefinitions.find((d) => d.id === args.id) ?? null;
      const identifier = args.identifier;
      if (!identifier) return null;
      const namespace = identifier.namespace ?? ctx.appNamespace;
      return ctx.shop.metafieldDefinitions.find((d) => d.ownerType === identifier.ownerType && d.namespace === namespace && d.key === identifier.key) ?? null;
    },
  },
  MetafieldDefinition: {
    type: (d: MetafieldDefinitionRecord) => ({ name: d.type, category: d.type.includes("text") ? "TEXT" : d.type.startsWith("number") ? "NUMBER" : "OTHER", supportsDefinitionMigrations: true, supportedValidations: [], valueType: "STRING" }),
    metafieldsCount: (d: MetafieldDefinitionRecord, _a, ctx) =>
      ctx.shop.products().reduce((n, p) => n + p.metafields.filter((m) => m.namespace === d.namespace && m.key === d.key).length, 0),
    access: () => ({ admin: "PUBLIC_READ_WRITE", storefront: "NONE", customerAccount: "NONE" }),
    validationStatus: () => "ALL_VALID",
    useAsCollectionCondition: () => false,
    standardTemplate: () => null,
  },
};

// How a field gets its value when no resolver is written for it: the record's property of the
// same name, else an empty value of the right type — null where the schema allows it, "", 0,
// false, [], the first enum value, or an object whose own fields resolve the same way. So any
// valid query over the 3,500-type Admin schema runs, and only the modelled fields carry data.
import {
  getNullableType,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from "graphql";
import { parseGid } from "../domain/ids";
import type { AdminContext, ResolverMap } from "./context";

const SCALAR_DEFAULTS: Record<string, unknown> = {
  String: "",
  HTML: "",
  URL: "",
  ID: "gid://shopify/Placeholder/0",
  Int: 0,
  Float: 0,
  Boolean: false,
  DateTime: "1970-01-01T00:00:00Z",
  Date: "1970-01-01",
  Decimal: "0.0",
  Money: "0.0",
  UnsignedInt64: "0",
  JSON: {},
  FormattedString: "",
  Color: "#000000",
  ARN: "",
  StorefrontID: "",
  UtcOffset: "+00:00",
  BigInt: "0",
};

const PLACEHOLDER = Symbol("placeholder");

export function emptyValue(schema: GraphQLSchema, type: GraphQLOutputType): unknown {
  if (!isNonNullType(type)) return null;
  const inner = getNullableType(type);
  if (isListType(inner)) return [];
  if (isScalarType(inner)) return SCALAR_DEFAULTS[inner.name] ?? "";
  if (isEnumType(inner)) return inner.getValues()[0]?.value ?? null;
  if (isAbstractType(inner)) return { [PLACEHOLDER]: true, __typename: schema.getPossibleTypes(inner)[0]?.name };
  return { [PLACEHOLDER]: true };
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function createFieldResolver(schema: GraphQLSchema, resolvers: ResolverMap): GraphQLFieldResolver<unknown, AdminContext> {
  return (source, args, ctx, info) => {
    const custom = resolvers[info.parentType.name]?.[info.fieldName];
    if (custom) return custom(source, args, ctx, info);
    // Only plain records answer by property name: a class instance (like ShopData) has methods
    // and internals that must not leak out as field values.
    if (isPlainRecord(source) && Object.prototype.hasOwnProperty.call(source, info.fieldName)) {
      const value = source[info.fieldName];
      if (value !== undefined) return value;
    }
    return emptyValue(schema, info.returnType);
  };
}

/** Concrete type of an interface/union value: its __typename, else the type its global id names. */
export function createTypeResolver(schema: GraphQLSchema): GraphQLTypeResolver<unknown, AdminContext> {
  return (value, _ctx, _info, abstractType) => {
    const record = value as { __typename?: string; id?: unknown } | null;
    const candidates = schema.getPossibleTypes(abstractType);
    if (record?.__typename && candidates.some((t) => t.name === record.__typename)) return record.__typename;
    const fromId = typeof record?.id === "string" ? parseGid(record.id)?.type : undefined;
    if (fromId && candidates.some((t) => t.name === fromId)) return fromId;
    return candidates.find((t) => isObjectType(t))?.name;
  };
}

// Checks request variables the way graphql-ruby does and reports them as Shopify does:
// "Variable $x of type T! was provided invalid value for a.0.b (explanation)" with
// extensions { code: INVALID_VARIABLE, value, problems: [{ path, explanation }] }.
import {
  GraphQLList,
  GraphQLNonNull,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { GID_PATTERN, type ShopifyGraphqlError } from "./shopify-errors";

interface Problem {
  path: (string | number)[];
  explanation: string;
  message?: string;
}

function inspect(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}

function checkScalar(typeName: string, value: unknown, path: (string | number)[], problems: Problem[]): void {
  const fail = () => problems.push({ path, explanation: `Could not coerce value ${inspect(value)} to ${typeName}` });
  switch (typeName) {
    case "String":
      if (typeof value !== "string") fail();
      return;
    case "Int":
      if (typeof value !== "number" || !Number.isInteger(value) || Math.abs(value) > 2 ** 31 - 1) fail();
      return;
    case "Float":
      if (typeof value !== "number" || !Number.isFinite(value)) fail();
      return;
    case "Boolean":
      if (typeof value !== "boolean") fail();
      return;
    case "ID": {
      const text = typeof value === "number" ? String(value) : value;
      if (typeof text !== "string") fail();
      else if (!GID_PATTERN.test(text)) problems.push({ path, explanation: `Invalid global id '${text}'`, message: `Invalid global id '${text}'` });
      return;
    }
    case "DateTime":
    case "Date":
      if (typeof value !== "string" || Number.isNaN(Date.parse(value))) fail();
      return;
    case "JSON":
      return;
    default:
      // Shopify's other custom scalars (URL, HTML, Money, Decimal, UnsignedInt64, …) arrive as strings or numbers.
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") fail();
  }
}

function check(type: GraphQLInputType, value: unknown, path: (string | number)[], problems: Problem[]): void {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) {
      problems.push({ path, explanation: "Expected value to not be null" });
      return;
    }
    check(type.ofType, value, path, problems);
    return;
  }
  if (value === null || value === undefined) return;
  if (isListType(type)) {
    if (Array.isArray(value)) value.forEach((item, i) => check(type.ofType, item, [...path, i], problems));
    else check(type.ofType, value, path, problems); // a single value is coerced to a one-item list
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== "object" || Array.isArray(value)) {
      problems.push({ path, explanation: `Expected ${inspect(value)} to be a key-value object.` });
      return;
    }
    const fields = type.getFields();
    const given = value as Record<string, unknown>;
    for (const key of Object.keys(given)) {
      if (!fields[key]) problems.push({ path: [...path, key], explanation: `Field is not defined on ${type.name}` });
    }
    for (const field of Object.values(fields)) {
      const fieldValue = given[field.name];
      if (fieldValue === undefined && field.defaultValue !== undefined) continue;
      check(field.type, fieldValue, [...path, field.name], problems);
    }
    return;
  }
  if (isEnumType(type)) {
    if (typeof value !== "string" || !type.getValue(value)) {
      problems.push({ path, explanation: `Expected ${inspect(value)} to be one of: ${type.getValues().map((v) => v.name).join(", ")}` });
    }
    return;
  }
  if (isScalarType(type)) checkScalar(type.name, value, path, problems);
}

function typeSignature(type: GraphQLInputType): string {
  if (type instanceof GraphQLNonNull) return `${typeSignature(type.ofType)}!`;
  if (type instanceof GraphQLList) return `[${typeSignature(type.ofType)}]`;
  return type.name;
}

/** Shopify-shaped INVALID_VARIABLE errors for the operation's variables; [] when they are fine. */
export function variableErrors(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>): ShopifyGraphqlError[] {
  const errors: ShopifyGraphqlError[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue;
    const provided = Object.prototype.hasOwnProperty.call(variables, name);
    if (!provided && definition.defaultValue) continue;
    const value = provided ? variables[name] : undefined;
    const problems: Problem[] = [];
    check(type, value, [], problems);
    if (problems.length === 0) continue;
    const detailed = problems.filter((p) => p.path.length > 0).map((p) => `${p.path.join(".")} (${p.explanation})`);
    const { line, column } = definition.loc?.startToken ?? { line: 1, column: 1 };
    errors.push({
      message: `Variable $${name} of type ${typeSignature(type)} was provided invalid value${detailed.length ? ` for ${detailed.join(", ")}` : ""}`,
      locations: [{ line, column }],
      extensions: { code: "INVALID_VARIABLE", value: value ?? null, problems },
    });
  }
  return errors;
}

/** Shopify refuses input arrays longer than 250 items before running anything. */
export function inputSizeErrors(args: { path: string[]; value: unknown; location?: { line: number; column: number } }[]): ShopifyGraphqlError[] {
  const errors: ShopifyGraphqlError[] = [];
  const walk = (value: unknown, path: string[], location?: { line: number; column: number }) => {
    if (Array.isArray(value)) {
      if (value.length > 250) {
        errors.push({
          message: `The input array size of ${value.length} is greater than the maximum allowed of 250.`,
          locations: location ? [location] : undefined,
          path,
          extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
        });
        return;
      }
      for (const item of value) walk(item, path, location);
    } else if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key], location);
    }
  };
  for (const arg of args) walk(arg.value, arg.path, arg.location);
  return errors;
}

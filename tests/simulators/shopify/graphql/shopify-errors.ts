// Shopify runs graphql-ruby: its parse and validation errors differ from graphql-js in wording,
// extension codes and `path`. These functions turn graphql-js findings into the errors Shopify
// answers (shapes captured from the live Admin API: undefinedField, selectionMismatch,
// missingRequiredArguments, argumentNotAccepted, argumentLiteralsIncompatible, PARSE_ERROR, …).
import {
  GraphQLError,
  Lexer,
  Source,
  TokenKind,
  TypeInfo,
  getNamedType,
  isEnumType,
  print,
  specifiedRules,
  validate,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type ObjectFieldNode,
  type OperationDefinitionNode,
  type ValidationRule,
  type VariableDefinitionNode,
  type ValidationContext,
  type ASTVisitor,
} from "graphql";

export interface ShopifyGraphqlError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

// ---- parse errors -----------------------------------------------------------------------------

const TOKEN_NAMES: Partial<Record<string, string>> = {
  [TokenKind.BRACE_L]: "LCURLY",
  [TokenKind.BRACE_R]: "RCURLY",
  [TokenKind.PAREN_L]: "LPAREN",
  [TokenKind.PAREN_R]: "RPAREN",
  [TokenKind.BRACKET_L]: "LBRACKET",
  [TokenKind.BRACKET_R]: "RBRACKET",
  [TokenKind.COLON]: "COLON",
  [TokenKind.BANG]: "BANG",
  [TokenKind.DOLLAR]: "VAR_SIGN",
  [TokenKind.SPREAD]: "ELLIPSIS",
  [TokenKind.EQUALS]: "EQUALS",
  [TokenKind.AT]: "DIR_SIGN",
  [TokenKind.PIPE]: "PIPE",
  [TokenKind.AMP]: "AMP",
  [TokenKind.NAME]: "IDENTIFIER",
  [TokenKind.INT]: "INT",
  [TokenKind.FLOAT]: "FLOAT",
  [TokenKind.STRING]: "STRING",
  [TokenKind.BLOCK_STRING]: "STRING",
};

/** The message graphql-ruby's parser gives, without the " at [line, col]" suffix, and where it points. */
export function describeParseError(source: string, error: GraphQLError): { message: string; line: number; column: number } {
  const at = error.locations?.[0] ?? { line: 1, column: 1 };
  const lexer = new Lexer(new Source(source));
  let previous: { line: number; column: number } | null = null;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (token.line > at.line || (token.line === at.line && token.column >= at.column)) {
        const name = TOKEN_NAMES[token.kind] ?? token.kind;
        const text = token.value ?? token.kind;
        return { message: `syntax error, unexpected ${name} ("${text}")`, line: token.line, column: token.column };
      }
      previous = { line: token.line, column: token.column };
    }
  } catch {
    // A lexing error (bad character, unterminated string) is reported where graphql-js found it.
    return { message: `syntax error, unexpected invalid token`, line: at.line, column: at.column };
  }
  // Unexpected end of file: graphql-ruby points at the last token it read.
  return { message: "syntax error, unexpected end of file", ...(previous ?? { line: 1, column: 1 }) };
}

export function parseErrorResponse(source: string, error: GraphQLError): ShopifyGraphqlError[] {
  if (!source.trim()) return [{ message: "No query string was present" }];
  const { message, line, column } = describeParseError(source, error);
  return [{ message: `${message} at [${line}, ${column}]`, locations: [{ line, column }], extensions: { code: "PARSE_ERROR" } }];
}

// ---- validation errors ------------------------------------------------------------------------

export const GID_PATTERN = /^gid:\/\/shopify\/[A-Za-z0-9]+\/[^\s]+$/;

/** Shopify's ID scalar only takes global ids; a literal that is not one fails validation. */
export function GlobalIdLiteralsRule(context: ValidationContext): ASTVisitor {
  return {
    StringValue(node) {
      const type = context.getInputType();
      if (!type || getNamedType(type).name !== "ID" || GID_PATTERN.test(node.value)) return;
      context.reportError(
        new GraphQLError(`Invalid global id '${node.value}'`, { nodes: [node], extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" } }),
      );
    },
  };
}

function nodeKind(node: unknown): node is ASTNode {
  return typeof node === "object" && node !== null && "kind" in node;
}

/** Position of a value inside a list literal: graphql-ruby puts the index in the path. */
const listIndexes = new WeakMap<ASTNode, number>();

/** Every node's nearest AST-node ancestor, for building graphql-ruby style paths. */
function parentMap(document: DocumentNode): Map<ASTNode, ASTNode> {
  const parents = new Map<ASTNode, ASTNode>();
  visit(document, {
    enter(node, key, parent, _path, ancestors) {
      const owner = ancestors[ancestors.length - 1];
      if (typeof key === "number" && Array.isArray(parent) && nodeKind(owner) && owner.kind === "ListValue") listIndexes.set(node, key);
      // `ancestors` excludes the immediate parent, which may be a list of nodes.
      const chain = [...ancestors, parent];
      for (let i = chain.length - 1; i >= 0; i--) {
        const candidate = chain[i];
        if (nodeKind(candidate)) {
          parents.set(node, candidate);
          break;
        }
      }
    },
  });
  return parents;
}

export function operationLabel(operation: OperationDefinitionNode): string {
  return operation.name ? `${operation.operation} ${operation.name.value}` : operation.operation;
}

function pathOf(node: ASTNode, parents: Map<ASTNode, ASTNode>): (string | number)[] {
  const path: (string | number)[] = [];
  for (let current: ASTNode | undefined = node; current; current = parents.get(current)) {
    const index = listIndexes.get(current);
    if (index !== undefined) path.push(index);
    switch (current.kind) {
      case "Field":
        path.push(current.alias?.value ?? current.name.value);
        break;
      case "InlineFragment":
        path.push(current.typeCondition ? `... on ${current.typeCondition.name.value}` : "...");
        break;
      case "FragmentSpread":
        path.push(`... ${current.name.value}`);
        break;
      case "Argument":
      case "ObjectField":
        path.push(current.name.value);
        break;
      case "OperationDefinition":
        path.push(operationLabel(current));
        break;
      case "FragmentDefinition":
        path.push(`fragment ${current.name.value}`);
        break;
      default:
        break;
    }
  }
  return path.reverse();
}

function enclosing<T extends ASTNode>(node: ASTNode, parents: Map<ASTNode, ASTNode>, kinds: string[]): T | undefined {
  for (let current = parents.get(node); current; current = parents.get(current)) {
    if (kinds.includes(current.kind)) return current as T;
  }
  return undefined;
}

function loc(node: ASTNode | undefined): { line: number; column: number }[] | undefined {
  if (!node?.loc) return undefined;
  const { line, column } = node.loc.startToken;
  return [{ line, column }];
}

interface Context {
  schema: GraphQLSchema;
  document: DocumentNode;
  parents: Map<ASTNode, ASTNode>;
  argumentInfo: Map<ArgumentNode, { owner: string; ownerKind: "Field" | "Directive"; type: string }>;
  objectFieldInfo: Map<ObjectFieldNode, { inputObject: string; type: string }>;
}

function typeInfoMaps(schema: GraphQLSchema, document: DocumentNode): Pick<Context, "argumentInfo" | "objectFieldInfo"> {
  const argumentInfo: Context["argumentInfo"] = new Map();
  const objectFieldInfo: Context["objectFieldInfo"] = new Map();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const directive = typeInfo.getDirective();
        const field = typeInfo.getFieldDef();
        argumentInfo.set(node, {
          owner: directive ? directive.name : (field?.name ?? "?"),
          ownerKind: directive ? "Directive" : "Field",
          type: String(typeInfo.getInputType() ?? ""),
        });
      },
      ObjectField(node) {
        const parent = typeInfo.getParentInputType();
        objectFieldInfo.set(node, { inputObject: parent ? getNamedType(parent).name : "?", type: String(typeInfo.getInputType() ?? "") });
      },
    }),
  );
  return { argumentInfo, objectFieldInfo };
}

type Converter = (error: GraphQLError, ctx: Context) => ShopifyGraphqlError[] | null;

const q = (text: string) => text.replace(/"/g, "'");

function fieldError(node: ASTNode, ctx: Context, message: string, extensions: Record<string, unknown>): ShopifyGraphqlError {
  return { message, locations: loc(node), path: pathOf(node, ctx.parents), extensions };
}

/** graphql-ruby points argument-value errors at the field that takes the argument. */
function argumentError(holder: ASTNode, ctx: Context, message: string, extensions: Record<string, unknown>): ShopifyGraphqlError {
  const owner = enclosing<ASTNode>(holder, ctx.parents, ["Field", "Directive"]);
  return { message, locations: loc(owner ?? holder), path: pathOf(holder, ctx.parents), extensions };
}

const CONVERTERS: Record<string, Converter> = {
  FieldsOnCorrectTypeRule(error, ctx) {
    const m = /Cannot query field "(.+?)" on type "(.+?)"/.exec(error.message);
    const node = error.nodes?.[0];
    if (!m || !node) return null;
    return [fieldError(node, ctx, `Field '${m[1]}' doesn't exist on type '${m[2]}'`, { code: "undefinedField", typeName: m[2], fieldName: m[1] })];
  },
  ScalarLeafsRule(error, ctx) {
    const node = error.nodes?.[0] as FieldNode | undefined;
    if (!node) return null;
    const leaf = /Field "(.+?)" must not have a selection since type "(.+?)" has no subfields/.exec(error.message);
    if (leaf) {
      const typeName = leaf[2].replace(/[[\]!]/g, "");
      const type = ctx.schema.getType(typeName);
      const kind = type && isEnumType(type) ? "enums" : "scalars";
      const selected = (node.selectionSet?.selections ?? []).map((s) => (s.kind === "Field" ? s.name.value : s.kind === "FragmentSpread" ? s.name.value : "..."));
      return [
        fieldError(node, ctx, `Selections can't be made on ${kind} (field '${leaf[1]}' returns ${typeName} but has selections [${selected.join(", ")}])`, {
          code: "selectionMismatch",
          nodeName: `field '${leaf[1]}'`,
          typeName,
        }),
      ];
    }
    const composite = /Field "(.+?)" of type "(.+?)" must have a selection of subfields/.exec(error.message);
    if (composite) {
      const typeName = composite[2].replace(/[[\]!]/g, "");
      return [
        fieldError(node, ctx, `Field must have selections (field '${composite[1]}' returns ${typeName} but has no selections. Did you mean '${composite[1]} { ... }'?)`, {
          code: "selectionMismatch",
          nodeName: `field '${composite[1]}'`,
          typeName,
        }),
      ];
    }
    return null;
  },
  KnownArgumentNamesRule(error, ctx) {
    const node = error.nodes?.[0];
    const field = /Unknown argument "(.+?)" on field "(?:.+?)\.(.+?)"/.exec(error.message);
    if (field && node) {
      return [fieldError(node, ctx, `Field '${field[2]}' doesn't accept argument '${field[1]}'`, { code: "argumentNotAccepted", name: field[2], typeName: "Field", argumentName: field[1] })];
    }
    const directive = /Unknown argument "(.+?)" on directive "@(.+?)"/.exec(error.message);
    if (directive && node) {
      return [
        fieldError(node, ctx, `Directive '${directive[2]}' doesn't accept argument '${directive[1]}'`, {
          code: "argumentNotAccepted",
          name: directive[2],
          typeName: "Directive",
          argumentName: directive[1],
        }),
      ];
    }
    return null;
  },
  ValuesOfCorrectTypeRule(error, ctx) {
    const node = error.nodes?.[0];
    if (!node) return null;
    const missing = /Field "(.+?)\.(.+?)" of required type "(.+?)" was not provided/.exec(error.message);
    if (missing) {
      return [
        {
          message: `Argument '${missing[2]}' on InputObject '${missing[1]}' is required. Expected type ${missing[3]}`,
          locations: loc(node),
          path: [...pathOf(node, ctx.parents), missing[2]],
          extensions: { code: "missingRequiredInputObjectAttribute", argumentName: missing[2], argumentType: missing[3], inputObjectType: missing[1] },
        },
      ];
    }
    const unknown = /Field "(.+?)" is not defined by type "(.+?)"/.exec(error.message);
    if (unknown) {
      return [
        fieldError(node, ctx, `InputObject '${unknown[2]}' doesn't accept argument '${unknown[1]}'`, {
          code: "argumentNotAccepted",
          name: unknown[2],
          typeName: "InputObject",
          argumentName: unknown[1],
        }),
      ];
    }
    const objectField = node.kind === "ObjectField" ? node : enclosing<ObjectFieldNode>(node, ctx.parents, ["ObjectField"]);
    const argument = node.kind === "Argument" ? node : enclosing<ArgumentNode>(node, ctx.parents, ["Argument"]);
    if (objectField && ctx.objectFieldInfo.has(objectField)) {
      const info = ctx.objectFieldInfo.get(objectField)!;
      // graphql-ruby points at the input object literal that holds the field.
      return [
        {
          message: `Argument '${objectField.name.value}' on InputObject '${info.inputObject}' has an invalid value (${print(objectField.value)}). Expected type '${info.type}'.`,
          locations: loc(ctx.parents.get(objectField) ?? objectField),
          path: pathOf(objectField, ctx.parents),
          extensions: { code: "argumentLiteralsIncompatible", typeName: "InputObject", argumentName: objectField.name.value },
        },
      ];
    }
    if (argument && ctx.argumentInfo.has(argument)) {
      const info = ctx.argumentInfo.get(argument)!;
      return [
        argumentError(argument, ctx, `Argument '${argument.name.value}' on ${info.ownerKind} '${info.owner}' has an invalid value (${print(argument.value)}). Expected type '${info.type}'.`, {
          code: "argumentLiteralsIncompatible",
          typeName: info.ownerKind,
          argumentName: argument.name.value,
        }),
      ];
    }
    return null;
  },
  NoUndefinedVariablesRule(error, ctx) {
    const m = /Variable "\$(.+?)" is not defined(?: by operation "(.+?)")?/.exec(error.message);
    const node = error.nodes?.[0];
    if (!m || !node) return null;
    return [fieldError(node, ctx, `Variable $${m[1]} is used by ${m[2] ?? "anonymous query"} but not declared`, { code: "variableNotDefined", variableName: m[1] })];
  },
  NoUnusedVariablesRule(error, ctx) {
    const m = /Variable "\$(.+?)" is never used(?: in operation "(.+?)")?/.exec(error.message);
    const node = error.nodes?.[0];
    if (!m || !node) return null;
    const operation = enclosing<OperationDefinitionNode>(node, ctx.parents, ["OperationDefinition"]);
    return [
      {
        message: `Variable $${m[1]} is declared by ${m[2] ?? "anonymous query"} but not used`,
        locations: loc(operation ?? node),
        path: operation ? [operationLabel(operation)] : [],
        extensions: { code: "variableNotUsed", variableName: m[1] },
      },
    ];
  },
  VariablesInAllowedPositionRule(error, ctx) {
    const m = /Variable "\$(.+?)" of type "(.+?)" used in position expecting type "(.+?)"/.exec(error.message);
    const usage = error.nodes?.[1] ?? error.nodes?.[0];
    if (!m || !usage) return null;
    const holder = enclosing<ArgumentNode | ObjectFieldNode>(usage, ctx.parents, ["ObjectField", "Argument"]);
    const argumentName = holder ? holder.name.value : m[1];
    return [
      fieldError(usage, ctx, `Type mismatch on variable $${m[1]} and argument ${argumentName} (${m[2]} / ${m[3]})`, {
        code: "variableMismatch",
        variableName: m[1],
        typeName: m[2],
        argumentName,
        errorMessage: "Type mismatch",
      }),
    ];
  },
  KnownTypeNamesRule(error, ctx) {
    const m = /Unknown type "(.+?)"/.exec(error.message);
    const node = error.nodes?.[0];
    if (!m || !node) return null;
    const definition = enclosing<VariableDefinitionNode>(node, ctx.parents, ["VariableDefinition"]);
    if (definition) {
      return [
        {
          message: `${m[1]} isn't a defined input type (on $${definition.variable.name.value})`,
          locations: loc(definition),
          path: pathOf(definition, ctx.parents),
          extensions: { code: "variableRequiresValidType", typeName: m[1], variableName: definition.variable.name.value },
        },
      ];
    }
    const fragment = enclosing<ASTNode>(node, ctx.parents, ["InlineFragment", "FragmentDefinition"]);
    return [fieldError(fragment ?? node, ctx, `No such type ${m[1]}, so it can't be a fragment condition`, { code: "undefinedType", typeName: m[1] })];
  },
  VariablesAreInputTypesRule(error, ctx) {
    const m = /Variable "\$(.+?)" cannot be non-input type "(.+?)"/.exec(error.message);
    const node = error.nodes?.[0];
    if (!m || !node) return null;
    return [fieldError(node, ctx, `${m[2]} isn't a valid input type (on $${m[1]})`, { code: "variableRequiresValidType", typeName: m[2], variableName: m[1] })];
  },
  KnownFragmentNamesRule(error, ctx) {
    const m = /Unknown fragment "(.+?)"/.exec(error.message);
    const node = error.nodes?.[0];
    if (!m || !node) return null;
    return [fieldError(node, ctx, `Fragment ${m[1]} was used, but not defined`, { code: "useAndDefineFragment", fragmentName: m[1] })];
  },
  NoUnusedFragmentsRule(error, ctx) {
    const m = /Fragment "(.+?)" is never used/.exec(error.message);
    const node = error.nodes?.[0];
    if (!m || !node) return null;
    return [fieldError(node, ctx, `Fragment ${m[1]} was defined, but not used`, { code: "useAndDefineFragment", fragmentName: m[1] })];
  },
};

/** A generic translation for rules Shopify users rarely hit: graphql-ruby-ish quoting and a code from the rule name. */
function fallback(rule: string, error: GraphQLError, ctx: Context): ShopifyGraphqlError {
  const node = error.nodes?.[0];
  const code = rule.replace(/Rule$/, "").replace(/^./, (c) => c.toLowerCase());
  return { message: q(error.message).replace(/\.$/, ""), locations: error.locations ? [...error.locations] : loc(node), path: node ? pathOf(node, ctx.parents) : undefined, extensions: { code } };
}

/**
 * Validates like graphql-js, reports like Shopify. Returns [] for a valid document. Each rule runs
 * separately only when the document is invalid, so a valid request pays for one validation.
 */
export function shopifyValidationErrors(schema: GraphQLSchema, document: DocumentNode, extraRules: readonly ValidationRule[] = []): ShopifyGraphqlError[] {
  const all = [...specifiedRules, ...extraRules];
  if (validate(schema, document, all).length === 0) return [];
  const ctx: Context = { schema, document, parents: parentMap(document), ...typeInfoMaps(schema, document) };
  const out: ShopifyGraphqlError[] = [];
  const missingArguments = new Map<ASTNode, { kind: string; owner: string; names: string[] }>();
  for (const rule of all) {
    for (const error of validate(schema, document, [rule])) {
      const name = rule.name || "CustomRule";
      if (name === "ProvidedRequiredArgumentsRule") {
        // graphql-ruby reports all missing arguments of one field in a single error.
        const field = /(Field|Directive) "@?(.+?)" argument "(.+?)" of type/.exec(error.message);
        const node = error.nodes?.[0];
        if (field && node) {
          const entry = missingArguments.get(node) ?? { kind: field[1], owner: field[2], names: [] };
          entry.names.push(field[3]);
          missingArguments.set(node, entry);
          continue;
        }
      }
      if (error.extensions?.code) {
        const node = error.nodes?.[0];
        out.push(node ? argumentError(node, ctx, error.message, { ...error.extensions }) : { message: error.message, extensions: { ...error.extensions } });
        continue;
      }
      out.push(...(CONVERTERS[name]?.(error, ctx) ?? [fallback(name, error, ctx)]));
    }
  }
  for (const [node, entry] of missingArguments) {
    out.push(
      fieldError(node, ctx, `${entry.kind} '${entry.owner}' is missing required arguments: ${entry.names.join(", ")}`, {
        code: "missingRequiredArguments",
        className: entry.kind,
        name: entry.owner,
        arguments: entry.names.join(", "),
      }),
    );
  }
  out.sort((a, b) => (a.locations?.[0]?.line ?? 0) - (b.locations?.[0]?.line ?? 0) || (a.locations?.[0]?.column ?? 0) - (b.locations?.[0]?.column ?? 0));
  return out;
}


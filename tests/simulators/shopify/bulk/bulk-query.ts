// bulkOperationRunQuery: the documented limits checked with the messages the live API gives
// (≤ 5 connections, nesting ≤ 2, edges > node only, parent `id` for nested connections, no
// top-level node/nodes, no connection inside a list), then the run itself: the root connection
// is paged through with the regular resolvers and every node becomes one JSONL line, children
// on their own lines after their parent with `__parentId`.
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  parse,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLError,
  type GraphQLField,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { AdminContext, BulkQueryWindow } from "../graphql/context";
import type { AdminGraphqlExecutor, PreparedOperation } from "../graphql/executor";
import { collectFields, isConnectionTypeName, mergedSelectionSet, possibleRuntimeTypes, type SelectionScope } from "../graphql/selections";
import { describeParseError } from "../graphql/shopify-errors";
import type { JsonlResultFile } from "./jsonl-file";

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

const invalid = (message: string): BulkUserError => ({ field: ["query"], message, code: "INVALID" });

interface Analysis {
  connections: number;
  maxDepth: number;
  nodesSelections: string[];
  missingParentId: string[];
  connectionInList: boolean;
}

function isConnection(type: unknown): type is GraphQLObjectType {
  return isObjectType(type) && isConnectionTypeName(type.name) && Boolean(type.getFields().edges);
}

/** The fields selected on `type`; for an interface, the union over its possible types. */
function selectedFields(scope: SelectionScope, type: GraphQLCompositeType, selectionSet: SelectionSetNode): Map<string, { def: GraphQLField<unknown, unknown>; nodes: FieldNode[] }> {
  const fields = new Map<string, { def: GraphQLField<unknown, unknown>; nodes: FieldNode[] }>();
  for (const runtime of possibleRuntimeTypes(scope.schema, type)) {
    for (const [key, nodes] of collectFields(scope, runtime, selectionSet)) {
      const def = runtime.getFields()[nodes[0].name.value];
      if (def && !fields.has(key)) fields.set(key, { def, nodes });
    }
  }
  return fields;
}

function walk(scope: SelectionScope, type: GraphQLCompositeType, selectionSet: SelectionSetNode, depth: number, inList: boolean, parentConnection: string | null, analysis: Analysis): void {
  const fields = selectedFields(scope, type, selectionSet);
  for (const [, { def, nodes }] of fields) {
    const named = getNamedType(def.type);
    const selection = mergedSelectionSet(nodes);
    if (!selection || !isCompositeType(named)) continue;
    if (!isConnection(named)) {
      walk(scope, named, selection, depth, inList || isListType(getNullableType(def.type)), parentConnection, analysis);
      continue;
    }
    analysis.connections++;
    if (inList) analysis.connectionInList = true;
    const connectionDepth = depth + 1;
    analysis.maxDepth = Math.max(analysis.maxDepth, connectionDepth);
    if (parentConnection !== null) {
      const id = fields.get("id");
      const hasId = Boolean(id && id.def.name === "id" && !id.nodes[0].alias && getNamedType(id.def.type).name === "ID");
      if (!hasId && !analysis.missingParentId.includes(parentConnection)) analysis.missingParentId.push(parentConnection);
    }
    const connectionFields = collectFields(scope, named, selection);
    if (connectionFields.has("nodes")) analysis.nodesSelections.push(def.name);
    const edges = connectionFields.get("edges");
    const edgeSelection = edges && mergedSelectionSet(edges);
    if (!edgeSelection) continue;
    const edgeType = getNamedType(named.getFields().edges.type) as GraphQLObjectType;
    for (const [, nodeNodes] of collectFields(scope, edgeType, edgeSelection)) {
      if (nodeNodes[0].name.value !== "node") continue;
      const nodeType = getNamedType(edgeType.getFields().node.type);
      const nodeSelection = mergedSelectionSet(nodeNodes);
      if (nodeSelection && isCompositeType(nodeType)) walk(scope, nodeType, nodeSelection, connectionDepth, inList, def.name, analysis);
    }
  }
}

/** Returns the user errors Shopify would give for this bulk query text, or the parsed document. */
export function checkBulkQuery(executor: AdminGraphqlExecutor, text: string): { errors: BulkUserError[]; prepared?: PreparedOperation } {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch (error) {
    return { errors: [invalid(`Invalid bulk query: ${describeParseError(text, error as GraphQLError).message}`)] };
  }
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  if (operation && operation.operation !== "query") return { errors: [invalid("Invalid operation type. Only `query` operations are supported.")] };
  const preparation = executor.prepare({ query: text });
  if (!preparation.ok) return { errors: preparation.errors.map((e) => invalid(`Invalid bulk query: ${e.message}`)) };
  const { prepared } = preparation;
  const errors: BulkUserError[] = [];
  for (const root of ["node", "nodes"]) {
    if (prepared.rootFields.includes(root)) errors.push(invalid(`Bulk queries cannot contain a top level \`${root}\` field.`));
  }
  const analysis: Analysis = { connections: 0, maxDepth: 0, nodesSelections: [], missingParentId: [], connectionInList: false };
  walk(prepared.scope, executor.schema.getQueryType()!, prepared.operation.selectionSet, 0, false, null, analysis);
  if (analysis.nodesSelections.length > 0) {
    const first = analysis.nodesSelections[0];
    errors.push(
      invalid(
        `All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: '${first} { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: ${analysis.nodesSelections.map((n) => `'${n}'`).join(", ")}.`,
      ),
    );
  }
  if (analysis.connections === 0) errors.push(invalid("Bulk queries must contain at least one connection."));
  else if (analysis.connections > 5) errors.push(invalid("Bulk queries cannot contain more than 5 connections."));
  if (analysis.maxDepth > 2) errors.push(invalid("Bulk queries cannot contain connections with a nesting depth greater than 2."));
  if (analysis.missingParentId.length > 0 && analysis.maxDepth <= 2) {
    errors.push(
      invalid(
        `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': ${analysis.missingParentId.join(", ")}.`,
      ),
    );
  }
  if (analysis.connectionInList) errors.push(invalid("Queries that contain a connection field within a list field are not currently supported."));
  return errors.length > 0 ? { errors } : { errors: [], prepared };
}

// ---- running -------------------------------------------------------------------------------------

function isConnectionValue(value: unknown): value is { edges: { node: Record<string, unknown> }[] } {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return Array.isArray((value as { edges?: unknown }).edges) && keys.every((k) => k === "edges" || k === "pageInfo");
}

async function emit(file: JsonlResultFile, node: Record<string, unknown>, parentId: string | null): Promise<void> {
  const line: Record<string, unknown> = {};
  const children: { edges: { node: Record<string, unknown> }[] }[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (isConnectionValue(value)) children.push(value);
    else line[key] = value;
  }
  if (parentId !== null) line.__parentId = parentId;
  await file.write(line, parentId === null);
  for (const connection of children) {
    for (const edge of connection.edges) if (edge?.node) await emit(file, edge.node, String(node.id));
  }
}

/** One root field's operation: bulk queries page each root connection on its own. */
function singleRoot(prepared: PreparedOperation, field: FieldNode): PreparedOperation {
  const operation: OperationDefinitionNode = { ...prepared.operation, selectionSet: { ...prepared.operation.selectionSet, selections: [field] } };
  const document: DocumentNode = { ...prepared.document, definitions: prepared.document.definitions.map((d) => (d === prepared.operation ? operation : d)) };
  return { ...prepared, document, operation };
}

export interface BulkRunControl {
  /** A fresh context for the shop; the runner adds the bulk window. */
  context: () => AdminContext;
  stopRequested: () => boolean;
  pageSize?: number;
}

/** Writes the query's result to `file`; returns false when stopped (cancel) before the end. */
export async function runBulkQuery(executor: AdminGraphqlExecutor, prepared: PreparedOperation, file: JsonlResultFile, control: BulkRunControl): Promise<boolean> {
  const pageSize = control.pageSize ?? 250;
  const queryType = executor.schema.getQueryType()!;
  for (const [key, nodes] of collectFields(prepared.scope, queryType, prepared.operation.selectionSet)) {
    const def = queryType.getFields()[nodes[0].name.value];
    if (!def || !isConnection(getNamedType(def.type))) continue;
    const rootOnly = singleRoot(prepared, nodes[0]);
    const window: BulkQueryWindow = { offset: 0, limit: pageSize };
    for (;;) {
      if (control.stopRequested()) return false;
      const result = await executor.execute(rootOnly, { ...control.context(), bulkQuery: window });
      if (result.errors?.length) throw result.errors[0];
      const connection = (result.data as Record<string, unknown> | null)?.[key];
      const edges = isConnectionValue(connection) ? connection.edges : [];
      for (const edge of edges) if (edge?.node) await emit(file, edge.node, null);
      window.offset += pageSize;
      if (edges.length < pageSize) break;
      await yieldToEventLoop(); // keep the server answering polls while a large export runs
    }
  }
  return true;
}

// Shopify's calculated query cost. Documented rules: scalars and enums 0, objects 1, connections
// 2 + page size × node cost, interfaces/unions the maximum over their possible selections,
// mutations 10. Observed on the live API (and reproduced here): a list of objects costs like one
// object; the objects a mutation payload returns directly are free (only what they nest costs);
// the actual cost counts what was returned instead of what was asked for.
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { collectFields, isConnectionTypeName, mergedSelectionSet, possibleRuntimeTypes, type SelectionScope } from "./selections";

export const MAX_QUERY_COST = 1000;
const MUTATION_COST = 10;

/** Field costs that differ from the defaults, measured against the live API. */
const FIELD_COST_OVERRIDES: Record<string, number> = {};

/** Types whose own cost differs from an object's 1 (measured: counts cost 10, embedded values 0). */
export const TYPE_COSTS: Record<string, number> = {
  Count: 10,
  MoneyV2: 0,
  MoneyBag: 0,
  MailingAddress: 0,
  ShopAddress: 0,
  CustomerEmailMarketingConsentState: 0,
  CustomerSmsMarketingConsentState: 0,
};

type Data = unknown;
const REQUESTED = Symbol("requested");
type Mode = typeof REQUESTED | "actual";

function child(data: Data, key: string): Data {
  return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>)[key] : undefined;
}

function hasFragments(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.some((s) => s.kind !== "Field");
}

function selectionCost(scope: SelectionScope, type: GraphQLCompositeType, selectionSet: SelectionSetNode, mode: Mode, data: Data): number {
  let runtimes: readonly GraphQLObjectType[];
  if (!isAbstractType(type)) runtimes = [type as GraphQLObjectType];
  else {
    const typename = child(data, "__typename");
    const concrete = typeof typename === "string" ? scope.schema.getType(typename) : undefined;
    runtimes = concrete && isObjectType(concrete) ? [concrete] : hasFragments(selectionSet) ? possibleRuntimeTypes(scope.schema, type) : [];
  }
  if (runtimes.length === 0) {
    // An abstract type selected only through its own fields: every possible type costs the same.
    // (A union has no fields of its own: only __typename, which is free.)
    if (!isInterfaceType(type)) return 0;
    return fieldsCost(scope, type as unknown as GraphQLObjectType, collectFields(scope, type as unknown as GraphQLObjectType, selectionSet), mode, data);
  }
  let best = 0;
  for (const runtime of runtimes) best = Math.max(best, fieldsCost(scope, runtime, collectFields(scope, runtime, selectionSet), mode, data));
  return best;
}

function fieldsCost(scope: SelectionScope, type: GraphQLObjectType, fields: Map<string, FieldNode[]>, mode: Mode, data: Data): number {
  let sum = 0;
  const defs = type.getFields();
  for (const [key, nodes] of fields) {
    const def = defs[nodes[0].name.value];
    if (!def) continue;
    sum += fieldCost(scope, type, def, nodes, mode, mode === REQUESTED ? undefined : child(data, key));
  }
  return sum;
}

/**
 * Requested: the cost of one node. Actual: the summed cost of the nodes returned. Selecting both
 * `nodes` and `edges { node }` pays for both (as the live API does).
 */
function connectionNodesCost(scope: SelectionScope, connection: GraphQLObjectType, selectionSet: SelectionSetNode, mode: Mode, data: Data): number {
  const fields = collectFields(scope, connection, selectionSet);
  const nodeType = getNamedType(connection.getFields().edges.type) as GraphQLObjectType;
  let total = 0;
  for (const [key, nodes] of fields) {
    const name = nodes[0].name.value;
    const items = mode === REQUESTED ? [undefined] : ((child(data, key) as Data[] | null | undefined) ?? []);
    if (name === "nodes") {
      const type = getNamedType(connection.getFields().nodes.type);
      const sel = mergedSelectionSet(nodes);
      if (!sel || !isCompositeType(type)) continue;
      for (const item of items) total += 1 + selectionCost(scope, type, sel, mode, item);
    } else if (name === "edges") {
      const edgeSel = mergedSelectionSet(nodes);
      if (!edgeSel) continue;
      for (const [nodeKey, edgeNodes] of collectFields(scope, nodeType, edgeSel)) {
        if (edgeNodes[0].name.value !== "node") continue;
        const type = getNamedType(nodeType.getFields().node.type);
        const sel = mergedSelectionSet(edgeNodes);
        if (!sel || !isCompositeType(type)) continue;
        for (const edge of items) total += 1 + selectionCost(scope, type, sel, mode, mode === REQUESTED ? undefined : child(edge, nodeKey));
      }
    }
  }
  return total;
}

function fieldCost(scope: SelectionScope, parent: GraphQLObjectType, def: GraphQLField<unknown, unknown>, nodes: FieldNode[], mode: Mode, data: Data): number {
  const override = FIELD_COST_OVERRIDES[`${parent.name}.${def.name}`];
  const named = getNamedType(def.type);
  if (isLeafType(named) || def.name.startsWith("__")) return override ?? 0;
  const selectionSet = mergedSelectionSet(nodes);
  if (!selectionSet || !isCompositeType(named)) return override ?? 0;
  if (mode !== REQUESTED && data === undefined) return 0; // not executed (parent was null)
  if (isObjectType(named) && isConnectionTypeName(named.name) && named.getFields().edges) {
    if (mode === REQUESTED) {
      const args = safeArgs(def, nodes[0], scope.variables);
      const size = Number(args.first ?? args.last ?? 0) || 0;
      return (override ?? 2) + pageSizeFactor(size) * connectionNodesCost(scope, named, selectionSet, mode, undefined);
    }
    // Observed: an empty (or failed) page costs what was requested; a fuller page costs its share of it.
    const args = safeArgs(def, nodes[0], scope.variables);
    const size = Number(args.first ?? args.last ?? 0) || 0;
    const returned = data === null ? 0 : connectionNodesCost(scope, named, selectionSet, mode, data);
    if (returned === 0) return (override ?? 2) + pageSizeFactor(size) * connectionNodesCost(scope, named, selectionSet, REQUESTED, undefined);
    return (override ?? 2) + (size > 0 ? Math.round((pageSizeFactor(size) * returned) / size) : returned);
  }
  const own = override ?? TYPE_COSTS[named.name] ?? 1;
  if (mode !== REQUESTED && data === null) return own;
  if (isListType(getNullableType(def.type))) {
    if (mode === REQUESTED) return own + selectionCost(scope, named, selectionSet, mode, undefined);
    const items = Array.isArray(data) ? data.filter((item) => item !== null) : [];
    return own + items.reduce<number>((best, item) => Math.max(best, selectionCost(scope, named, selectionSet, mode, item)), 0);
  }
  return own + selectionCost(scope, named, selectionSet, mode, data);
}

/**
 * How a page size scales the node cost. Not the page size itself: fitted to hundreds of costs the
 * live API reported (first: 1 → 1, 5 → 3, 10 → 4, 50 → 7, 100 → 9, 250 → 11), i.e. ⌊2·ln n⌋, at least 1.
 */
export function pageSizeFactor(size: number): number {
  if (size <= 0) return 0;
  return Math.max(1, Math.floor(2 * Math.log(size)));
}

function safeArgs(def: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  try {
    return getArgumentValues(def, node, variables);
  } catch {
    return {};
  }
}

function operationCost(scope: SelectionScope, operation: OperationDefinitionNode, mode: Mode, data: Data): number {
  const rootType = scope.schema.getRootType(operation.operation);
  if (!rootType) return 0;
  const fields = collectFields(scope, rootType, operation.selectionSet);
  if (operation.operation !== "mutation") return fieldsCost(scope, rootType, fields, mode, data);
  let sum = 0;
  for (const [key, nodes] of fields) {
    const def = rootType.getFields()[nodes[0].name.value];
    if (!def || def.name.startsWith("__")) continue;
    sum += MUTATION_COST;
    const payload = getNamedType(def.type);
    const selectionSet = mergedSelectionSet(nodes);
    if (!selectionSet || !isObjectType(payload)) continue;
    const payloadData = mode === REQUESTED ? undefined : child(data, key);
    if (mode !== REQUESTED && !payloadData) continue;
    // What the payload returns directly is free; what those objects nest costs as usual.
    for (const [payloadKey, payloadNodes] of collectFields(scope, payload, selectionSet)) {
      const field = payload.getFields()[payloadNodes[0].name.value];
      if (!field || isLeafType(getNamedType(field.type)) || field.name === "userErrors") continue;
      const value = mode === REQUESTED ? undefined : child(payloadData, payloadKey);
      const cost = fieldCost(scope, payload, field, payloadNodes, mode, value);
      const named = getNamedType(field.type);
      const isConnection = isObjectType(named) && isConnectionTypeName(named.name);
      sum += Math.max(0, cost - (isConnection || (mode !== REQUESTED && value === undefined) ? 0 : 1));
    }
  }
  return sum;
}

// Every request costs at least 1 point, even `{ __typename }`.
export function requestedQueryCost(scope: SelectionScope, operation: OperationDefinitionNode): number {
  return Math.max(1, operationCost(scope, operation, REQUESTED, undefined));
}

export function actualQueryCost(scope: SelectionScope, operation: OperationDefinitionNode, data: Data): number {
  return Math.max(1, operationCost(scope, operation, "actual", data ?? null));
}

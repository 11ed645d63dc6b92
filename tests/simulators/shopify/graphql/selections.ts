// Walking a selection set the way execution does: fragments expanded, @skip/@include honoured,
// fields grouped by response key. Shared by cost calculation and bulk query analysis.
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getDirectiveValues,
  isAbstractType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";

export interface SelectionScope {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function included(scope: SelectionScope, node: FieldNode | SelectionSetNode["selections"][number]): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, scope.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, scope.variables);
  return include?.if !== false;
}

function conditionApplies(scope: SelectionScope, condition: string | undefined, runtime: GraphQLObjectType): boolean {
  if (!condition || condition === runtime.name) return true;
  const type = scope.schema.getType(condition);
  return Boolean(type && isAbstractType(type) && scope.schema.isSubType(type, runtime));
}

/** Fields selected on an object of type `runtime`, grouped by response key, in document order. */
export function collectFields(scope: SelectionScope, runtime: GraphQLObjectType, selectionSet: SelectionSetNode, into = new Map<string, FieldNode[]>(), visited = new Set<string>()): Map<string, FieldNode[]> {
  for (const selection of selectionSet.selections) {
    if (!included(scope, selection)) continue;
    if (selection.kind === "Field") {
      const key = selection.alias?.value ?? selection.name.value;
      const list = into.get(key);
      if (list) list.push(selection);
      else into.set(key, [selection]);
    } else if (selection.kind === "InlineFragment") {
      if (conditionApplies(scope, selection.typeCondition?.name.value, runtime)) collectFields(scope, runtime, selection.selectionSet, into, visited);
    } else {
      const name = selection.name.value;
      const fragment = scope.fragments[name];
      if (!fragment || visited.has(name)) continue;
      visited.add(name);
      if (conditionApplies(scope, fragment.typeCondition.name.value, runtime)) collectFields(scope, runtime, fragment.selectionSet, into, visited);
    }
  }
  return into;
}

/** The concrete types a value of `type` may have. */
export function possibleRuntimeTypes(schema: GraphQLSchema, type: GraphQLCompositeType): readonly GraphQLObjectType[] {
  return isAbstractType(type) ? schema.getPossibleTypes(type) : [type as GraphQLObjectType];
}

/** Merges the sub-selections of several field nodes that share a response key. */
export function mergedSelectionSet(nodes: readonly FieldNode[]): SelectionSetNode | undefined {
  const sets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => Boolean(s));
  if (sets.length <= 1) return sets[0];
  return { kind: "SelectionSet" as SelectionSetNode["kind"], selections: sets.flatMap((s) => s.selections) };
}

export function isConnectionTypeName(name: string): boolean {
  return name.endsWith("Connection");
}

// Runs one Admin GraphQL request the way Shopify does: parse → validate → check variables and
// input sizes → cost (MAX_COST_EXCEEDED) → leaky bucket (THROTTLED) → execute → refund the
// difference between requested and actual cost. Every step answers in Shopify's error shapes.
import { randomUUID } from "node:crypto";
import {
  GraphQLError,
  Kind,
  execute,
  getArgumentValues,
  parse,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import type { LeakyBucket, ThrottleStatus } from "../throttle";
import type { AdminContext, ResolverMap } from "./context";
import { MAX_QUERY_COST, actualQueryCost, requestedQueryCost } from "./cost";
import { createFieldResolver, createTypeResolver } from "./field-resolution";
import { collectFields, type SelectionScope } from "./selections";
import { GlobalIdLiteralsRule, parseErrorResponse, shopifyValidationErrors, type ShopifyGraphqlError } from "./shopify-errors";
import { inputSizeErrors, variableErrors } from "./variable-coercion";

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface PreparedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  scope: SelectionScope;
  variables: Record<string, unknown>;
  /** Names of the root fields, e.g. ["bulkOperationRunQuery"]. */
  rootFields: string[];
}

export type Preparation = { ok: true; prepared: PreparedOperation } | { ok: false; errors: ShopifyGraphqlError[]; operationType?: string };

export interface Outcome {
  body: Record<string, unknown>;
  operationType?: "query" | "mutation" | "subscription";
  rootFields: string[];
  throttled: boolean;
}

const MAX_COST_MESSAGE = (cost: number) =>
  `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\n` +
  "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
  "cost of a query is calculated.\n\n" +
  "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
  "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n";

function costExtension(requested: number, actual: number | null, throttle: ThrottleStatus) {
  return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttle } };
}

export class AdminGraphqlExecutor {
  private readonly fieldResolver;
  private readonly typeResolver;

  constructor(
    readonly schema: GraphQLSchema,
    resolvers: ResolverMap,
  ) {
    this.fieldResolver = createFieldResolver(schema, resolvers);
    this.typeResolver = createTypeResolver(schema);
  }

  /** Parses, validates and checks variables; no cost, no execution. */
  prepare(request: GraphqlRequest): Preparation {
    let document: DocumentNode;
    try {
      document = parse(request.query ?? "");
    } catch (error) {
      return { ok: false, errors: parseErrorResponse(request.query ?? "", error as GraphQLError) };
    }
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const validation = shopifyValidationErrors(this.schema, document, [GlobalIdLiteralsRule]);
    if (validation.length > 0) return { ok: false, errors: validation, operationType: operations[0]?.operation };
    const operation = request.operationName ? operations.find((o) => o.name?.value === request.operationName) : operations.length === 1 ? operations[0] : undefined;
    if (!operation) {
      const message = request.operationName ? `No operation named "${request.operationName}"` : "An operation name is required";
      return { ok: false, errors: [{ message }] };
    }
    const variables = request.variables ?? {};
    const invalid = variableErrors(this.schema, operation, variables);
    if (invalid.length > 0) return { ok: false, errors: invalid, operationType: operation.operation };
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    const scope: SelectionScope = { schema: this.schema, fragments, variables };
    const rootType = this.schema.getRootType(operation.operation);
    const rootFields = rootType ? [...collectFields(scope, rootType, operation.selectionSet).values()].map((nodes) => nodes[0].name.value) : [];
    return { ok: true, prepared: { document, operation, scope, variables, rootFields } };
  }

  /** Input arrays above 250 items, as Shopify refuses them before execution. */
  private inputSizeProblems(prepared: PreparedOperation): ShopifyGraphqlError[] {
    const rootType = this.schema.getRootType(prepared.operation.operation);
    if (!rootType) return [];
    const args: Parameters<typeof inputSizeErrors>[0] = [];
    for (const nodes of collectFields(prepared.scope, rootType, prepared.operation.selectionSet).values()) {
      const def = rootType.getFields()[nodes[0].name.value];
      if (!def) continue;
      try {
        const values = getArgumentValues(def, nodes[0], prepared.variables);
        const location = nodes[0].loc ? { line: nodes[0].loc.startToken.line, column: nodes[0].loc.startToken.column } : undefined;
        for (const [name, value] of Object.entries(values)) args.push({ path: [def.name, name], value, location });
      } catch {
        // argument coercion problems surface during execution
      }
    }
    return inputSizeErrors(args);
  }

  /** Executes a prepared operation (no cost accounting): for direct calls and bulk operations alike. */
  async execute(prepared: PreparedOperation, ctx: AdminContext): Promise<ExecutionResult> {
    return execute({
      schema: this.schema,
      document: prepared.document,
      operationName: prepared.operation.name?.value,
      variableValues: prepared.variables,
      contextValue: ctx,
      fieldResolver: this.fieldResolver,
      typeResolver: this.typeResolver,
    });
  }

  /** A whole direct request, with cost and throttling against the shop's bucket. */
  async run(request: GraphqlRequest, ctx: AdminContext, bucket: LeakyBucket): Promise<Outcome> {
    const preparation = this.prepare(request);
    if (!preparation.ok) {
      return { body: { errors: preparation.errors }, operationType: preparation.operationType as Outcome["operationType"], rootFields: [], throttled: false };
    }
    const { prepared } = preparation;
    const operationType = prepared.operation.operation;
    const requested = requestedQueryCost(prepared.scope, prepared.operation);
    const base = { operationType, rootFields: prepared.rootFields };
    if (requested > MAX_QUERY_COST) {
      return {
        ...base,
        throttled: false,
        body: {
          errors: [
            {
              message: MAX_COST_MESSAGE(requested),
              extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST, documentation: "https://shopify.dev/api/usage/limits#rate-limits" },
            },
          ],
          extensions: costExtension(requested, null, bucket.status()),
        },
      };
    }
    const sizeProblems = this.inputSizeProblems(prepared);
    if (sizeProblems.length > 0) return { ...base, throttled: false, body: { errors: sizeProblems, extensions: costExtension(requested, null, bucket.status()) } };
    if (!bucket.tryTake(requested)) {
      return {
        ...base,
        throttled: true,
        body: {
          errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
          extensions: costExtension(requested, null, bucket.status()),
        },
      };
    }
    const result = await this.execute(prepared, ctx);
    const actual = Math.min(requested, actualQueryCost(prepared.scope, prepared.operation, result.data ?? null));
    bucket.refund(requested - actual);
    const body: Record<string, unknown> = {};
    if (result.errors?.length) body.errors = result.errors.map(formatExecutionError);
    body.data = result.data ?? null;
    body.extensions = costExtension(requested, actual, bucket.status());
    return { ...base, throttled: false, body };
  }
}

/** Resolver errors keep their Shopify code; anything unexpected becomes Shopify's internal error. */
export function formatExecutionError(error: GraphQLError): ShopifyGraphqlError {
  if (error.extensions?.code) {
    return { message: error.message, locations: error.locations ? [...error.locations] : undefined, extensions: { ...error.extensions }, path: error.path ? [...error.path] : undefined };
  }
  const requestId = randomUUID();
  console.error(`[shopify-simulator] internal error ${requestId}:`, error.originalError ?? error);
  return {
    message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
    extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
    path: error.path ? [...error.path] : undefined,
  };
}

// bulkOperationRunMutation: checks the mutation text with the live API's messages, then runs
// it once per line of the staged JSONL variables file, writing one result line per input:
// {"data": {...}, "__lineNumber": n} (0-based), or {"errors": [...], "__lineNumber": n}.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { parse, type GraphQLError, type OperationDefinitionNode } from "graphql";
import type { AdminContext } from "../graphql/context";
import { formatExecutionError, type AdminGraphqlExecutor } from "../graphql/executor";
import { describeParseError } from "../graphql/shopify-errors";
import type { BulkUserError } from "./bulk-query";
import type { JsonlResultFile } from "./jsonl-file";

const NOT_ALLOWED = new Set(["bulkOperationRunMutation", "bulkOperationRunQuery", "bulkOperationCancel"]);

export function checkBulkMutation(executor: AdminGraphqlExecutor, text: string): BulkUserError[] {
  let operation: OperationDefinitionNode | undefined;
  try {
    operation = parse(text).definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  } catch (error) {
    const { message, line, column } = describeParseError(text, error as GraphQLError);
    return [{ field: null, message: `Failed to parse the mutation - ${message} at [${line}, ${column}]`, code: "INVALID_MUTATION" }];
  }
  if (!operation || operation.operation !== "mutation") return [{ field: null, message: "Invalid operation type. Only `mutation` operations are supported.", code: "INVALID_MUTATION" }];
  const roots = operation.selectionSet.selections;
  if (roots.length !== 1 || roots[0].kind !== "Field") return [{ field: ["mutation"], message: "You must specify a single top level mutation.", code: null }];
  if (NOT_ALLOWED.has(roots[0].name.value)) return [{ field: ["mutation"], message: "You must use an allowed mutation name.", code: null }];
  const preparation = executor.prepare({ query: text });
  // Variables come per line; only document errors count here.
  const documentErrors = preparation.ok ? [] : preparation.errors.filter((e) => e.extensions?.code !== "INVALID_VARIABLE");
  return documentErrors.map((e) => ({ field: ["mutation"], message: `Invalid mutation: ${e.message}`, code: "INVALID_MUTATION" }));
}

export interface BulkMutationControl {
  context: () => AdminContext;
  stopRequested: () => boolean;
}

/** Runs every line; returns false when stopped (cancel) before the end. */
export async function runBulkMutation(executor: AdminGraphqlExecutor, mutation: string, variablesFile: string, file: JsonlResultFile, control: BulkMutationControl): Promise<boolean> {
  const lines = createInterface({ input: createReadStream(variablesFile, "utf8"), crlfDelay: Infinity });
  let lineNumber = -1;
  for await (const text of lines) {
    lineNumber++;
    if (!text.trim()) continue;
    if (control.stopRequested()) return false;
    let variables: Record<string, unknown>;
    try {
      variables = JSON.parse(text) as Record<string, unknown>;
    } catch {
      await file.write({ errors: [{ message: `Invalid JSON on line ${lineNumber + 1}: ${text.slice(0, 80)}` }], __lineNumber: lineNumber }, true);
      continue;
    }
    const preparation = executor.prepare({ query: mutation, variables });
    if (!preparation.ok) {
      await file.write({ errors: preparation.errors, __lineNumber: lineNumber }, true);
      continue;
    }
    const result = await executor.execute(preparation.prepared, { ...control.context(), inBulkMutation: true });
    const line: Record<string, unknown> = {};
    if (result.errors?.length) line.errors = result.errors.map(formatExecutionError);
    line.data = result.data ?? null;
    line.__lineNumber = lineNumber;
    await file.write(line, true);
    if (lineNumber % 100 === 99) await yieldToEventLoop();
  }
  return true;
}

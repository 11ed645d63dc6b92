// The bulk operation lifecycle: start a bulk query or mutation, wait for it (polling
// `bulkOperation(id:)` with backoff, woken early by the `bulk_operations/finish` webhook when it
// arrives — it is not guaranteed, so polling stays the fallback), cancel it, and stage the
// variables file a bulk mutation reads.
import { abortableSleep, type ShopifyAdmin, ShopifyUserErrors, type UserErrorDetail, requireNoUserErrors } from "./admin-client";

export const BULK_OPERATION_RUN_QUERY = `#graphql
  mutation CatalogBulkQueryRun($query: String!, $groupObjects: Boolean!) {
    bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

export const BULK_OPERATION_RUN_MUTATION = `#graphql
  mutation CatalogBulkMutationRun($mutation: String!, $stagedUploadPath: String!, $clientIdentifier: String) {
    bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath, clientIdentifier: $clientIdentifier) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

export const BULK_OPERATION_STATUS = `#graphql
  query CatalogBulkOperationStatus($id: ID!) {
    bulkOperation(id: $id) {
      id
      type
      status
      errorCode
      objectCount
      rootObjectCount
      fileSize
      url
      partialDataUrl
      createdAt
      completedAt
    }
  }
`;

export const BULK_OPERATION_CANCEL = `#graphql
  mutation CatalogBulkOperationCancel($id: ID!) {
    bulkOperationCancel(id: $id) {
      bulkOperation { id status }
      userErrors { field message }
    }
  }
`;

export const STAGED_UPLOADS_CREATE = `#graphql
  mutation CatalogStagedUploadsCreate($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets {
        url
        resourceUrl
        parameters { name value }
      }
      userErrors { field message }
    }
  }
`;

// Bulk queries take no variables; their documents carry this marker where the search goes.
const SEARCH_MARKER = '(query: "__SEARCH__")';

/** A bulk document with the search filter in place (JSON string escaping is valid GraphQL). */
export function bulkQueryFor(document: string, search?: string): string {
  if (!document.includes(SEARCH_MARKER)) throw new Error("bulk query document has no search marker");
  const argument = search && search.trim() ? `(query: ${JSON.stringify(search)})` : "";
  return document.replace(SEARCH_MARKER, () => argument); // a function: "$&" in a search stays literal
}

export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";

export interface BulkOperation {
  id: string;
  type: "QUERY" | "MUTATION";
  status: BulkOperationStatus;
  errorCode: string | null;
  objectCount: string; // UnsignedInt64 arrives as a string
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null; // null when the result is empty
  partialDataUrl: string | null;
  createdAt: string;
  completedAt: string | null;
}

const FINISHED: ReadonlySet<BulkOperationStatus> = new Set(["COMPLETED", "CANCELED", "FAILED", "EXPIRED"]);

/** A bulk operation ended without completing. */
export class BulkOperationFailedError extends Error {
  constructor(readonly operation: BulkOperation) {
    super(`Bulk operation ${operation.id} ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ""}`);
    this.name = "BulkOperationFailedError";
  }
}

/**
 * Wakes waiting pollers when Shopify reports a bulk operation finished. The webhook route for
 * `bulk_operations/finish` calls `bulkOperationFinished.notify(payload.admin_graphql_api_id)`;
 * a waiter in this process then polls at once instead of at its next backoff step.
 */
export class BulkOperationFinishSignals {
  private readonly waiters = new Map<string, Set<() => void>>();

  notify(operationId: string): void {
    const waiting = this.waiters.get(operationId);
    if (!waiting) return;
    this.waiters.delete(operationId);
    for (const wake of waiting) wake();
  }

  /** Resolves after `ms`, or earlier when `operationId` is notified or the signal aborts. */
  wait(operationId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const done = () => {
        clearTimeout(timer);
        this.waiters.get(operationId)?.delete(done);
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        clearTimeout(timer);
        this.waiters.get(operationId)?.delete(done);
        reject(signal!.reason);
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
      let set = this.waiters.get(operationId);
      if (!set) this.waiters.set(operationId, (set = new Set()));
      set.add(done);
    });
  }
}

/** The process-wide signals the bulk_operations/finish webhook feeds. */
export const bulkOperationFinished = new BulkOperationFinishSignals();

export interface WaitOptions {
  /** First poll delay and the cap it grows to (×1.5 a step). */
  pollIntervalMs?: { initial: number; max: number };
  signals?: BulkOperationFinishSignals;
  signal?: AbortSignal;
  onProgress?: (operation: BulkOperation) => void;
}

const DEFAULT_POLL = { initial: 250, max: 10_000 };

export async function fetchBulkOperation(admin: ShopifyAdmin, id: string): Promise<BulkOperation> {
  const data = await admin.data<{ bulkOperation: BulkOperation | null }>(BULK_OPERATION_STATUS, { id });
  if (!data.bulkOperation) throw new Error(`Bulk operation ${id} not found`);
  return data.bulkOperation;
}

/** Polls until the operation has finished; returns it whatever the outcome (check `status`). */
export async function waitForBulkOperation(admin: ShopifyAdmin, id: string, options: WaitOptions = {}): Promise<BulkOperation> {
  const poll = options.pollIntervalMs ?? DEFAULT_POLL;
  const signals = options.signals ?? bulkOperationFinished;
  let delay = poll.initial;
  for (;;) {
    const operation = await fetchBulkOperation(admin, id);
    options.onProgress?.(operation);
    if (FINISHED.has(operation.status)) return operation;
    await signals.wait(id, delay, options.signal);
    delay = Math.min(poll.max, Math.ceil(delay * 1.5));
  }
}

/** Asks Shopify to cancel; the operation then ends CANCELED (wait for it if needed). */
export async function cancelBulkOperation(admin: ShopifyAdmin, id: string): Promise<void> {
  const data = await admin.data<{ bulkOperationCancel: { userErrors: UserErrorDetail[] } | null }>(BULK_OPERATION_CANCEL, { id });
  requireNoUserErrors("bulkOperationCancel", data.bulkOperationCancel);
}

interface StartPayload {
  bulkOperation: { id: string; status: BulkOperationStatus } | null;
  userErrors: (UserErrorDetail & { code?: string | null })[];
}

export interface StartOptions {
  signal?: AbortSignal;
  /** How long to keep retrying while the shop's concurrent-operation limit is reached. */
  busyRetries?: number;
  busyWaitMs?: number;
}

/** Starts a bulk query (children grouped after their parents); returns its id. */
export async function startBulkQuery(admin: ShopifyAdmin, query: string, options: StartOptions = {}): Promise<string> {
  const id = await startWithBusyRetry("bulkOperationRunQuery", options, async () => {
    const data = await admin.data<{ bulkOperationRunQuery: StartPayload | null }>(
      BULK_OPERATION_RUN_QUERY,
      { query, groupObjects: true },
      { bulkRun: true },
    );
    return data.bulkOperationRunQuery;
  });
  admin.stats.bulkQueries++;
  return id;
}

/** Starts a bulk mutation over an uploaded variables file; returns its id. */
export async function startBulkMutation(
  admin: ShopifyAdmin,
  mutation: string,
  stagedUploadPath: string,
  options: StartOptions & { clientIdentifier?: string } = {},
): Promise<string> {
  const id = await startWithBusyRetry("bulkOperationRunMutation", options, async () => {
    const data = await admin.data<{ bulkOperationRunMutation: StartPayload | null }>(
      BULK_OPERATION_RUN_MUTATION,
      { mutation, stagedUploadPath, clientIdentifier: options.clientIdentifier ?? null },
      { bulkRun: true },
    );
    return data.bulkOperationRunMutation;
  });
  admin.stats.bulkMutations++;
  return id;
}

async function startWithBusyRetry(name: string, options: StartOptions, start: () => Promise<StartPayload | null>): Promise<string> {
  const retries = options.busyRetries ?? 20;
  for (let attempt = 0; ; attempt++) {
    const payload = await start();
    const busy = payload?.userErrors.some((e) => e.code === "OPERATION_IN_PROGRESS" || e.code === "LIMIT_REACHED");
    if (busy && attempt < retries) {
      // Another operation of this app on this shop holds the slot; it will finish.
      await abortableSleep(options.busyWaitMs ?? 3000, options.signal);
      continue;
    }
    const ok = requireNoUserErrors(name, payload);
    if (!ok.bulkOperation) throw new ShopifyUserErrors(name, [{ field: null, message: "no bulk operation returned" }]);
    return ok.bulkOperation.id;
  }
}

export interface StagedTarget {
  url: string;
  resourceUrl: string | null;
  parameters: { name: string; value: string }[];
}

/**
 * Uploads a bulk mutation variables file (JSONL) to Shopify's staged upload target and returns
 * the `stagedUploadPath` for bulkOperationRunMutation (the target's `key` parameter).
 */
export async function uploadBulkVariables(admin: ShopifyAdmin, jsonl: Uint8Array, filename: string, signal?: AbortSignal): Promise<string> {
  const data = await admin.data<{ stagedUploadsCreate: { stagedTargets: StagedTarget[] | null; userErrors: UserErrorDetail[] } | null }>(
    STAGED_UPLOADS_CREATE,
    {
      input: [{ resource: "BULK_MUTATION_VARIABLES", filename, mimeType: "text/jsonl", httpMethod: "POST", fileSize: String(jsonl.byteLength) }],
    },
  );
  const payload = requireNoUserErrors("stagedUploadsCreate", data.stagedUploadsCreate);
  const target = payload.stagedTargets?.[0];
  if (!target?.url) throw new ShopifyUserErrors("stagedUploadsCreate", [{ field: null, message: "no staged target returned" }]);
  const key = target.parameters.find((p) => p.name === "key")?.value;
  if (!key) throw new ShopifyUserErrors("stagedUploadsCreate", [{ field: null, message: "staged target has no key parameter" }]);

  // The storage service checks the signed policy fields: every parameter as given, the file last.
  const form = new FormData();
  for (const { name, value } of target.parameters) form.append(name, value);
  form.append("file", new Blob([jsonl as Uint8Array<ArrayBuffer>], { type: "text/jsonl" }), filename);
  const response = await admin.fetch(target.url, { method: "POST", body: form, signal });
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    throw new Error(`Staged upload failed with HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  await response.body?.cancel();
  return key;
}

// Bulk operations per shop: CREATED → RUNNING → COMPLETED (or CANCELING → CANCELED, FAILED),
// at most five unfinished operations of each type per shop, and result files on disk that the
// HTTP server hands out at the operation's `url`.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { numericId, timestamp } from "../domain/ids";
import type { IdAllocator } from "../domain/id-allocator";
import type { AdminContext } from "../graphql/context";
import type { AdminGraphqlExecutor } from "../graphql/executor";
import type { CallStats } from "../stats";
import { checkBulkMutation, runBulkMutation } from "./bulk-mutation";
import { checkBulkQuery, runBulkQuery, type BulkUserError } from "./bulk-query";
import { JsonlResultFile } from "./jsonl-file";

export type BulkOperationType = "QUERY" | "MUTATION";
export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";

/** Field names match the Admin API's BulkOperation, so GraphQL reads them directly. */
export interface BulkOperationRecord {
  id: string;
  type: BulkOperationType;
  status: BulkOperationStatus;
  errorCode: string | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
  query: string;
}

interface Tracked {
  record: BulkOperationRecord;
  shop: string;
  cancelRequested: boolean;
  file: JsonlResultFile | null;
  token: string;
}

const UNFINISHED: BulkOperationStatus[] = ["CREATED", "RUNNING", "CANCELING"];
const MAX_CONCURRENT = 5;

export interface BulkOperationOptions {
  executor: AdminGraphqlExecutor;
  ids: IdAllocator;
  stats: CallStats;
  /** A fresh resolver context for a shop. */
  context: (shop: string) => AdminContext;
  /** How long an operation stays CREATED, and at least RUNNING. */
  delayMs: number;
}

export class BulkOperationRegistry {
  private readonly operations = new Map<string, Tracked>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly directory = mkdtempSync(join(tmpdir(), "shopify-sim-bulk-"));
  private closed = false;
  baseUrl = "";

  constructor(private readonly options: BulkOperationOptions) {}

  find(shop: string, id: string): BulkOperationRecord | null {
    const tracked = this.operations.get(id);
    return tracked && tracked.shop === shop ? tracked.record : null;
  }

  list(shop: string): BulkOperationRecord[] {
    return [...this.operations.values()].filter((t) => t.shop === shop).map((t) => t.record);
  }

  current(shop: string, type: BulkOperationType): BulkOperationRecord | null {
    const mine = this.list(shop).filter((r) => r.type === type);
    return mine[mine.length - 1] ?? null;
  }

  private unfinished(shop: string, type: BulkOperationType): BulkOperationRecord[] {
    return this.list(shop).filter((r) => r.type === type && UNFINISHED.includes(r.status));
  }

  private inProgressError(shop: string, type: BulkOperationType): BulkUserError | null {
    const busy = this.unfinished(shop, type);
    if (busy.length < MAX_CONCURRENT) return null;
    return {
      field: null,
      message: `A bulk ${type === "QUERY" ? "query" : "mutation"} operation for this app and shop is already in progress: ${busy.map((r) => r.id).join(", ")}.`,
      code: "OPERATION_IN_PROGRESS",
    };
  }

  private create(shop: string, type: BulkOperationType, query: string): Tracked {
    const record: BulkOperationRecord = {
      id: this.options.ids.gid("BulkOperation"),
      type,
      status: "CREATED",
      errorCode: null,
      createdAt: timestamp(),
      completedAt: null,
      objectCount: "0",
      rootObjectCount: "0",
      fileSize: null,
      url: null,
      partialDataUrl: null,
      query,
    };
    const tracked: Tracked = { record, shop, cancelRequested: false, file: null, token: randomBytes(12).toString("hex") };
    this.operations.set(record.id, tracked);
    this.options.stats.count(shop, type === "QUERY" ? "bulkQueries" : "bulkMutations");
    return tracked;
  }

  runQuery(shop: string, query: string): { bulkOperation: BulkOperationRecord | null; userErrors: BulkUserError[] } {
    const checked = checkBulkQuery(this.options.executor, query);
    if (!checked.prepared) return { bulkOperation: null, userErrors: checked.errors };
    const busy = this.inProgressError(shop, "QUERY");
    if (busy) return { bulkOperation: null, userErrors: [busy] };
    const tracked = this.create(shop, "QUERY", query);
    const prepared = checked.prepared;
    this.schedule(tracked, (file) =>
      runBulkQuery(this.options.executor, prepared, file, { context: () => this.options.context(shop), stopRequested: () => tracked.cancelRequested || this.closed }),
    );
    return { bulkOperation: { ...tracked.record }, userErrors: [] };
  }

  runMutation(shop: string, mutation: string, variablesFile: string | null): { bulkOperation: BulkOperationRecord | null; userErrors: BulkUserError[] } {
    const errors = checkBulkMutation(this.options.executor, mutation);
    if (errors.length > 0) return { bulkOperation: null, userErrors: errors };
    if (!variablesFile || !existsSync(variablesFile)) {
      return {
        bulkOperation: null,
        userErrors: [
          {
            field: null,
            message: "The JSONL file could not be found. Try uploading the file again, and check that you've entered the URL correctly for the stagedUploadPath mutation argument.",
            code: "NO_SUCH_FILE",
          },
        ],
      };
    }
    if (statSync(variablesFile).size === 0) return { bulkOperation: null, userErrors: [{ field: null, message: "The input file is empty.", code: "INVALID_STAGED_UPLOAD_FILE" }] };
    const busy = this.inProgressError(shop, "MUTATION");
    if (busy) return { bulkOperation: null, userErrors: [busy] };
    const tracked = this.create(shop, "MUTATION", mutation);
    this.schedule(tracked, (file) =>
      runBulkMutation(this.options.executor, mutation, variablesFile, file, { context: () => this.options.context(shop), stopRequested: () => tracked.cancelRequested || this.closed }),
    );
    return { bulkOperation: { ...tracked.record }, userErrors: [] };
  }

  cancel(shop: string, id: string): { bulkOperation: BulkOperationRecord | null; userErrors: { field: string[] | null; message: string }[] } {
    const tracked = this.operations.get(id);
    if (!tracked || tracked.shop !== shop) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    const { record } = tracked;
    if (!UNFINISHED.includes(record.status)) {
      return { bulkOperation: record, userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${record.status.toLowerCase()}` }] };
    }
    tracked.cancelRequested = true;
    record.status = "CANCELING";
    return { bulkOperation: record, userErrors: [] };
  }

  /** The result file behind an operation's url, if the token matches. */
  resultFile(numeric: string, token: string): string | null {
    for (const tracked of this.operations.values()) {
      if (String(numericId(tracked.record.id)) === numeric && tracked.token === token && tracked.file) return tracked.file.path;
    }
    return null;
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(timer);
  }

  private schedule(tracked: Tracked, work: (file: JsonlResultFile) => Promise<boolean>): void {
    const { record } = tracked;
    const delay = this.options.delayMs;
    this.later(delay, () => {
      if (tracked.cancelRequested) return this.finish(tracked, "CANCELED");
      record.status = "RUNNING";
      const startedAt = Date.now();
      const file = new JsonlResultFile(join(this.directory, `${numericId(record.id)}.jsonl`));
      tracked.file = file;
      const progress = setInterval(() => {
        record.objectCount = String(file.objectCount);
        record.rootObjectCount = String(file.rootObjectCount);
      }, 20);
      work(file)
        .then(
          (completed) => ({ completed, failed: false }),
          (error: unknown) => {
            console.error(`[shopify-simulator] bulk operation ${record.id} failed:`, error);
            return { completed: false, failed: true };
          },
        )
        .then(async ({ completed, failed }) => {
          clearInterval(progress);
          await file.close();
          record.objectCount = String(file.objectCount);
          record.rootObjectCount = String(file.rootObjectCount);
          const status = failed ? "FAILED" : completed ? "COMPLETED" : "CANCELED";
          this.later(Math.max(0, delay - (Date.now() - startedAt)), () => this.finish(tracked, status));
        });
    });
  }

  private finish(tracked: Tracked, status: BulkOperationStatus): void {
    const { record, file } = tracked;
    record.status = status;
    record.completedAt = timestamp();
    if (status === "FAILED") record.errorCode = "INTERNAL_SERVER_ERROR";
    const url = file && file.objectCount > 0 ? `${this.baseUrl}/bulk-operation-outputs/${numericId(record.id)}.jsonl?token=${tracked.token}` : null;
    if (status === "COMPLETED") {
      record.fileSize = file && file.objectCount > 0 ? String(file.bytes) : null;
      record.url = url; // Shopify gives no url when the result is empty
    } else if (url) {
      record.partialDataUrl = url;
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    rmSync(this.directory, { recursive: true, force: true });
  }
}

// Throttle-aware Admin GraphQL calls: the one door through which catalog code reaches Shopify.
//
// It wraps the `admin.graphql(query, { variables })` function that shopify-app-remix hands out
// (authenticate.admin / unauthenticated.admin). That function returns a Response on success and
// throws the library's GraphqlQueryError on any GraphQL error — THROTTLED included — and
// HttpThrottlingError / HttpInternalError on 429 / 5xx (it does not retry unless asked). A raw
// fetch-like function (e.g. @shopify/admin-api-client's `client.fetch`) that returns the HTTP
// response as-is works too. Both shapes are normalised here, so callers only see data, typed
// errors and call counts.

/** The shape of `admin.graphql` from @shopify/shopify-app-remix (and of a raw client fetch). */
export interface AdminGraphql {
  (query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

/** Call counts for the job report (`shopifyCalls` in the demo report). */
export interface ShopifyCallStats {
  bulkQueries: number; // bulk query operations started
  bulkMutations: number; // bulk mutation operations started
  directQueries: number; // GraphQL query requests answered (bulk polls and pre-write reads included)
  directMutations: number; // GraphQL mutation requests answered (staged uploads included; bulk starts not)
  throttled: number; // THROTTLED answers or HTTP 429s received (each was waited out and retried)
}

export function emptyCallStats(): ShopifyCallStats {
  return { bulkQueries: 0, bulkMutations: 0, directQueries: 0, directMutations: 0, throttled: 0 };
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export interface GraphqlErrorDetail {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
  path?: (string | number)[];
}

/** Shopify answered with GraphQL errors other than THROTTLED (or THROTTLED too often). */
export class ShopifyGraphqlError extends Error {
  constructor(
    readonly errors: GraphqlErrorDetail[],
    readonly cost?: QueryCost,
  ) {
    super(`Shopify GraphQL error: ${errors.map((e) => e.message).join("; ") || "unknown error"}`);
    this.name = "ShopifyGraphqlError";
  }

  get codes(): string[] {
    return this.errors.map((e) => e.extensions?.code).filter((c): c is string => typeof c === "string");
  }

  /** THROTTLED for a query costing more than the bucket can ever hold: only a smaller query helps. */
  get exceedsBucket(): boolean {
    return this.codes.includes("THROTTLED") && !!this.cost && this.cost.requestedQueryCost > this.cost.throttleStatus.maximumAvailable;
  }
}

/** Shopify answered with an HTTP error status that retries did not cure. */
export class ShopifyHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`Shopify HTTP ${status}: ${message}`);
    this.name = "ShopifyHttpError";
  }
}

export interface UserErrorDetail {
  field: string[] | null;
  message: string;
  code?: string | null;
}

/** A mutation's payload carried userErrors (validation failures, not transport failures). */
export class ShopifyUserErrors extends Error {
  constructor(
    readonly mutation: string,
    readonly userErrors: UserErrorDetail[],
  ) {
    super(`${mutation} failed: ${formatUserErrors(userErrors)}`);
    this.name = "ShopifyUserErrors";
  }
}

export function formatUserErrors(userErrors: UserErrorDetail[]): string {
  return userErrors
    .map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message))
    .join("; ");
}

/** Throws ShopifyUserErrors when a payload has userErrors; returns the payload otherwise. */
export function requireNoUserErrors<P extends { userErrors: UserErrorDetail[] }>(mutation: string, payload: P | null | undefined): P {
  if (!payload) throw new ShopifyUserErrors(mutation, [{ field: null, message: "empty payload" }]);
  if (payload.userErrors.length > 0) throw new ShopifyUserErrors(mutation, payload.userErrors);
  return payload;
}

export interface ShopifyAdminOptions {
  /** Plain HTTP for files (staged uploads, bulk JSONL results); defaults to global fetch. */
  fetch?: typeof fetch;
  /** Counts to add to; a fresh set when omitted. Share one object across a job's calls. */
  stats?: ShopifyCallStats;
  /** How many times one request may be throttled / fail transiently before giving up. */
  maxRetries?: number;
  /** Injected for tests that must not wait; defaults to a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

export interface RequestOptions {
  /** Cost to plan for before the first answer for this document tells the real one. */
  expectedCost?: number;
  /** A bulkOperationRun* call: counted as the bulk operation it starts, not as a direct call. */
  bulkRun?: boolean;
}

export interface GraphqlResult<T> {
  data: T;
  cost?: QueryCost;
}

const DEFAULT_MAX_RETRIES = 12;
const MAX_SINGLE_WAIT_MS = 60_000;

/**
 * Sends Admin GraphQL requests, waiting out the cost-based throttle instead of failing.
 * Before each request it estimates the bucket from the last throttleStatus (restoring at
 * restoreRate since then) and waits when the expected cost would not fit, so a steady
 * stream of calls is rarely THROTTLED at all; when it is, it waits exactly long enough for
 * the requested cost and retries.
 */
export class ShopifyAdmin {
  readonly stats: ShopifyCallStats;
  readonly fetch: typeof fetch;
  private readonly maxRetries: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly signal?: AbortSignal;
  private bucket?: { status: ThrottleStatus; at: number };
  /** Last requested cost per document: the estimate for its next call. */
  private readonly lastCost = new Map<string, number>();

  constructor(
    private readonly graphql: AdminGraphql,
    options: ShopifyAdminOptions = {},
  ) {
    this.stats = options.stats ?? emptyCallStats();
    this.fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.sleep = options.sleep ?? abortableSleep;
    this.signal = options.signal;
  }

  /** Runs a query or mutation; `expectedCost` helps the first call of a document avoid THROTTLED. */
  async request<T>(document: string, variables?: Record<string, unknown>, options: RequestOptions = {}): Promise<GraphqlResult<T>> {
    const isMutation = operationType(document) === "mutation";
    const countAnswer = () => {
      // Starting a bulk operation is counted as that operation (by bulk-operation.ts), not as a direct call.
      if (options.bulkRun) return;
      if (isMutation) this.stats.directMutations++;
      else this.stats.directQueries++;
    };
    for (let attempt = 0; ; attempt++) {
      this.signal?.throwIfAborted();
      await this.waitForBucket(this.lastCost.get(document) ?? options.expectedCost);
      const outcome = await this.send(document, variables);
      if (outcome.cost) {
        this.lastCost.set(document, outcome.cost.requestedQueryCost);
        this.bucket = { status: outcome.cost.throttleStatus, at: Date.now() };
      }
      if (outcome.kind === "ok") {
        countAnswer();
        return { data: outcome.data as T, cost: outcome.cost };
      }
      if (outcome.kind === "throttled" || outcome.kind === "retriable") {
        if (outcome.kind === "throttled" || outcome.status === 429) this.stats.throttled++;
        const hopeless = outcome.kind === "throttled" && new ShopifyGraphqlError(outcome.errors, outcome.cost).exceedsBucket;
        if (hopeless) throw new ShopifyGraphqlError(outcome.errors, outcome.cost);
        if (attempt >= this.maxRetries) {
          if (outcome.kind === "throttled") throw new ShopifyGraphqlError(outcome.errors, outcome.cost);
          throw new ShopifyHttpError(outcome.status, outcome.message);
        }
        await this.sleep(Math.min(outcome.waitMs, MAX_SINGLE_WAIT_MS), this.signal);
        continue;
      }
      if (outcome.kind === "graphql-errors") {
        countAnswer();
        throw new ShopifyGraphqlError(outcome.errors, outcome.cost);
      }
      throw new ShopifyHttpError(outcome.status, outcome.message);
    }
  }

  /** The largest query cost worth sending: under Shopify's single-query limit and the bucket's size. */
  affordableCost(limit = 1000): number {
    return Math.min(limit, this.bucket?.status.maximumAvailable ?? limit);
  }

  /** Convenience: the data only. */
  async data<T>(document: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<T> {
    return (await this.request<T>(document, variables, options)).data;
  }

  private async waitForBucket(expectedCost: number | undefined): Promise<void> {
    if (!this.bucket || !expectedCost) return;
    const { status, at } = this.bucket;
    const need = Math.min(expectedCost, status.maximumAvailable);
    const available = Math.min(status.maximumAvailable, status.currentlyAvailable + ((Date.now() - at) / 1000) * status.restoreRate);
    if (available >= need || status.restoreRate <= 0) return;
    await this.sleep(Math.min(Math.ceil(((need - available) / status.restoreRate) * 1000) + 20, MAX_SINGLE_WAIT_MS), this.signal);
  }

  private async send(document: string, variables?: Record<string, unknown>): Promise<Outcome> {
    let response: Response;
    try {
      response = await this.graphql(document, variables ? { variables } : undefined);
    } catch (error) {
      return outcomeOfThrown(error);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      if (response.status === 429 || response.status >= 500) {
        return {
          kind: "retriable",
          status: response.status,
          message: text.slice(0, 500) || response.statusText,
          waitMs: retryAfterMs(response.headers.get("retry-after"), 1000),
        };
      }
      return { kind: "http-error", status: response.status, message: text.slice(0, 500) || response.statusText };
    }
    const body = (await response.json()) as { data?: unknown; errors?: GraphqlErrorDetail[]; extensions?: { cost?: QueryCost } };
    return outcomeOfBody(body.data, body.errors, body.extensions?.cost);
  }
}

type Outcome =
  | { kind: "ok"; data: unknown; cost?: QueryCost }
  | { kind: "throttled"; errors: GraphqlErrorDetail[]; cost?: QueryCost; waitMs: number; status?: undefined }
  | { kind: "graphql-errors"; errors: GraphqlErrorDetail[]; cost?: QueryCost }
  | { kind: "retriable"; status: number; message: string; waitMs: number; cost?: undefined }
  | { kind: "http-error"; status: number; message: string; cost?: undefined };

function outcomeOfBody(data: unknown, errors: GraphqlErrorDetail[] | undefined, cost: QueryCost | undefined): Outcome {
  if (!errors || errors.length === 0) return { kind: "ok", data, cost };
  if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
    return { kind: "throttled", errors, cost, waitMs: throttleWaitMs(cost) };
  }
  return { kind: "graphql-errors", errors, cost };
}

/** Maps what shopify-api throws (GraphqlQueryError, Http*Error) to an outcome; rethrows the rest. */
function outcomeOfThrown(error: unknown): Outcome {
  const e = error as {
    body?: { data?: unknown; errors?: { graphQLErrors?: GraphqlErrorDetail[]; message?: string }; extensions?: { cost?: QueryCost } };
    response?: { code?: unknown; statusText?: string; retryAfter?: number; body?: unknown };
    message?: string;
  };
  if (e && typeof e === "object" && e.body && typeof e.body === "object" && e.body.errors) {
    const graphQLErrors = e.body.errors.graphQLErrors ?? [{ message: e.body.errors.message ?? e.message ?? "GraphQL error" }];
    return outcomeOfBody(e.body.data, graphQLErrors, e.body.extensions?.cost);
  }
  if (e && typeof e === "object" && e.response && typeof e.response.code === "number") {
    const status = e.response.code;
    const message = e.message ?? e.response.statusText ?? "";
    if (status === 429 || status >= 500) {
      // shopify-api keeps Retry-After as the raw header number; Shopify sends seconds.
      const waitMs = typeof e.response.retryAfter === "number" ? retryAfterMs(String(e.response.retryAfter), 1000) : 1000;
      return { kind: "retriable", status, message, waitMs };
    }
    return { kind: "http-error", status, message };
  }
  throw error;
}

/** How long until the bucket holds the requested cost again. */
function throttleWaitMs(cost: QueryCost | undefined): number {
  if (!cost) return 1000;
  const { currentlyAvailable, restoreRate, maximumAvailable } = cost.throttleStatus;
  const need = Math.min(cost.requestedQueryCost, maximumAvailable) - currentlyAvailable;
  if (restoreRate <= 0) return 1000;
  return Math.max(50, Math.ceil((Math.max(need, 1) / restoreRate) * 1000) + 20);
}

function retryAfterMs(header: string | null, fallback: number): number {
  if (!header) return fallback;
  const seconds = Number.parseFloat(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : fallback;
}

/** "query" | "mutation" from a document's first operation keyword (`{` alone is a query). */
export function operationType(document: string): "query" | "mutation" {
  const body = document.replace(/#[^\n]*/g, "").trimStart();
  return body.startsWith("mutation") ? "mutation" : "query";
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

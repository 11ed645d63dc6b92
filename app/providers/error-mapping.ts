// Turns what went wrong on the wire (an HTTP status with the provider's error body, or a
// network failure deep in an error's cause chain) into a ProviderError with a message a
// merchant can act on. SDK-specific unwrapping lives in each family file; this is the shared part.
import { ProviderError, type ProviderErrorKind } from "./provider-error";
import { parseRateLimitHeaders, parseRetryAfterMs, type HeaderSource } from "./rate-limit-headers";
import { redact } from "../vault/redact";

export interface ErrorContext {
  providerId: string;
  /** Shown to the merchant, e.g. "OpenAI", "Groq". */
  providerName: string;
  baseUrl?: string;
  model?: string;
  /** The key (and any other secret) to scrub from every text we keep. */
  secrets: ReadonlyArray<string | undefined>;
  timeoutMs?: number;
}

export interface HttpFailure {
  status: number;
  /** The provider's error body: parsed JSON, or text. */
  body?: unknown;
  headers?: HeaderSource;
  /** What was being done, for a 404 that is not about a model ("list models"). */
  operation?: "generate" | "list-models" | "translate" | "usage";
}

const QUOTA_CODES = new Set([
  "insufficient_quota",
  "billing_hard_limit_reached",
  "billing_not_active",
  "insufficient_balance",
  "quota_exceeded",
  "credit_balance_too_low",
]);

const QUOTA_WORDS = /insufficient[_ ](?:quota|balance|credits?)|exceeded your (?:current )?quota|credit balance|billing|payment required|quota (?:for this billing period|exceeded)/i;
const MODEL_WORDS = /\b(?:models?|deployments?)\b/i;
// Google answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
const BAD_KEY_WORDS = /API_KEY_INVALID|api[ _-]?key (?:not valid|is invalid|invalid|expired)|invalid api[ _-]?key|incorrect api[ _-]?key/i;
const NOT_FOUND_WORDS = /not[_ ]found|does not exist|doesn't exist|unknown|invalid|not (?:available|supported)|no such|decommissioned|deprecated/i;

/** code/type/message from the error bodies providers send (OpenAI, Anthropic, Mistral, DeepL, Azure, FastAPI). */
export function describeErrorBody(body: unknown): { code?: string; type?: string; message?: string } {
  let value = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      return { message: body.slice(0, 500) };
    }
  }
  if (!value || typeof value !== "object") return {};
  const record = value as Record<string, unknown>;
  const inner = record.error && typeof record.error === "object" ? (record.error as Record<string, unknown>) : record;
  const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);
  const detail = record.detail;
  const message =
    str(inner.message) ??
    str(record.message) ??
    (typeof record.error === "string" ? record.error : undefined) ??
    (typeof detail === "string" ? detail : Array.isArray(detail) ? JSON.stringify(detail).slice(0, 500) : undefined);
  return { code: str(inner.code) ?? str(record.code), type: str(inner.type) ?? str(record.type), message };
}

function host(baseUrl: string | undefined): string {
  if (!baseUrl) return "the provider";
  try {
    return new URL(baseUrl).host;
  } catch {
    return "the configured base URL";
  }
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return s >= 10 ? `${Math.round(s)} s` : `${Number(s.toFixed(1))} s`;
}

/** Maps an HTTP error status and body to a ProviderError. */
export function fromHttpFailure(ctx: ErrorContext, failure: HttpFailure): ProviderError {
  const { status } = failure;
  const { code, type, message } = describeErrorBody(failure.body);
  const detail = message ? redact(message, ctx.secrets) : undefined;
  const name = ctx.providerName;
  const retryAfterMs = failure.headers ? parseRetryAfterMs(failure.headers) : undefined;
  const rateLimit = failure.headers ? parseRateLimitHeaders(failure.headers) : undefined;
  const facts = {
    providerId: ctx.providerId,
    status,
    code: code ? redact(code, ctx.secrets, 80) : type ? redact(type, ctx.secrets, 80) : undefined,
    detail,
    retryAfterMs,
    rateLimit,
  };
  const make = (kind: ProviderErrorKind, text: string) => new ProviderError({ kind, message: text, ...facts });
  const codeOrType = `${code ?? ""} ${type ?? ""}`.toLowerCase();
  const isQuota =
    [...QUOTA_CODES].some((c) => codeOrType.includes(c)) ||
    (message !== undefined && QUOTA_WORDS.test(message) && !/per minute/i.test(message));
  const rawBody = typeof failure.body === "string" ? failure.body : JSON.stringify(failure.body ?? "");
  const isBadKey = BAD_KEY_WORDS.test(rawBody);
  const mentionsModel =
    codeOrType.includes("model_not_found") ||
    codeOrType.includes("deploymentnotfound") ||
    (message !== undefined && MODEL_WORDS.test(message) && NOT_FOUND_WORDS.test(message));
  const modelName = ctx.model ? `“${ctx.model}”` : "the requested model";

  if (status === 456) {
    return make("quota", `${name}: the character quota for this billing period is used up. Raise the limit or upgrade the plan in your ${name} account.`);
  }
  if (status === 402 || (isQuota && (status === 429 || status === 400 || status === 403))) {
    return make("quota", `${name}: the account has no remaining quota or credit, or billing is not set up. Add credit or a payment method in your ${name} account, then try again.`);
  }
  if (status === 401 || (status === 400 && isBadKey)) {
    return make("auth", `${name} rejected the API key (${status}). Check that the whole key was pasted and that it has not been revoked.`);
  }
  if (status === 403) {
    return make("auth", `${name} refused this key (403): it may be revoked, restricted, or lack access to this model or project.`);
  }
  if (status === 429) {
    const wait = retryAfterMs !== undefined ? ` Try again in ${seconds(retryAfterMs)}.` : "";
    return make("rate_limit", `${name} is rate-limiting this key (429).${wait}`);
  }
  if (mentionsModel && (status === 404 || status === 400 || status === 422)) {
    return make("unknown_model", `${name} does not offer ${modelName} to this key. Pick a model from the provider's list.`);
  }
  if (status === 404) {
    if (failure.operation === "generate" && ctx.model) {
      return make("unknown_model", `${name} does not offer ${modelName} to this key (404). Pick a model from the provider's list.`);
    }
    return make("bad_request", `${name} answered 404 Not Found at ${host(ctx.baseUrl)}. Check the base URL (many OpenAI-compatible servers expect it to end in /v1).`);
  }
  if (status === 408) {
    return make("timeout", `${name} timed out handling the request (408). Try again.`);
  }
  if (status >= 500) {
    return make("server", `${name} had a server error (${status}). This is usually temporary; try again shortly.`);
  }
  return make("bad_request", `${name} rejected the request (${status})${detail ? `: ${detail}` : "."}`);
}

/** Every `code`, `name` and message along an error's cause chain (undici hides the socket error two levels down). */
export interface CauseLink {
  code?: string;
  name?: string;
  message?: string;
  /** Set by our own guard errors (e.g. "refused_url"). */
  kind?: string;
}

export function causeChain(err: unknown): CauseLink[] {
  const out: CauseLink[] = [];
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === "object" && !seen.has(current) && out.length < 8) {
    seen.add(current);
    const record = current as Record<string, unknown>;
    out.push({
      code: typeof record.code === "string" ? record.code : undefined,
      name: typeof record.name === "string" ? record.name : undefined,
      message: typeof record.message === "string" ? record.message : undefined,
      kind: typeof record.kind === "string" ? record.kind : undefined,
    });
    // AggregateError (happy-eyeballs connect to several addresses) keeps the real errors in `errors`.
    const errors = Array.isArray(record.errors) ? record.errors : undefined;
    current = record.cause ?? errors?.[0] ?? record.error;
  }
  return out;
}

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ECONNRESET",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);
const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "ECONNABORTED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);
const TLS_CODE = /^(?:CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|EPROTO|HOSTNAME_MISMATCH|ERR_OSSL_)/;
const REFUSED_URL_CODES = new Set(["ERR_REFUSED_URL", "REFUSED_URL", "ERR_UNSAFE_BASE_URL", "UNSAFE_BASE_URL"]);

function tlsReason(code: string): string {
  if (code === "DEPTH_ZERO_SELF_SIGNED_CERT" || code === "SELF_SIGNED_CERT_IN_CHAIN") return "its certificate is self-signed";
  if (code === "CERT_HAS_EXPIRED") return "its certificate has expired";
  if (code === "CERT_NOT_YET_VALID") return "its certificate is not valid yet";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID" || code === "HOSTNAME_MISMATCH") return "its certificate is for a different host name";
  if (code.startsWith("UNABLE_TO_")) return "its certificate is not signed by a trusted authority";
  if (code.startsWith("ERR_SSL_") || code === "EPROTO") return "it does not speak TLS on this port (try http:// or another port)";
  return "its certificate could not be verified";
}

/**
 * Network-level failures (no HTTP answer): unreachable host, timeout, TLS, or a URL the
 * base-URL guard refused. Undefined when the error is none of these.
 */
export function fromNetworkError(ctx: ErrorContext, err: unknown): ProviderError | undefined {
  const chain = causeChain(err);
  const where = host(ctx.baseUrl);
  const detail = redact(
    chain
      .map((c) => [c.code, c.message].filter(Boolean).join(": "))
      .filter(Boolean)
      .join(" ← "),
    ctx.secrets,
  );
  const base = { providerId: ctx.providerId, detail: detail || undefined };
  for (const link of chain) {
    const kind = link.kind;
    if (
      (link.code && REFUSED_URL_CODES.has(link.code)) ||
      kind === "refused_url" ||
      (link.name && /refused|unsafe/i.test(link.name) && /url/i.test(link.name))
    ) {
      // The guard's own message says why (private address, redirect, scheme…) and holds no secret.
      return new ProviderError({
        kind: "refused_url",
        message: link.message
          ? redact(link.message, ctx.secrets)
          : `The base URL ${where} is not allowed: it points to a private, loopback or metadata address. Use the provider's public address.`,
        ...base,
        code: link.code,
      });
    }
  }
  for (const link of chain) {
    const code = link.code ?? "";
    if (TLS_CODE.test(code) || (link.message && /certificate|self[- ]signed|ssl routines|wrong version number/i.test(link.message))) {
      return new ProviderError({
        kind: "tls",
        message: `The secure (TLS) connection to ${where} failed: ${tlsReason(code || "CERT_")}.`,
        ...base,
        code: code || undefined,
      });
    }
  }
  for (const link of chain) {
    const code = link.code ?? "";
    if (TIMEOUT_CODES.has(code) || link.name === "TimeoutError" || /timed? ?out/i.test(link.message ?? "")) {
      const limit = ctx.timeoutMs ? ` within ${seconds(ctx.timeoutMs)}` : "";
      return new ProviderError({ kind: "timeout", message: `${ctx.providerName} did not answer${limit} at ${where}. Try again, or raise the timeout.`, ...base, code: code || undefined });
    }
  }
  for (const link of chain) {
    const code = link.code ?? "";
    if (UNREACHABLE_CODES.has(code)) {
      const why =
        code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME"
          ? `the host name ${where} could not be found. Check the base URL for typos.`
          : code === "ECONNREFUSED"
            ? `the connection to ${where} was refused. Check the base URL and that the server is running.`
            : `the connection to ${where} failed (${code}). Check the base URL and your network.`;
      return new ProviderError({ kind: "unreachable", message: `Could not reach ${ctx.providerName}: ${why}`, ...base, code });
    }
  }
  if (chain.some((c) => c.message && /fetch failed|failed to fetch|connection error|socket hang up/i.test(c.message))) {
    return new ProviderError({ kind: "unreachable", message: `Could not reach ${ctx.providerName} at ${where}. Check the base URL and your network.`, ...base });
  }
  return undefined;
}

/**
 * The caller cancelled (its AbortSignal fired): not a provider failure. Returns what to throw
 * instead — the signal's own reason (a standard AbortError) — or undefined.
 */
export function callerAbort(signal: AbortSignal | undefined): unknown {
  if (!signal?.aborted) return undefined;
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/** Last resort: something we do not recognise, kept without the key. */
export function unexpectedError(ctx: ErrorContext, err: unknown): ProviderError {
  const message = err instanceof Error ? err.message : String(err);
  return new ProviderError({
    kind: "server",
    message: `${ctx.providerName} call failed unexpectedly. Try again; if it persists, contact support.`,
    providerId: ctx.providerId,
    detail: redact(message, ctx.secrets),
  });
}

/** A failure without an HTTP answer: the specific network kind, else a generic "could not reach". */
export function connectionFailure(ctx: ErrorContext, err: unknown, options: { orElse?: () => ProviderError } = {}): ProviderError {
  const specific = fromNetworkError(ctx, err);
  if (specific) return specific;
  if (options.orElse) return options.orElse();
  return new ProviderError({
    kind: "unreachable",
    message: `Could not reach ${ctx.providerName} at ${host(ctx.baseUrl)}. Check the base URL and your network.`,
    providerId: ctx.providerId,
    detail: redact(err instanceof Error ? err.message : String(err), ctx.secrets),
  });
}

// The one error every adapter throws. `kind` is for code (retry? fall back? stop the job?),
// `message` is for the merchant. Nothing here holds an SDK error object: those can carry
// request headers, i.e. the key. `detail` is the provider's own words, already redacted.
import type { NormalizedUsage } from "./usage";
import type { RateLimitSnapshot } from "./types";

export type ProviderErrorKind =
  | "auth"
  | "quota"
  | "rate_limit"
  | "unknown_model"
  | "unreachable"
  | "timeout"
  | "tls"
  | "invalid_output"
  | "truncated"
  | "server"
  | "refused_url"
  | "bad_request";

export interface ProviderErrorInit {
  kind: ProviderErrorKind;
  message: string;
  providerId?: string;
  /** HTTP status, when the provider answered. */
  status?: number;
  /** The provider's error code (e.g. "insufficient_quota", "model_not_found"). */
  code?: string;
  retryAfterMs?: number;
  /** The provider's or network's own message, redacted — for support, not for the merchant. */
  detail?: string;
  /** Tokens billed before the failure (an invalid or truncated answer still costs). */
  usage?: NormalizedUsage;
  rateLimit?: RateLimitSnapshot;
}

/** Kinds where trying the same call again later can succeed. */
const TRANSIENT: ReadonlySet<ProviderErrorKind> = new Set(["rate_limit", "unreachable", "timeout", "server"]);

export class ProviderError extends Error {
  override readonly name = "ProviderError";
  readonly kind: ProviderErrorKind;
  readonly providerId?: string;
  readonly status?: number;
  readonly code?: string;
  readonly retryAfterMs?: number;
  readonly detail?: string;
  readonly usage?: NormalizedUsage;
  readonly rateLimit?: RateLimitSnapshot;

  constructor(init: ProviderErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.providerId = init.providerId;
    this.status = init.status;
    this.code = init.code;
    this.retryAfterMs = init.retryAfterMs;
    this.detail = init.detail;
    this.usage = init.usage;
    this.rateLimit = init.rateLimit;
  }

  /** Whether a later attempt (or the scheduler's retry) may succeed. */
  get transient(): boolean {
    return TRANSIENT.has(this.kind);
  }

  /** Same error with more facts (usage spent, provider id) attached. */
  with(extra: Partial<ProviderErrorInit>): ProviderError {
    return new ProviderError({ ...this.toInit(), ...extra });
  }

  toInit(): ProviderErrorInit {
    return {
      kind: this.kind,
      message: this.message,
      providerId: this.providerId,
      status: this.status,
      code: this.code,
      retryAfterMs: this.retryAfterMs,
      detail: this.detail,
      usage: this.usage,
      rateLimit: this.rateLimit,
    };
  }

  /** Safe to log and to store (no key, no SDK objects). */
  toJSON(): Record<string, unknown> {
    const { usage: _usage, rateLimit: _rateLimit, ...rest } = this.toInit();
    return { name: this.name, ...rest };
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}

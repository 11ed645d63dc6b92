// What a provider's answers teach the call scheduler about a key's limits. Pure functions:
// the scheduler (provider-scheduler.server.ts) decides what to do with them.
import { isProviderError, type ProviderError } from "../providers/provider-error";
import type { RateLimitSnapshot } from "../providers/types";

/** Requests and tokens per minute a lane may use; Infinity = that dimension is not limited. */
export interface LaneLimits {
  rpm: number;
  tpm: number;
}

const MINUTE_MS = 60_000;

/**
 * The family a provider applies limits to: dated snapshots and aliases share their base
 * model's limits ("gpt-4o-mini-2024-07-18" → "gpt-4o-mini", "claude-sonnet-4-5-20250929" →
 * "claude-sonnet-4-5", "models/gemini-2.5-flash" → "gemini-2.5-flash", "-latest" dropped).
 */
export function modelFamily(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/^models\//, "")
    .replace(/-(?:\d{4}-\d{2}-\d{2}|\d{8})$/, "")
    .replace(/-latest$/, "");
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * The limits the headers state. Tokens: the combined budget (OpenAI, and Anthropic's
 * `tokens-*`, the most restrictive of its input and output budgets); Anthropic's input-token
 * budget when that is all there is.
 */
export function limitsFromSnapshot(snapshot: RateLimitSnapshot | undefined): Partial<LaneLimits> {
  if (!snapshot) return {};
  const found: Partial<LaneLimits> = {};
  const rpm = positive(snapshot.requests?.limit);
  const tpm = positive(snapshot.tokens?.limit) ?? positive(snapshot.inputTokens?.limit);
  if (rpm !== undefined) found.rpm = rpm;
  if (tpm !== undefined) found.tpm = tpm;
  return found;
}

/**
 * How long the provider's own counters say to hold the lane before a call needing
 * `nextTokens` (0 = go). Providers refill continuously at limit per minute, so the wait is the
 * missing amount at that rate — not the full-refill `reset`, which only bounds it.
 */
export function brakeMs(snapshot: RateLimitSnapshot | undefined, nextTokens: number, now = Date.now()): number {
  if (!snapshot) return 0;
  let wait = 0;
  const { requests, tokens } = snapshot;
  if (requests?.remaining !== undefined && requests.remaining < 1 && positive(requests.limit)) {
    wait = Math.max(wait, bounded(((1 - requests.remaining) * MINUTE_MS) / requests.limit!, requests.resetAt, now));
  }
  if (tokens?.remaining !== undefined && tokens.remaining < nextTokens && positive(tokens.limit)) {
    wait = Math.max(wait, bounded(((nextTokens - tokens.remaining) * MINUTE_MS) / tokens.limit!, tokens.resetAt, now));
  }
  return Math.ceil(wait);
}

function bounded(waitMs: number, resetAt: number | undefined, now: number): number {
  return resetAt !== undefined && resetAt >= now ? Math.min(waitMs, resetAt - now) : waitMs;
}

/** A 429 from the provider (not a spent quota, which has its own kind and is not retried). */
export function isRateLimitError(error: unknown): error is ProviderError {
  return isProviderError(error) && error.kind === "rate_limit";
}

/**
 * How long a 429 asks the lane to wait: Retry-After when given, else what the rate-limit
 * headers imply, else an exponential backoff (1 s, 2 s, 4 s …); never more than `maxMs`.
 */
export function retryDelayMs(error: ProviderError, attempt: number, nextTokens: number, maxMs: number, now = Date.now()): number {
  const stated = error.retryAfterMs ?? error.rateLimit?.retryAfterMs;
  const implied = brakeMs(error.rateLimit, nextTokens, now);
  const wait = stated ?? (implied > 0 ? implied : 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.min(Math.max(wait, 1), maxMs);
}

/** The rate-limit snapshot a call's result (a GenerateResult) or error carries, if any. */
export function snapshotOf(value: unknown): RateLimitSnapshot | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const snapshot = (value as { rateLimit?: unknown }).rateLimit;
  if (snapshot === null || typeof snapshot !== "object") return undefined;
  return typeof (snapshot as RateLimitSnapshot).observedAt === "number" ? (snapshot as RateLimitSnapshot) : undefined;
}

export interface CallUsage {
  /** All input tokens (cached included: providers count them toward TPM). */
  inputTokens?: number;
  outputTokens?: number;
  /** Requests the call made (a repair retry is a second one). */
  requests: number;
}

/** What a finished call used, from its normalised usage (GenerateResult, TranslateResult, ProviderError). */
export function usageOf(value: unknown): CallUsage {
  if (value === null || typeof value !== "object") return { requests: 1 };
  const { usage, calls } = value as { usage?: { inputTokens?: { total?: unknown }; outputTokens?: unknown }; calls?: unknown };
  const requests = typeof calls === "number" && Number.isInteger(calls) && calls > 0 ? calls : 1;
  const input = usage?.inputTokens?.total;
  const output = usage?.outputTokens;
  if (typeof input !== "number" || typeof output !== "number") return { requests };
  return { inputTokens: input, outputTokens: output, requests };
}

/**
 * Tokens the provider counted toward TPM for a finished call. A call that capped its output
 * (max_tokens) is counted with the cap, per request: OpenAI counts prompt + max_tokens when the
 * request arrives and keeps it; Anthropic starts from max_tokens too — counting the cap never
 * undercounts. Without a cap, the real output.
 */
export function countedTokens(used: CallUsage, outputCap: number | undefined): number | undefined {
  if (used.inputTokens === undefined || used.outputTokens === undefined) return undefined;
  const output = outputCap !== undefined ? Math.max(used.outputTokens, outputCap * used.requests) : used.outputTokens;
  return Math.max(0, Math.round(used.inputTokens + output));
}

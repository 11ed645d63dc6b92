// Reads what a provider's response headers say about the key's limits. Pure functions: the
// scheduler (issue 4) learns RPM/TPM from these snapshots instead of guessing.
import type { RateLimitSnapshot, RateLimitWindow } from "./types";

export interface HeaderSource {
  get(name: string): string | null | undefined;
}

/** Wraps a plain object (any header-name case) so it reads like `Headers`. */
export function headerSource(headers: HeaderSource | Record<string, string | string[] | undefined>): HeaderSource {
  if (typeof (headers as HeaderSource).get === "function") return headers as HeaderSource;
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) lower.set(name.toLowerCase(), Array.isArray(value) ? value.join(", ") : String(value));
  }
  return { get: (name) => lower.get(name.toLowerCase()) };
}

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;

/**
 * OpenAI's reset durations: "12ms", "20s", "1m3s", "6m0s", "1h2m3.5s", "0.5s".
 * A bare number counts as seconds. Returns milliseconds, or undefined when unreadable.
 */
export function parseDurationMs(text: string | null | undefined): number | undefined {
  if (text == null) return undefined;
  const value = text.trim();
  if (value === "") return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value) * 1000;
  if (!/^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/.test(value)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(DURATION_PART)) {
    const n = Number(amount);
    ms += unit === "h" ? n * 3_600_000 : unit === "m" ? n * 60_000 : unit === "s" ? n * 1000 : n;
  }
  return ms;
}

/** `retry-after-ms`, else `retry-after` as seconds (fractions allowed) or an HTTP date. */
export function parseRetryAfterMs(headers: HeaderSource, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms != null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function readInt(headers: HeaderSource, name: string): number | undefined {
  const value = headers.get(name);
  if (value == null || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function window(limit: number | undefined, remaining: number | undefined, resetAt: number | undefined): RateLimitWindow | undefined {
  if (limit === undefined && remaining === undefined && resetAt === undefined) return undefined;
  const w: RateLimitWindow = {};
  if (limit !== undefined) w.limit = limit;
  if (remaining !== undefined) w.remaining = remaining;
  if (resetAt !== undefined) w.resetAt = resetAt;
  return w;
}

function openAIWindow(headers: HeaderSource, suffix: "requests" | "tokens", now: number): RateLimitWindow | undefined {
  const reset = parseDurationMs(headers.get(`x-ratelimit-reset-${suffix}`));
  return window(
    readInt(headers, `x-ratelimit-limit-${suffix}`),
    readInt(headers, `x-ratelimit-remaining-${suffix}`),
    reset === undefined ? undefined : now + reset,
  );
}

function anthropicWindow(headers: HeaderSource, name: string, now: number): RateLimitWindow | undefined {
  const resetText = headers.get(`anthropic-ratelimit-${name}-reset`);
  let resetAt: number | undefined;
  if (resetText) {
    const parsed = Date.parse(resetText);
    resetAt = Number.isNaN(parsed) ? undefined : Math.max(parsed, now);
  }
  return window(
    readInt(headers, `anthropic-ratelimit-${name}-limit`),
    readInt(headers, `anthropic-ratelimit-${name}-remaining`),
    resetAt,
  );
}

/** Mistral: per-minute windows without a reset time — x-ratelimit-*-req-minute, x-ratelimitbysize-*-minute (tokens). */
function mistralWindow(headers: HeaderSource, kind: "requests" | "tokens"): RateLimitWindow | undefined {
  const [limit, remaining] =
    kind === "requests"
      ? ["x-ratelimit-limit-req-minute", "x-ratelimit-remaining-req-minute"]
      : ["x-ratelimitbysize-limit-minute", "x-ratelimitbysize-remaining-minute"];
  return window(readInt(headers, limit), readInt(headers, remaining), undefined);
}

/**
 * A snapshot of whichever convention the headers follow (OpenAI's, used by most
 * OpenAI-compatible hosts; Anthropic's; Mistral's), or undefined when they say nothing.
 */
export function parseRateLimitHeaders(
  input: HeaderSource | Record<string, string | string[] | undefined> | null | undefined,
  now = Date.now(),
): RateLimitSnapshot | undefined {
  if (!input) return undefined;
  const headers = headerSource(input);
  const snapshot: RateLimitSnapshot = { observedAt: now };
  const entries: Array<[keyof Omit<RateLimitSnapshot, "observedAt" | "retryAfterMs">, RateLimitWindow | undefined]> = [
    ["requests", anthropicWindow(headers, "requests", now) ?? openAIWindow(headers, "requests", now) ?? mistralWindow(headers, "requests")],
    ["tokens", anthropicWindow(headers, "tokens", now) ?? openAIWindow(headers, "tokens", now) ?? mistralWindow(headers, "tokens")],
    ["inputTokens", anthropicWindow(headers, "input-tokens", now)],
    ["outputTokens", anthropicWindow(headers, "output-tokens", now)],
  ];
  let found = false;
  for (const [key, value] of entries) {
    if (value) {
      snapshot[key] = value;
      found = true;
    }
  }
  const retryAfterMs = parseRetryAfterMs(headers, now);
  if (retryAfterMs !== undefined) {
    snapshot.retryAfterMs = retryAfterMs;
    found = true;
  }
  return found ? snapshot : undefined;
}

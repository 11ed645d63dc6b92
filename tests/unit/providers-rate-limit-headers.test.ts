import { describe, expect, it } from "vitest";
import { parseDurationMs, parseRateLimitHeaders, parseRetryAfterMs, headerSource } from "../../app/providers/rate-limit-headers";

describe("parseDurationMs (OpenAI reset durations)", () => {
  it.each([
    ["12ms", 12],
    ["20s", 20_000],
    ["0.5s", 500],
    ["1m3s", 63_000],
    ["6m0s", 360_000],
    ["1h2m3.5s", 3_723_500],
    ["2", 2_000],
  ])("%s → %i ms", (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(["", "soon", "1x", "m3s1"])("unreadable %j → undefined", (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe("parseRetryAfterMs", () => {
  const now = Date.parse("2026-11-26T10:00:00Z");

  it("reads seconds, fractions included", () => {
    expect(parseRetryAfterMs(headerSource({ "retry-after": "7" }), now)).toBe(7000);
    expect(parseRetryAfterMs(headerSource({ "retry-after": "0.25" }), now)).toBe(250);
  });

  it("reads an HTTP date relative to now", () => {
    expect(parseRetryAfterMs(headerSource({ "Retry-After": "Thu, 26 Nov 2026 10:00:30 GMT" }), now)).toBe(30_000);
  });

  it("prefers retry-after-ms", () => {
    expect(parseRetryAfterMs(headerSource({ "retry-after-ms": "120", "retry-after": "9" }), now)).toBe(120);
  });
});

describe("parseRateLimitHeaders", () => {
  const now = 1_000_000;

  it("reads OpenAI's x-ratelimit-* headers", () => {
    const snapshot = parseRateLimitHeaders(
      new Headers({
        "x-ratelimit-limit-requests": "500",
        "x-ratelimit-remaining-requests": "499",
        "x-ratelimit-reset-requests": "120ms",
        "x-ratelimit-limit-tokens": "200000",
        "x-ratelimit-remaining-tokens": "198500",
        "x-ratelimit-reset-tokens": "1m3s",
      }),
      now,
    );
    expect(snapshot).toEqual({
      observedAt: now,
      requests: { limit: 500, remaining: 499, resetAt: now + 120 },
      tokens: { limit: 200_000, remaining: 198_500, resetAt: now + 63_000 },
    });
  });

  it("reads Anthropic's anthropic-ratelimit-* headers with RFC 3339 resets", () => {
    const observed = Date.parse("2026-11-26T10:00:00Z");
    const snapshot = parseRateLimitHeaders(
      {
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "49",
        "anthropic-ratelimit-requests-reset": "2026-11-26T10:00:01Z",
        "anthropic-ratelimit-input-tokens-limit": "40000",
        "anthropic-ratelimit-input-tokens-remaining": "39000",
        "anthropic-ratelimit-input-tokens-reset": "2026-11-26T10:00:12Z",
        "anthropic-ratelimit-output-tokens-limit": "8000",
        "anthropic-ratelimit-output-tokens-remaining": "8000",
        "anthropic-ratelimit-output-tokens-reset": "2026-11-26T10:00:00Z",
        "retry-after": "1",
      },
      observed,
    );
    expect(snapshot?.requests).toEqual({ limit: 50, remaining: 49, resetAt: observed + 1000 });
    expect(snapshot?.inputTokens).toEqual({ limit: 40_000, remaining: 39_000, resetAt: observed + 12_000 });
    expect(snapshot?.outputTokens).toEqual({ limit: 8000, remaining: 8000, resetAt: observed });
    expect(snapshot?.retryAfterMs).toBe(1000);
  });

  it("reads Mistral's per-minute headers", () => {
    const snapshot = parseRateLimitHeaders(
      new Headers({
        "x-ratelimit-limit-req-minute": "360",
        "x-ratelimit-remaining-req-minute": "359",
        "x-ratelimitbysize-limit-minute": "2000000",
        "x-ratelimitbysize-remaining-minute": "1999000",
      }),
      now,
    );
    expect(snapshot?.requests).toEqual({ limit: 360, remaining: 359 });
    expect(snapshot?.tokens).toEqual({ limit: 2_000_000, remaining: 1_999_000 });
  });

  it("says nothing when the headers say nothing (Ollama)", () => {
    expect(parseRateLimitHeaders(new Headers({ "content-type": "application/json" }))).toBeUndefined();
  });
});

// Error mapping: every failure a merchant can meet comes out as one ProviderError kind with
// its own message, and no text taken from an SDK error carries the key.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { APIConnectionError, AuthenticationError, RateLimitError } from "openai";
import { AuthenticationError as AnthropicAuthenticationError } from "@anthropic-ai/sdk";
import { MistralError } from "@mistralai/mistralai/models/errors";
import * as deepl from "deepl-node";
import { fromHttpFailure, fromNetworkError, type ErrorContext } from "../../app/providers/error-mapping";
import { mapOpenAIError } from "../../app/providers/openai.server";
import { mapAnthropicError } from "../../app/providers/anthropic.server";
import { mapMistralError } from "../../app/providers/mistral.server";
import { mapDeepLError } from "../../app/providers/deepl.server";
import { ProviderError } from "../../app/providers/provider-error";
import { redact } from "../../app/vault/redact";

// Deliberately shaped like no known provider's key: only exact-match redaction can catch it.
const KEY = "merchant-key-7Qf2Lx9Wm4Rt8Zp1";
const ctx: ErrorContext = {
  providerId: "openai",
  providerName: "OpenAI",
  baseUrl: "https://api.example.com/v1",
  model: "gpt-4o-mini",
  secrets: [KEY],
  timeoutMs: 2000,
};

function expectNoKey(error: unknown) {
  expect(error).toBeInstanceOf(ProviderError);
  const e = error as ProviderError;
  for (const text of [e.message, e.detail ?? "", JSON.stringify(e), inspect(e, { depth: 10 }), String(e.stack)]) {
    expect(text).not.toContain(KEY);
  }
  expect((e as { cause?: unknown }).cause).toBeUndefined();
}

describe("fromHttpFailure", () => {
  it("401 → auth", () => {
    const e = fromHttpFailure(ctx, { status: 401, body: { error: { message: "Incorrect API key provided", code: "invalid_api_key" } } });
    expect(e.kind).toBe("auth");
    expect(e.message).toMatch(/rejected the API key/);
  });

  it("403 → auth", () => {
    expect(fromHttpFailure(ctx, { status: 403, body: { type: "error", error: { type: "permission_error", message: "no" } } }).kind).toBe("auth");
  });

  it("Google's 400 API_KEY_INVALID → auth", () => {
    const body = {
      error: { code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT", details: [{ reason: "API_KEY_INVALID" }] },
    };
    expect(fromHttpFailure({ ...ctx, providerName: "Google Gemini" }, { status: 400, body }).kind).toBe("auth");
  });

  it("429 insufficient_quota → quota, not a rate limit", () => {
    const e = fromHttpFailure(ctx, {
      status: 429,
      body: { error: { message: "You exceeded your current quota, please check your plan and billing details.", type: "insufficient_quota", code: "insufficient_quota" } },
    });
    expect(e.kind).toBe("quota");
    expect(e.message).toMatch(/no remaining quota or credit/);
    expect(e.transient).toBe(false);
  });

  it("DeepL 456 → quota", () => {
    const e = fromHttpFailure({ ...ctx, providerName: "DeepL" }, { status: 456, body: { message: "Quota exceeded" } });
    expect(e.kind).toBe("quota");
    expect(e.message).toMatch(/character quota/);
  });

  it("Anthropic's 400 'credit balance is too low' → quota", () => {
    const body = { type: "error", error: { type: "invalid_request_error", message: "Your credit balance is too low to access the Anthropic API." } };
    expect(fromHttpFailure(ctx, { status: 400, body }).kind).toBe("quota");
  });

  it("429 → rate_limit with the server's Retry-After", () => {
    const e = fromHttpFailure(ctx, {
      status: 429,
      body: { error: { message: "Rate limit reached", code: "rate_limit_exceeded" } },
      headers: new Headers({ "retry-after": "3", "x-ratelimit-remaining-requests": "0" }),
    });
    expect(e.kind).toBe("rate_limit");
    expect(e.retryAfterMs).toBe(3000);
    expect(e.rateLimit?.requests?.remaining).toBe(0);
    expect(e.transient).toBe(true);
  });

  it.each([
    ["OpenAI 404 model_not_found", 404, { error: { message: "The model `gpt-9` does not exist", code: "model_not_found" } }],
    ["Mistral 400 invalid model", 400, { object: "error", message: "Invalid model: gpt-9", type: "invalid_model", code: "1500" }],
    ["Anthropic 404", 404, { type: "error", error: { type: "not_found_error", message: "model: gpt-9" } }],
    ["Ollama 404 not pulled", 404, { error: { message: 'model "gpt-9" not found, try pulling it first' } }],
  ])("%s → unknown_model", (_name, status, body) => {
    const e = fromHttpFailure({ ...ctx, model: "gpt-9" }, { status, body, operation: "generate" });
    expect(e.kind).toBe("unknown_model");
    expect(e.message).toContain("“gpt-9”");
  });

  it("404 on the models list → a base-URL problem, not a model", () => {
    const e = fromHttpFailure(ctx, { status: 404, body: "Not Found", operation: "list-models" });
    expect(e.kind).toBe("bad_request");
    expect(e.message).toMatch(/base URL/);
  });

  it("5xx → server (transient)", () => {
    const e = fromHttpFailure(ctx, { status: 503, body: { error: { message: "overloaded" } } });
    expect(e.kind).toBe("server");
    expect(e.transient).toBe(true);
  });
});

describe("fromNetworkError", () => {
  // undici: TypeError("fetch failed") with the socket error as its cause.
  const fetchFailed = (cause: Record<string, unknown>) => Object.assign(new TypeError("fetch failed"), { cause });

  it("ECONNREFUSED → unreachable", () => {
    const e = fromNetworkError(ctx, fetchFailed({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:9" }));
    expect(e?.kind).toBe("unreachable");
    expect(e?.message).toMatch(/refused/);
  });

  it("ENOTFOUND → unreachable, naming the host", () => {
    const e = fromNetworkError(ctx, fetchFailed({ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND api.example.com" }));
    expect(e?.kind).toBe("unreachable");
    expect(e?.message).toContain("api.example.com");
  });

  it("a self-signed certificate → tls", () => {
    const e = fromNetworkError(ctx, fetchFailed({ code: "DEPTH_ZERO_SELF_SIGNED_CERT", message: "self-signed certificate" }));
    expect(e?.kind).toBe("tls");
    expect(e?.message).toMatch(/self-signed/);
  });

  it("an expired certificate → tls", () => {
    expect(fromNetworkError(ctx, fetchFailed({ code: "CERT_HAS_EXPIRED", message: "certificate has expired" }))?.kind).toBe("tls");
  });

  it("connect timeout → timeout", () => {
    expect(fromNetworkError(ctx, fetchFailed({ code: "UND_ERR_CONNECT_TIMEOUT", message: "Connect Timeout Error" }))?.kind).toBe("timeout");
  });

  it("the base-URL guard's refusal → refused_url with the guard's message", () => {
    class UnsafeBaseUrlError extends Error {
      readonly code = "UNSAFE_BASE_URL";
      override name = "UnsafeBaseUrlError";
    }
    const e = fromNetworkError(ctx, new APIConnectionError({ cause: new UnsafeBaseUrlError("http://10.0.0.1/v1 resolves to a private address") }));
    expect(e?.kind).toBe("refused_url");
    expect(e?.message).toContain("private address");
  });

  it("anything else → undefined", () => {
    expect(fromNetworkError(ctx, new Error("something odd"))).toBeUndefined();
  });
});

describe("the key never survives an SDK error", () => {
  it("redact removes the exact key and credential-shaped text", () => {
    const text = `key ${KEY}; Authorization: Bearer sk-proj-abcdefghij0123; api-key=zzz; Incorrect API key provided: sk-*********wxyz`;
    const out = redact(text, [KEY]);
    expect(out).not.toContain(KEY);
    expect(out).not.toContain("sk-proj-abcdefghij0123");
    expect(out).not.toContain("zzz");
    expect(out).not.toContain("wxyz");
  });

  it("openai: a 401 whose message echoes the key", () => {
    const sdkError = new AuthenticationError(
      401,
      { message: `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`, code: "invalid_api_key" },
      undefined,
      new Headers(),
    );
    expect(sdkError.message).toContain(KEY);
    const mapped = mapOpenAIError(sdkError, ctx, "generate");
    expectNoKey(mapped);
    expect((mapped as ProviderError).kind).toBe("auth");
  });

  it("openai: a connection error whose cause echoes the Authorization header", () => {
    const sdkError = new APIConnectionError({
      cause: Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET", message: `socket hang up (Authorization: Bearer ${KEY})` } }),
    });
    const mapped = mapOpenAIError(sdkError, ctx, "generate");
    expectNoKey(mapped);
    expect((mapped as ProviderError).kind).toBe("unreachable");
  });

  it("openai: a rate limit with the key in the body", () => {
    const sdkError = new RateLimitError(429, { message: `limit for key ${KEY}` }, undefined, new Headers({ "retry-after": "2" }));
    const mapped = mapOpenAIError(sdkError, ctx, "generate") as ProviderError;
    expectNoKey(mapped);
    expect(mapped.kind).toBe("rate_limit");
  });

  it("anthropic: an authentication error echoing the key", () => {
    const sdkError = new AnthropicAuthenticationError(
      401,
      { type: "error", error: { type: "authentication_error", message: `invalid x-api-key ${KEY}` } },
      undefined,
      new Headers(),
    );
    const mapped = mapAnthropicError(sdkError, { ...ctx, providerName: "Anthropic" }, "generate");
    expectNoKey(mapped);
    expect((mapped as ProviderError).kind).toBe("auth");
  });

  it("mistral: an HTTP error whose body echoes the key", () => {
    const body = JSON.stringify({ object: "error", message: `Unauthorized: ${KEY}`, type: "unauthorized", code: null });
    const response = new Response(body, { status: 401, headers: { "content-type": "application/json" } });
    const request = new Request("https://api.mistral.ai/v1/chat/completions", { headers: { Authorization: `Bearer ${KEY}` } });
    const sdkError = new MistralError(`API error occurred: ${body}`, { response, request, body });
    const mapped = mapMistralError(sdkError, { ...ctx, providerName: "Mistral AI" }, "generate");
    expectNoKey(mapped);
    expect((mapped as ProviderError).kind).toBe("auth");
  });

  it("deepl: a connection error carrying the axios error (whose config holds the key)", () => {
    const axiosError = Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:9`), {
      code: "ECONNREFUSED",
      config: { headers: { Authorization: `DeepL-Auth-Key ${KEY}` } },
    });
    const sdkError = new deepl.ConnectionError(`Connection failure: ${axiosError.message}`, false, axiosError);
    const mapped = mapDeepLError(sdkError, { ...ctx, providerName: "DeepL" }, "translate");
    expectNoKey(mapped);
    expect(mapped.kind).toBe("unreachable");
  });

  it("deepl: 403 and 456 keep their meaning", () => {
    const dctx = { ...ctx, providerName: "DeepL" };
    expect(mapDeepLError(new deepl.AuthorizationError(`Authorization failure, check auth_key, message: ${KEY}`), dctx, "usage").kind).toBe("auth");
    expect(mapDeepLError(new deepl.QuotaExceededError("Quota for this billing period has been exceeded"), dctx, "translate").kind).toBe("quota");
    expect(mapDeepLError(new deepl.DeepLError("Unexpected status code: 401 Unauthorized, content: x"), dctx, "usage").kind).toBe("auth");
  });
});

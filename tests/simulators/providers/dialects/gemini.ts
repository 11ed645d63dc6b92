// Gemini's OpenAI-compatible endpoint: POST /v1beta/openai/chat/completions,
// GET /v1beta/openai/models[/{id}]. Keys as Bearer (the openai SDK), x-goog-api-key or
// ?key=; errors in Google's shape { error: { code, message, status, details } } — a wrong
// key is 400 INVALID_ARGUMENT / API_KEY_INVALID, as the real service answers.
// SDK: `new OpenAI({ apiKey, baseURL: `${url}/v1beta/openai/` })`.
import type { IncomingCall, Reply } from "../http-io";
import { chatCompletionsRoute, modelRetrieveRoute, modelsListRoute, type ChatFlavor } from "./chat-completions";
import type { Dialect } from "./dialect";
import { bearerKey } from "./keys";

const BASE = "/v1beta/openai";

function googleError(code: number, status: string, message: string, details?: unknown[], headers?: Record<string, string>): Reply {
  return { status: code, headers, body: { error: { code, message, status, ...(details ? { details } : {}) } } };
}

function errorInfo(reason: string) {
  return { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain: "googleapis.com", metadata: { service: "generativelanguage.googleapis.com" } };
}

const flavor: ChatFlavor = {
  idPrefix: "",
  usage: ({ prompt, completion, cached }) => ({
    completion_tokens: completion,
    prompt_tokens: prompt,
    total_tokens: prompt + completion,
    // Gemini 2.5+ caches implicitly; the compatibility layer reports hits like OpenAI.
    ...(cached ? { prompt_tokens_details: { cached_tokens: cached } } : {}),
  }),
  modelNotFound: (model) =>
    googleError(404, "NOT_FOUND", `models/${model.replace(/^models\//, "")} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`),
  badRequest: (message) => googleError(400, "INVALID_ARGUMENT", message),
  cachesPrompts: true,
  reasoningTokens: () => 0,
  extraFields: {},
  extraMessageFields: {},
};

function geminiKey(call: IncomingCall): string | null {
  return bearerKey(call) ?? call.headers["x-goog-api-key"] ?? call.query.key ?? null;
}

function retryAfterHeader(seconds: number | undefined): Record<string, string> | undefined {
  return seconds !== undefined ? { "retry-after": String(seconds) } : undefined;
}

export const geminiDialect: Dialect = {
  kind: "gemini",
  defaultModels: ["gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.5-pro", "gemini-2.0-flash"],
  checksKeys: true,
  routes: [
    chatCompletionsRoute(new RegExp(`^${BASE}/chat/completions$`), flavor),
    modelsListRoute(new RegExp(`^${BASE}/models$`), () => "google", (id) => `models/${id}`),
    modelRetrieveRoute(new RegExp(`^${BASE}/models/(?:models/)?(?<model>[^/]+)$`), () => "google", flavor.modelNotFound),
  ],
  presentedKey: geminiKey,
  authError: (key) =>
    key
      ? googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [errorInfo("API_KEY_INVALID")])
      : googleError(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."),
  notFound: (call) => googleError(404, "NOT_FOUND", `The requested URL ${call.path} was not found on this server.`),
  rateLimited: ({ retryAfterMs }) => {
    const seconds = Math.max(1, Math.ceil((Number.isFinite(retryAfterMs) ? retryAfterMs : 60_000) / 1000));
    return googleError(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details.", [
      { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_requests", quotaId: "GenerateRequestsPerMinutePerProjectPerModel" }] },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${seconds}s` },
    ]);
  },
  faultReply: (status, fault) => {
    const headers = retryAfterHeader(fault.retryAfterSeconds);
    if (status === 429) return googleError(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", undefined, headers);
    if (status === 503) return googleError(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", undefined, headers);
    if (status >= 500) return googleError(status, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting", undefined, headers);
    return googleError(status, "INVALID_ARGUMENT", `Simulated error ${status}`, undefined, headers);
  },
  responseHeaders: () => ({ "x-gemini-service-tier": "standard" }),
};

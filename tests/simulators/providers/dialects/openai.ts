// OpenAI: POST /v1/chat/completions, GET /v1/models[/{id}]. Bearer keys; errors as
// { error: { message, type, param, code } }; x-ratelimit-* headers on every response.
// SDK base URL: `${url}/v1`.
import { formatOpenAiDuration } from "../rate-limiter";
import type { Reply } from "../http-io";
import { hashString } from "../generation/seeded-random";
import { chatCompletionsRoute, modelRetrieveRoute, modelsListRoute, type ChatFlavor } from "./chat-completions";
import { randomId, type Dialect, type LimitSnapshot } from "./dialect";
import { bearerKey } from "./keys";
import { strictSchemaProblem } from "./strict-schema";

function error(status: number, message: string, type: string, code: string | null = null, param: string | null = null, headers?: Record<string, string>): Reply {
  return { status, headers, body: { error: { message, type, param, code } } };
}

function maskKey(key: string): string {
  return key.length > 8 ? `${key.slice(0, 3)}*********${key.slice(-4)}` : "****";
}

const REASONING_MODELS = /^(o\d|gpt-5)/;

/** What OpenAI refuses before generating: parameters reasoning models do not take, invalid strict schemas. */
function validate(body: any, model: string): Reply | undefined {
  if (REASONING_MODELS.test(model)) {
    if (body.max_tokens !== undefined) {
      return error(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", "invalid_request_error", "unsupported_parameter", "max_tokens");
    }
    if (body.temperature !== undefined && body.temperature !== 1) {
      return error(400, `Unsupported value: 'temperature' does not support ${body.temperature} with this model. Only the default (1) value is supported.`, "invalid_request_error", "unsupported_value", "temperature");
    }
  }
  const format = body.response_format;
  if (format?.type === "json_schema" && format.json_schema?.strict) {
    const problem = strictSchemaProblem(format.json_schema.schema);
    if (problem) return error(400, `Invalid schema for response_format '${format.json_schema.name}': ${problem}`, "invalid_request_error", null, "response_format");
  }
  const tools: any[] = Array.isArray(body.tools) ? body.tools : [];
  for (const [index, tool] of tools.entries()) {
    if (!tool?.function?.strict) continue;
    const problem = strictSchemaProblem(tool.function.parameters);
    if (problem) return error(400, `Invalid schema for function '${tool.function.name}': ${problem}`, "invalid_request_error", null, `tools[${index}].function.parameters`);
  }
  return undefined;
}

export const openAiChatFlavor: ChatFlavor = {
  idPrefix: "chatcmpl-",
  usage: ({ prompt, completion, cached, reasoning }) => ({
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  }),
  modelNotFound: (model) =>
    error(404, `The model \`${model}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found"),
  badRequest: (message, param) => error(400, message, "invalid_request_error", null, param ?? null),
  cachesPrompts: true,
  // Reasoning models think before they answer; those tokens are billed as output.
  reasoningTokens: (model, seed) => (REASONING_MODELS.test(model) ? 64 * (1 + (hashString(seed) % 6)) : 0),
  extraFields: { service_tier: "default", system_fingerprint: "fp_sim0penai" },
  extraMessageFields: { refusal: null, annotations: [] },
  validate,
};

// Shown when no limits are configured: a generous tier, like a real account's headers.
const UNLIMITED = { requests: 30_000, tokens: 150_000_000 };

export const openAiDialect: Dialect = {
  kind: "openai",
  defaultModels: ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4.1", "gpt-5-mini", "gpt-5"],
  checksKeys: true,
  routes: [
    chatCompletionsRoute(/^\/v1\/chat\/completions$/, openAiChatFlavor),
    modelsListRoute(/^\/v1\/models$/, () => "system"),
    modelRetrieveRoute(/^\/v1\/models\/(?<model>[^/]+)$/, () => "system", openAiChatFlavor.modelNotFound),
  ],
  presentedKey: (call) => bearerKey(call),
  authError: (key) =>
    key
      ? error(401, `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`, "invalid_request_error", "invalid_api_key")
      : error(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error"),
  notFound: (call) => error(404, `Invalid URL (${call.method} ${call.path})`, "invalid_request_error"),
  rateLimited: ({ exceeded, retryAfterMs, decision, model, requestedTokens }) => {
    const bucket = exceeded === "requests" ? decision.requests : decision.tokens;
    const unit = exceeded === "requests" ? "requests per min (RPM)" : "tokens per min (TPM)";
    const used = bucket ? bucket.limit - bucket.remaining : 0;
    const requested = exceeded === "requests" ? 1 : requestedTokens;
    const wait = Number.isFinite(retryAfterMs) ? retryAfterMs : 60_000;
    return error(
      429,
      `Rate limit reached for ${model ?? "default"} in organization org-simulator on ${unit}: Limit ${bucket?.limit}, Used ${used}, Requested ${requested}. Please try again in ${formatOpenAiDuration(wait)}. Visit https://platform.openai.com/account/rate-limits to learn more.`,
      exceeded,
      "rate_limit_exceeded",
      null,
      { "retry-after": String(Math.max(1, Math.ceil(wait / 1000))) },
    );
  },
  faultReply: (status, fault) => {
    const retryAfter = fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : undefined;
    if (fault.errorCode === "insufficient_quota") {
      return error(429, "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.", "insufficient_quota", "insufficient_quota", null, retryAfter);
    }
    if (status === 429) {
      return error(429, "Rate limit reached for requests", "requests", fault.errorCode ?? "rate_limit_exceeded", null, retryAfter);
    }
    if (status >= 500) {
      const message = status === 503 ? "The engine is currently overloaded, please try again later." : "The server had an error while processing your request. Sorry about that!";
      return error(status, message, "server_error", fault.errorCode ?? null, null, retryAfter);
    }
    return error(status, `Simulated error ${status}`, "invalid_request_error", fault.errorCode ?? null, null, retryAfter);
  },
  responseHeaders: (limits: LimitSnapshot) => {
    const requests = limits.requests ?? { limit: UNLIMITED.requests, remaining: UNLIMITED.requests - 1, resetMs: 2 };
    const tokens = limits.tokens ?? { limit: UNLIMITED.tokens, remaining: UNLIMITED.tokens, resetMs: 0 };
    return {
      "x-request-id": randomId("req_", 32),
      "openai-organization": "org-simulator",
      "openai-processing-ms": "42",
      "openai-version": "2020-10-01",
      "x-ratelimit-limit-requests": String(requests.limit),
      "x-ratelimit-remaining-requests": String(requests.remaining),
      "x-ratelimit-reset-requests": formatOpenAiDuration(requests.resetMs),
      "x-ratelimit-limit-tokens": String(tokens.limit),
      "x-ratelimit-remaining-tokens": String(tokens.remaining),
      "x-ratelimit-reset-tokens": formatOpenAiDuration(tokens.resetMs),
    };
  },
};

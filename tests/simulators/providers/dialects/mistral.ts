// Mistral: POST /v1/chat/completions (OpenAI-like; `response_format.json_schema.schema`),
// GET /v1/models (model cards with capabilities). Bearer keys; errors as
// { object: "error", message, type, param, code }. SDK: `new Mistral({ apiKey, serverURL: url })`.
import type { Reply } from "../http-io";
import { chatCompletionsRoute, type ChatFlavor } from "./chat-completions";
import { findModel, randomId, type Dialect, type LimitSnapshot } from "./dialect";
import { bearerKey } from "./keys";

function error(status: number, message: string, type: string, code: string | null, headers?: Record<string, string>): Reply {
  return { status, headers, body: { object: "error", message, type, param: null, code } };
}

const flavor: ChatFlavor = {
  idPrefix: "",
  usage: ({ prompt, completion }) => ({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }),
  modelNotFound: (model) => error(400, `Invalid model: ${model}`, "invalid_model", "1500"),
  badRequest: (message) => error(400, message, "invalid_request_error", "3001"),
  cachesPrompts: false,
  reasoningTokens: () => 0,
  extraFields: {},
  extraMessageFields: { prefix: false },
  noToolCalls: null,
};

const UNLIMITED = { requests: 360, tokens: 2_000_000 };

function modelCard(id: string) {
  return {
    id,
    object: "model",
    created: 1_735_689_600,
    owned_by: "mistralai",
    capabilities: { completion_chat: true, function_calling: true, completion_fim: false, fine_tuning: true, vision: /pixtral|medium|small/.test(id), classification: false },
    name: id,
    description: `Simulated ${id}`,
    max_context_length: 131_072,
    aliases: [],
    deprecation: null,
    default_model_temperature: 0.3,
    type: "base",
  };
}

export const mistralDialect: Dialect = {
  kind: "mistral",
  defaultModels: ["mistral-small-latest", "mistral-medium-latest", "mistral-large-latest", "ministral-8b-latest", "open-mistral-nemo"],
  checksKeys: true,
  routes: [
    chatCompletionsRoute(/^\/v1\/chat\/completions$/, flavor),
    {
      method: "GET",
      pattern: /^\/v1\/models$/,
      handle: ({ state }) => ({ status: 200, body: { object: "list", data: state.models.map(modelCard) } }),
    },
    {
      method: "GET",
      pattern: /^\/v1\/models\/(?<model>[^/]+)$/,
      handle: ({ state, params }) => {
        const model = findModel(state.models, decodeURIComponent(params.model));
        return model ? { status: 200, body: modelCard(model) } : error(404, "Model not found", "invalid_model", "1500");
      },
    },
  ],
  presentedKey: bearerKey,
  authError: () => ({ status: 401, body: { message: "Unauthorized", request_id: randomId("", 32).toLowerCase() } }),
  notFound: () => ({ status: 404, body: { detail: "Not Found" } }),
  rateLimited: ({ exceeded, retryAfterMs }) =>
    error(
      429,
      exceeded === "requests" ? "Requests rate limit exceeded" : "Tokens per minute rate limit exceeded",
      "rate_limited",
      "1300",
      { "retry-after": String(Math.max(1, Math.ceil((Number.isFinite(retryAfterMs) ? retryAfterMs : 60_000) / 1000))) },
    ),
  faultReply: (status, fault) => {
    const headers = fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : undefined;
    if (status === 429) return error(429, "Requests rate limit exceeded", "rate_limited", fault.errorCode ?? "1300", headers);
    if (status >= 500) return error(status, "Internal server error", "internal_server_error", fault.errorCode ?? "3000", headers);
    return error(status, `Simulated error ${status}`, "invalid_request_error", fault.errorCode ?? null, headers);
  },
  responseHeaders: (limits: LimitSnapshot) => {
    const tokens = limits.tokens ?? { limit: UNLIMITED.tokens, remaining: UNLIMITED.tokens, resetMs: 0 };
    const requests = limits.requests ?? { limit: UNLIMITED.requests, remaining: UNLIMITED.requests - 1, resetMs: 0 };
    return {
      "mistral-correlation-id": randomId("", 32).toLowerCase(),
      "x-ratelimitbysize-limit-minute": String(tokens.limit),
      "x-ratelimitbysize-remaining-minute": String(tokens.remaining),
      "x-ratelimit-limit-req-minute": String(requests.limit),
      "x-ratelimit-remaining-req-minute": String(requests.remaining),
    };
  },
};

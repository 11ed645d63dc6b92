// Anthropic: POST /v1/messages (structured output via output_config.format or a forced
// tool, prompt caching with cache_control, SSE when stream: true), POST
// /v1/messages/count_tokens, GET /v1/models[/{id}]. Keys in x-api-key (or Bearer);
// errors as { type: "error", error: { type, message }, request_id }; anthropic-ratelimit-*
// headers with RFC 3339 resets. SDK: `new Anthropic({ apiKey, baseURL: url })`.
import { applyContentFault } from "../faults";
import { generateAnswer, type OutputSpec } from "../generation/generate";
import type { Reply } from "../http-io";
import { anthropicMinimumCacheableTokens } from "../usage/prompt-cache";
import { countTokens, truncateToTokens } from "../usage/tokens";
import { anthropicOutput, anthropicPrompt } from "./anthropic-prompt";
import { bearerKey } from "./keys";
import { findModel, randomId, type Dialect, type GenerationPlan, type LimitSnapshot, type Route } from "./dialect";

function error(status: number, type: string, message: string, headers?: Record<string, string>): Reply {
  return { status, headers, body: { type: "error", error: { type, message }, request_id: randomId("req_011C", 20) } };
}

const invalid = (message: string) => error(400, "invalid_request_error", message);
const notFoundModel = (model: string) => error(404, "not_found_error", `model: ${model}`);

function validate(body: any): Reply | undefined {
  if (!body || typeof body !== "object") return invalid("Request body must be a JSON object");
  if (typeof body.model !== "string") return invalid("model: Field required");
  if (!Array.isArray(body.messages)) return invalid("messages: Field required");
  return undefined;
}

function contentFor(output: OutputSpec, text: string, value: unknown, truncated: boolean) {
  if (output.type === "tool") {
    // A tool call cut off by max_tokens carries no usable input.
    return [{ type: "tool_use", id: randomId("toolu_01", 22), name: output.name, input: truncated ? {} : value ?? {}, caller: { type: "direct" } }];
  }
  return [{ type: "text", text, citations: null }];
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function streamEvents(message: any): string[] {
  const { content, stop_reason, stop_sequence, usage } = message;
  const events = [sse("message_start", { type: "message_start", message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } })];
  content.forEach((block: any, index: number) => {
    if (block.type === "tool_use") {
      events.push(sse("content_block_start", { type: "content_block_start", index, content_block: { ...block, input: {} } }));
      for (const piece of JSON.stringify(block.input).match(/[\s\S]{1,24}/g) ?? []) {
        events.push(sse("content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: piece } }));
      }
    } else {
      events.push(sse("content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "", citations: null } }));
      for (const piece of String(block.text).match(/[\s\S]{1,24}/g) ?? []) {
        events.push(sse("content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text: piece } }));
      }
    }
    events.push(sse("content_block_stop", { type: "content_block_stop", index }));
  });
  events.push(sse("message_delta", { type: "message_delta", delta: { stop_reason, stop_sequence }, usage: { output_tokens: usage.output_tokens } }));
  events.push(sse("message_stop", { type: "message_stop" }));
  return events;
}

const messages: Route = {
  method: "POST",
  pattern: /^\/v1\/messages$/,
  handle({ call, apiKey, state }) {
    const body = call.body;
    const problem = call.malformedBody ? invalid("Request body is not valid JSON") : validate(body);
    if (problem) return problem;
    if (typeof body.max_tokens !== "number") return invalid("max_tokens: Field required");
    const model = findModel(state.models, body.model);
    if (!model) return notFoundModel(body.model);
    const output = anthropicOutput(body);
    const prompt = anthropicPrompt(body, output);
    const answer = generateAnswer({ model, system: prompt.system, user: prompt.user, output });
    const plan: GenerationPlan = {
      kind: "generation",
      model,
      rateTokens: prompt.totalTokens + body.max_tokens,
      respond(fault) {
        const damaged = applyContentFault(fault?.kind, answer, output);
        const cut = truncateToTokens(damaged.answer.text, body.max_tokens);
        const truncated = Boolean(damaged.truncated || cut.truncated);
        const cache = state.breakpointCache.apply(`${apiKey}|${model}`, prompt.blocks, anthropicMinimumCacheableTokens(model));
        const content = damaged.empty ? [] : contentFor(output, cut.text, damaged.answer.value, truncated);
        const outputTokens = damaged.empty ? 0 : countTokens(cut.text);
        const stopReason = truncated ? "max_tokens" : output.type === "tool" ? "tool_use" : "end_turn";
        const message = {
          id: randomId("msg_01", 22),
          type: "message",
          role: "assistant",
          model: body.model,
          content,
          stop_reason: stopReason,
          stop_sequence: null,
          stop_details: null,
          container: null,
          usage: {
            input_tokens: cache.uncachedTokens,
            cache_creation_input_tokens: cache.cacheCreationTokens,
            cache_read_input_tokens: cache.cacheReadTokens,
            cache_creation: { ephemeral_5m_input_tokens: cache.cacheCreation5m, ephemeral_1h_input_tokens: cache.cacheCreation1h },
            output_tokens: outputTokens,
            service_tier: "standard",
            server_tool_use: null,
          },
        };
        const usage = { inputTokens: cache.totalTokens, cachedInputTokens: cache.cacheReadTokens, outputTokens };
        if (body.stream) return { reply: { status: 200, chunks: streamEvents(message) }, usage };
        return { reply: { status: 200, body: message }, usage };
      },
    };
    return plan;
  },
};

const countTokensRoute: Route = {
  method: "POST",
  pattern: /^\/v1\/messages\/count_tokens$/,
  handle({ call, state }) {
    const problem = call.malformedBody ? invalid("Request body is not valid JSON") : validate(call.body);
    if (problem) return problem;
    if (!findModel(state.models, call.body.model)) return notFoundModel(call.body.model);
    return { status: 200, body: { input_tokens: anthropicPrompt(call.body, anthropicOutput(call.body)).totalTokens } };
  },
};

function modelInfo(id: string) {
  const display = id.replace(/^claude-/, "Claude ").replace(/-(\d)-(\d)$/, " $1.$2").replace(/-/g, " ");
  return {
    type: "model",
    id,
    display_name: display.replace(/\b\w/g, (c) => c.toUpperCase()),
    created_at: "2025-09-29T00:00:00Z",
    capabilities: null,
    deprecated_at: null,
    lifecycle: "active",
    line: null,
    max_input_tokens: 200_000,
    max_tokens: 64_000,
  };
}

const UNLIMITED = { requests: 4_000, tokens: 2_000_000 };

function resetAt(ms: number): string {
  return new Date(Date.now() + (Number.isFinite(ms) ? ms : 60_000)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const anthropicDialect: Dialect = {
  kind: "anthropic",
  defaultModels: ["claude-haiku-4-5", "claude-sonnet-4-6", "claude-opus-4-6", "claude-sonnet-5", "claude-sonnet-4-5", "claude-sonnet-4", "claude-opus-4-5"],
  checksKeys: true,
  routes: [
    messages,
    countTokensRoute,
    {
      method: "GET",
      pattern: /^\/v1\/models$/,
      handle: ({ state }) => ({
        status: 200,
        body: { data: state.models.map(modelInfo), has_more: false, first_id: state.models[0] ?? null, last_id: state.models.at(-1) ?? null },
      }),
    },
    {
      method: "GET",
      pattern: /^\/v1\/models\/(?<model>[^/]+)$/,
      handle: ({ state, params }) => {
        const model = findModel(state.models, decodeURIComponent(params.model));
        return model ? { status: 200, body: modelInfo(model) } : notFoundModel(params.model);
      },
    },
  ],
  presentedKey: (call) => call.headers["x-api-key"] ?? bearerKey(call),
  authError: (key) => error(401, "authentication_error", key ? "invalid x-api-key" : "x-api-key header is required"),
  notFound: () => error(404, "not_found_error", "Not Found"),
  rateLimited: ({ exceeded, retryAfterMs, decision }) => {
    const bucket = exceeded === "requests" ? decision.requests : decision.tokens;
    const what = exceeded === "requests" ? "requests per minute" : "input tokens per minute";
    return error(
      429,
      "rate_limit_error",
      `This request would exceed the rate limit for your organization (org-simulator) of ${bucket?.limit} ${what}. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.`,
      { "retry-after": String(Math.max(1, Math.ceil((Number.isFinite(retryAfterMs) ? retryAfterMs : 60_000) / 1000))) },
    );
  },
  faultReply: (status, fault) => {
    const headers = fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : undefined;
    if (status === 429) return error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", headers);
    if (status === 529) return error(529, "overloaded_error", "Overloaded", headers);
    if (status >= 500) return error(status, "api_error", "Internal server error", headers);
    if (status === 403) return error(403, "permission_error", "Your API key does not have permission to use the specified resource.", headers);
    if (status === 413) return error(413, "request_too_large", "Request exceeds the maximum allowed number of bytes.", headers);
    return error(status, fault.errorCode ?? "invalid_request_error", `Simulated error ${status}`, headers);
  },
  responseHeaders: (limits: LimitSnapshot) => {
    const requests = limits.requests ?? { limit: UNLIMITED.requests, remaining: UNLIMITED.requests - 1, resetMs: 15 };
    const tokens = limits.tokens ?? { limit: UNLIMITED.tokens, remaining: UNLIMITED.tokens, resetMs: 0 };
    const headers: Record<string, string> = {
      "request-id": randomId("req_011C", 20),
      "anthropic-organization-id": "00000000-0000-4000-8000-000000000000",
      "anthropic-ratelimit-requests-limit": String(requests.limit),
      "anthropic-ratelimit-requests-remaining": String(requests.remaining),
      "anthropic-ratelimit-requests-reset": resetAt(requests.resetMs),
    };
    // One token budget stands for Anthropic's tokens, input-tokens and output-tokens limits.
    for (const name of ["tokens", "input-tokens", "output-tokens"]) {
      headers[`anthropic-ratelimit-${name}-limit`] = String(tokens.limit);
      headers[`anthropic-ratelimit-${name}-remaining`] = String(tokens.remaining);
      headers[`anthropic-ratelimit-${name}-reset`] = resetAt(tokens.resetMs);
    }
    return headers;
  },
};

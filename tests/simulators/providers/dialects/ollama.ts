// Ollama: the OpenAI-compatible /v1/chat/completions and /v1/models, and the native
// /api/chat (NDJSON stream by default; `format` = "json" or a JSON Schema), /api/tags and
// /api/version. Keys are ignored. No rate-limit headers; a full queue answers 503.
// SDK: `new OpenAI({ apiKey: "ollama", baseURL: `${url}/v1` })`; native clients take `url`.
import { applyContentFault } from "../faults";
import { generateAnswer, type OutputSpec } from "../generation/generate";
import type { IncomingCall, Reply } from "../http-io";
import { countTokens, truncateToTokens } from "../usage/tokens";
import { chatCompletionsRoute, modelRetrieveRoute, modelsListRoute, type ChatFlavor } from "./chat-completions";
import { chatPrompt } from "./chat-prompt";
import { findModel, type Dialect, type GenerationPlan, type Route } from "./dialect";

function openAiError(status: number, message: string, type = "invalid_request_error"): Reply {
  return { status, body: { error: { message, type, param: null, code: null } } };
}

function nativeError(status: number, message: string): Reply {
  return { status, body: { error: message } };
}

const isNative = (call: IncomingCall) => call.path.startsWith("/api/");
const notPulled = (model: string) => `model "${model}" not found, try pulling it first`;

const flavor: ChatFlavor = {
  idPrefix: "chatcmpl-",
  usage: ({ prompt, completion }) => ({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }),
  modelNotFound: (model) => openAiError(404, notPulled(model), "api_error"),
  badRequest: (message) => openAiError(400, message),
  cachesPrompts: false,
  reasoningTokens: () => 0,
  extraFields: { system_fingerprint: "fp_ollama" },
  extraMessageFields: {},
};

function details(model: string) {
  const family = model.split(/[:.\d]/)[0] || "llama";
  return { parent_model: "", format: "gguf", family, families: [family], parameter_size: "3.2B", quantization_level: "Q4_K_M" };
}

/** Native messages carry images as base64 strings beside the text. */
function withImages(messages: any[]): any[] {
  return messages.map((m) =>
    Array.isArray(m?.images) && m.images.length
      ? { ...m, content: [{ type: "text", text: String(m.content ?? "") }, ...m.images.map((img: string) => ({ type: "image_url", image_url: { url: String(img).slice(0, 64) } }))] }
      : m,
  );
}

function nativeOutput(format: unknown): OutputSpec {
  if (format === "json") return { type: "json_object" };
  if (format && typeof format === "object") return { type: "json_schema", schema: format as Record<string, any> };
  return { type: "text" };
}

const nativeChat: Route = {
  method: "POST",
  pattern: /^\/api\/chat$/,
  handle({ call, state }) {
    const body = call.body;
    if (call.malformedBody || !body || typeof body !== "object") return nativeError(400, "invalid character in request body");
    if (!body.model) return nativeError(400, "model is required");
    const model = findModel(state.models, body.model);
    if (!model) return nativeError(404, notPulled(body.model));
    const messages = Array.isArray(body.messages) ? body.messages : [];
    const output = nativeOutput(body.format);
    const prompt = chatPrompt(withImages(messages), { schema: output.type === "json_schema" ? output.schema : undefined });
    const answer = generateAnswer({ model, system: prompt.system, user: prompt.user, output });
    const maxTokens: number | undefined = body.options?.num_predict > 0 ? body.options.num_predict : undefined;
    const plan: GenerationPlan = {
      kind: "generation",
      model,
      rateTokens: prompt.promptTokens + (maxTokens ?? countTokens(answer.text)),
      respond(fault) {
        const damaged = applyContentFault(fault?.kind, answer, output);
        let text = damaged.empty ? "" : damaged.answer.text;
        let doneReason = damaged.truncated ? "length" : "stop";
        if (maxTokens !== undefined) {
          const cut = truncateToTokens(text, maxTokens);
          if (cut.truncated) [text, doneReason] = [cut.text, "length"];
        }
        const evalCount = countTokens(text);
        const createdAt = new Date().toISOString();
        const final = {
          model: body.model,
          created_at: createdAt,
          message: { role: "assistant", content: body.stream === false ? text : "" },
          done: true,
          done_reason: doneReason,
          total_duration: 1_200_000_000,
          load_duration: 20_000_000,
          prompt_eval_count: prompt.promptTokens,
          prompt_eval_duration: 150_000_000,
          eval_count: evalCount,
          eval_duration: 1_000_000_000,
        };
        const usage = { inputTokens: prompt.promptTokens, outputTokens: evalCount };
        if (body.stream === false) return { reply: { status: 200, body: final }, usage };
        const lines = (text.match(/[\s\S]{1,24}/g) ?? []).map(
          (piece) => `${JSON.stringify({ model: body.model, created_at: createdAt, message: { role: "assistant", content: piece }, done: false })}\n`,
        );
        lines.push(`${JSON.stringify(final)}\n`);
        return { reply: { status: 200, chunks: lines, headers: { "content-type": "application/x-ndjson" } }, usage };
      },
    };
    return plan;
  },
};

export const ollamaDialect: Dialect = {
  kind: "ollama",
  defaultModels: ["llama3.2:latest", "qwen2.5:7b", "mistral:latest", "gemma3:4b", "llava:latest"],
  checksKeys: false,
  routes: [
    chatCompletionsRoute(/^\/v1\/chat\/completions$/, flavor),
    modelsListRoute(/^\/v1\/models$/, () => "library"),
    modelRetrieveRoute(/^\/v1\/models\/(?<model>[^/]+)$/, () => "library", flavor.modelNotFound),
    nativeChat,
    {
      method: "GET",
      pattern: /^\/api\/tags$/,
      handle: ({ state }) => ({
        status: 200,
        body: {
          models: state.models.map((name) => ({
            name,
            model: name,
            modified_at: "2026-01-10T09:00:00.000000000Z",
            size: 2_019_393_189,
            digest: "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
            details: details(name),
          })),
        },
      }),
    },
    { method: "GET", pattern: /^\/api\/version$/, handle: () => ({ status: 200, body: { version: "0.12.6" } }) },
    { method: "GET", pattern: /^\/$/, handle: () => ({ status: 200, body: "Ollama is running", headers: { "content-type": "text/plain; charset=utf-8" } }) },
  ],
  presentedKey: () => null,
  authError: () => nativeError(401, "unauthorized"),
  notFound: () => ({ status: 404, body: "404 page not found", headers: { "content-type": "text/plain; charset=utf-8" } }),
  rateLimited: (_info, call) => {
    const message = "server busy, please try again.  maximum pending requests exceeded";
    return isNative(call) ? nativeError(503, message) : openAiError(503, message, "api_error");
  },
  faultReply: (status, fault, call) => {
    const message = status >= 500 ? "an error was encountered while running the model: unexpected EOF" : `simulated error ${status}`;
    const reply = isNative(call) ? nativeError(status, message) : openAiError(status, message, "api_error");
    return fault.retryAfterSeconds !== undefined ? { ...reply, headers: { "retry-after": String(fault.retryAfterSeconds) } } : reply;
  },
  responseHeaders: () => ({}),
};

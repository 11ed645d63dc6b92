// The OpenAI family: OpenAI itself, Azure OpenAI, and every OpenAI-compatible endpoint
// (Gemini, Ollama, Groq, OpenRouter, DeepSeek, xAI, Together, Fireworks, Perplexity,
// LM Studio, a custom base URL), all through the official `openai` package with a base URL.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, AzureOpenAI } from "openai";
import { connectionFailure, fromHttpFailure, callerAbort, unexpectedError, type ErrorContext } from "./error-mapping";
import { errorContext, type FamilyConfig } from "./family-config";
import { runConnectionTest, type ConnectionProbe } from "./connection-test.server";
import { imageBytes, imageUrl, refuseImages } from "./images";
import { formatName, strictJsonSchema } from "./output-schema";
import { ProviderError } from "./provider-error";
import { parseRateLimitHeaders } from "./rate-limit-headers";
import type { StructuredOutputMode } from "./registry";
import { generateStructured, type CallOutcome, type FinishKind, type RepairTurn } from "./structured-generation";
import type { GenerateRequest, GenerateResult, ModelInfo, Provider } from "./types";
import { normalizeOpenAIUsage } from "./usage-normalizers";

type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type ContentPart = OpenAI.Chat.Completions.ChatCompletionContentPart;

const STRUCTURED_MODES: readonly StructuredOutputMode[] = ["json_schema_strict", "json_schema", "json_object", "tool_call"];
const AZURE_DEFAULT_API_VERSION = "2024-10-21";

/**
 * OpenAI answers a spent quota with 429 `insufficient_quota`, which the SDK would retry like a
 * rate limit. Retrying cannot help, so mark such answers `x-should-retry: false` (the SDK's
 * own switch) before the SDK sees them.
 */
export function withoutQuotaRetries(fetchImpl: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (response.status !== 429 || response.headers.has("x-should-retry")) return response;
    const body = await response.text();
    const headers = new Headers(response.headers);
    if (/insufficient_quota|billing_hard_limit_reached/.test(body)) headers.set("x-should-retry", "false");
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
}

function createClient(config: FamilyConfig): OpenAI {
  const { definition, transport } = config;
  const common = {
    // Local servers ignore the key, but the SDK insists on one (and would otherwise read OPENAI_API_KEY).
    apiKey: config.apiKey || "no-key",
    timeout: transport.timeoutMs,
    maxRetries: transport.maxRetries,
    fetch: withoutQuotaRetries(transport.fetch),
    // Explicit, so neither OPENAI_ORG_ID/OPENAI_PROJECT_ID nor OPENAI_LOG=debug leaks in from the environment.
    organization: null,
    project: null,
    logLevel: "warn" as const,
  };
  if (definition.id === "azure-openai") {
    const endpoint = config.baseUrl.replace(/\/+$/, "").replace(/\/openai$/, "");
    return new AzureOpenAI({
      ...common,
      baseURL: `${endpoint}/openai`,
      apiVersion: config.settings.apiVersion || AZURE_DEFAULT_API_VERSION,
    });
  }
  return new OpenAI({ ...common, baseURL: config.baseUrl });
}

/** Maps anything the openai SDK throws; a caller's abort is returned unchanged (to rethrow). */
export function mapOpenAIError(err: unknown, ctx: ErrorContext, operation: "generate" | "list-models", signal?: AbortSignal): unknown {
  if (err instanceof ProviderError) return err;
  const aborted = callerAbort(signal);
  if (aborted !== undefined) return aborted;
  if (err instanceof APIConnectionTimeoutError) {
    return connectionFailure(ctx, { name: "TimeoutError", message: "timed out" });
  }
  if (err instanceof APIError && typeof err.status === "number") {
    return fromHttpFailure(ctx, { status: err.status, body: err.error ?? err.message, headers: err.headers, operation });
  }
  if (err instanceof APIConnectionError) return connectionFailure(ctx, err);
  return connectionFailure(ctx, err, { orElse: () => unexpectedError(ctx, err) });
}

function finishKind(reason: string | null | undefined): FinishKind {
  if (reason === "stop" || reason === "tool_calls" || reason === "function_call") return "stop";
  if (reason === "length") return "length";
  if (reason === "content_filter") return "filtered";
  return "other";
}

function jsonInstruction(name: string, schema: unknown): string {
  return (
    `\n\nAnswer with one JSON object only (no prose, no code fences), named "${name}", ` +
    `that validates against this JSON Schema:\n${JSON.stringify(schema)}`
  );
}

function userContent<T>(config: FamilyConfig, request: GenerateRequest<T>): string | ContentPart[] {
  const images = request.images ?? [];
  if (images.length === 0) return request.prompt;
  const { definition } = config;
  if (definition.imageInput === "none") throw refuseImages(definition.id, definition.displayName);
  const parts: ContentPart[] = [{ type: "text", text: request.prompt }];
  for (const image of images) {
    const url =
      definition.imageInput === "base64"
        ? (({ mediaType, base64 }) => `data:${mediaType};base64,${base64}`)(imageBytes(image, definition.id, definition.displayName))
        : imageUrl(image);
    parts.push({ type: "image_url", image_url: { url } });
  }
  return parts;
}

export function structuredOutputMode(config: FamilyConfig): StructuredOutputMode {
  const chosen = config.settings.structuredOutput as StructuredOutputMode | undefined;
  return chosen && STRUCTURED_MODES.includes(chosen) ? chosen : config.definition.structuredOutput;
}

/** The chat completion request for one attempt (the repair turn appended when present). */
export function buildChatRequest<T>(config: FamilyConfig, request: GenerateRequest<T>, repair?: RepairTurn): ChatParams {
  const mode = structuredOutputMode(config);
  const name = formatName(request.schemaName);
  const schema = strictJsonSchema(request.schema);
  const system = mode === "json_object" ? request.system + jsonInstruction(name, schema) : request.system;
  const messages: ChatMessage[] = [
    { role: "system", content: system },
    { role: "user", content: userContent(config, request) },
  ];
  if (repair) {
    messages.push({ role: "assistant", content: repair.previousAnswer }, { role: "user", content: repair.instruction });
  }
  const params: ChatParams = { model: request.model, messages };
  if (request.maxOutputTokens !== undefined) {
    if (config.definition.maxTokensParam === "max_completion_tokens") params.max_completion_tokens = request.maxOutputTokens;
    else params.max_tokens = request.maxOutputTokens;
  }
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (mode === "json_schema_strict") {
    params.response_format = { type: "json_schema", json_schema: { name, schema, strict: true } };
  } else if (mode === "json_schema") {
    params.response_format = { type: "json_schema", json_schema: { name, schema } };
  } else if (mode === "json_object") {
    params.response_format = { type: "json_object" };
  } else {
    params.tools = [{ type: "function", function: { name, description: `Return the ${name} result.`, parameters: schema } }];
    params.tool_choice = { type: "function", function: { name } };
  }
  return params;
}

async function callOnce<T>(client: OpenAI, config: FamilyConfig, request: GenerateRequest<T>, repair: RepairTurn | undefined): Promise<CallOutcome> {
  const ctx = errorContext(config, request.model);
  try {
    const { data, response } = await client.chat.completions
      .create(buildChatRequest(config, request, repair), { signal: request.signal })
      .withResponse();
    const choice = data.choices?.[0];
    const message = choice?.message;
    const toolArguments = message?.tool_calls?.find((call) => call.type === "function")?.function.arguments;
    return {
      answer: structuredOutputMode(config) === "tool_call" ? toolArguments ?? message?.content ?? undefined : message?.content ?? undefined,
      finish: message?.refusal ? "refusal" : finishKind(choice?.finish_reason),
      refusal: message?.refusal ?? undefined,
      usage: normalizeOpenAIUsage(data.usage),
      raw: data,
      model: data.model || request.model,
      rateLimit: parseRateLimitHeaders(response.headers),
    };
  } catch (error) {
    throw mapOpenAIError(error, ctx, "generate", request.signal);
  }
}

export function createOpenAIFamilyProvider(config: FamilyConfig): Provider {
  const client = createClient(config);
  const { definition } = config;

  const listModels = async (signal?: AbortSignal): Promise<ModelInfo[]> => {
    try {
      const models: ModelInfo[] = [];
      for await (const model of client.models.list({ signal })) {
        // Gemini's compatible endpoint names models "models/gemini-…".
        models.push({ id: model.id.replace(/^models\//, "") });
        if (models.length >= 2000) break;
      }
      return models;
    } catch (error) {
      throw mapOpenAIError(error, errorContext(config), "list-models", signal);
    }
  };

  const probe: ConnectionProbe = {
    listModels,
    async tinyCompletion(model, signal) {
      const params: ChatParams = { model, messages: [{ role: "user", content: "Reply with OK." }] };
      if (definition.maxTokensParam === "max_completion_tokens") params.max_completion_tokens = 1;
      else params.max_tokens = 1;
      try {
        await client.chat.completions.create(params, { signal });
      } catch (error) {
        throw mapOpenAIError(error, errorContext(config, model), "generate", signal);
      }
    },
  };

  return {
    providerId: definition.id,
    textModel: {
      generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>> {
        return generateStructured(request, errorContext(config, request.model), (repair) => callOnce(client, config, request, repair));
      },
    },
    listModels: (options) => (definition.modelSource === "endpoint" ? listModels(options?.signal) : Promise.resolve(definition.models.map((id) => ({ id })))),
    testConnection: (options) =>
      runConnectionTest(definition, errorContext(config, options?.model), probe, { ...options, defaultModel: config.settings.deployment }),
  };
}

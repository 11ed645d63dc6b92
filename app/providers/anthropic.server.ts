// The Anthropic family (Claude) through the official @anthropic-ai/sdk. Structured output
// uses `output_config.format` (JSON schema); a forced tool call is the alternative mode.
// With `cacheSystemPrompt`, the system prompt carries a `cache_control` breakpoint.
import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import { transformJSONSchema } from "@anthropic-ai/sdk/lib/transform-json-schema.mjs";
import { connectionFailure, fromHttpFailure, callerAbort, unexpectedError, type ErrorContext } from "./error-mapping";
import { errorContext, type FamilyConfig } from "./family-config";
import { runConnectionTest, type ConnectionProbe } from "./connection-test.server";
import { imageBytes, parseDataUrl } from "./images";
import { formatName, plainJsonSchema } from "./output-schema";
import { ProviderError } from "./provider-error";
import { parseRateLimitHeaders } from "./rate-limit-headers";
import { generateStructured, type CallOutcome, type FinishKind, type RepairTurn } from "./structured-generation";
import type { GenerateRequest, GenerateResult, ImageInput, ModelInfo, Provider } from "./types";
import { normalizeAnthropicUsage } from "./usage-normalizers";

type MessageParams = Anthropic.Messages.MessageCreateParamsNonStreaming;
type ContentBlock = Anthropic.Messages.ContentBlockParam;

/** Anthropic requires max_tokens; this is the default when the task sets none. */
const DEFAULT_MAX_TOKENS = 4096;
const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

function createClient(config: FamilyConfig): Anthropic {
  return new Anthropic({
    apiKey: config.apiKey,
    // Explicit, so ANTHROPIC_BASE_URL / ANTHROPIC_LOG from the environment never apply.
    baseURL: config.baseUrl,
    timeout: config.transport.timeoutMs,
    maxRetries: config.transport.maxRetries,
    fetch: config.transport.fetch,
    logLevel: "warn",
    // Spans would carry prompt content to whatever tracer is registered.
    openTelemetry: false,
  });
}

export function mapAnthropicError(err: unknown, ctx: ErrorContext, operation: "generate" | "list-models", signal?: AbortSignal): unknown {
  if (err instanceof ProviderError) return err;
  const aborted = callerAbort(signal);
  if (aborted !== undefined) return aborted;
  if (err instanceof APIConnectionTimeoutError) return connectionFailure(ctx, { name: "TimeoutError", message: "timed out" });
  if (err instanceof APIError && typeof err.status === "number") {
    // 529 "overloaded_error" is Anthropic's "busy, try later".
    return fromHttpFailure(ctx, { status: err.status, body: err.error ?? err.message, headers: err.headers, operation });
  }
  if (err instanceof APIConnectionError) return connectionFailure(ctx, err);
  return connectionFailure(ctx, err, { orElse: () => unexpectedError(ctx, err) });
}

function imageBlock(image: ImageInput, config: FamilyConfig): ContentBlock {
  if ("url" in image && !parseDataUrl(image.url)) return { type: "image", source: { type: "url", url: image.url } };
  const { mediaType, base64 } = imageBytes(image, config.definition.id, config.definition.displayName);
  if (!IMAGE_TYPES.has(mediaType)) {
    throw new ProviderError({
      kind: "bad_request",
      providerId: config.definition.id,
      message: `${config.definition.displayName} reads JPEG, PNG, GIF and WebP images only (got ${mediaType}).`,
    });
  }
  return { type: "image", source: { type: "base64", media_type: mediaType as "image/png", data: base64 } };
}

export function buildMessageRequest<T>(config: FamilyConfig, request: GenerateRequest<T>, repair?: RepairTurn): MessageParams {
  const mode = config.settings.structuredOutput === "tool_call" ? "tool_call" : "json_schema";
  const name = formatName(request.schemaName);
  const schema = transformJSONSchema(plainJsonSchema(request.schema));
  const userBlocks: ContentBlock[] = [...(request.images ?? []).map((image) => imageBlock(image, config)), { type: "text", text: request.prompt }];
  const messages: MessageParams["messages"] = [{ role: "user", content: userBlocks }];
  if (repair) {
    messages.push({ role: "assistant", content: repair.previousAnswer }, { role: "user", content: repair.instruction });
  }
  const params: MessageParams = {
    model: request.model,
    max_tokens: request.maxOutputTokens ?? DEFAULT_MAX_TOKENS,
    system: request.cacheSystemPrompt
      ? [{ type: "text", text: request.system, cache_control: { type: "ephemeral" } }]
      : request.system,
    messages,
  };
  // `temperature` is not sent: the SDK's request type (1.14) no longer has it for current models.
  if (mode === "json_schema") {
    params.output_config = { format: { type: "json_schema", schema } };
  } else {
    params.tools = [{ name, description: `Return the ${name} result.`, input_schema: schema as Anthropic.Messages.Tool.InputSchema }];
    params.tool_choice = { type: "tool", name };
  }
  return params;
}

function finishKind(reason: string | null | undefined): FinishKind {
  if (reason === "end_turn" || reason === "tool_use" || reason === "stop_sequence") return "stop";
  if (reason === "max_tokens" || reason === "model_context_window_exceeded") return "length";
  if (reason === "refusal") return "refusal";
  return "other";
}

async function callOnce<T>(client: Anthropic, config: FamilyConfig, request: GenerateRequest<T>, repair: RepairTurn | undefined): Promise<CallOutcome> {
  try {
    const { data, response } = await client.messages.create(buildMessageRequest(config, request, repair), { signal: request.signal }).withResponse();
    const blocks = data.content ?? [];
    const toolUse = blocks.find((b) => b.type === "tool_use");
    const text = blocks
      .filter((b): b is Anthropic.Messages.TextBlock => b.type === "text")
      .map((b) => b.text)
      .join("");
    return {
      answer: toolUse && "input" in toolUse ? (toolUse.input as Record<string, unknown>) : text || undefined,
      finish: finishKind(data.stop_reason),
      usage: normalizeAnthropicUsage(data.usage),
      raw: data,
      model: data.model || request.model,
      rateLimit: parseRateLimitHeaders(response.headers),
    };
  } catch (error) {
    throw mapAnthropicError(error, errorContext(config, request.model), "generate", request.signal);
  }
}

export function createAnthropicProvider(config: FamilyConfig): Provider {
  const client = createClient(config);
  const { definition } = config;

  const listModels = async (signal?: AbortSignal): Promise<ModelInfo[]> => {
    try {
      const models: ModelInfo[] = [];
      for await (const model of client.models.list({ limit: 100 }, { signal })) {
        models.push({ id: model.id, name: model.display_name });
        if (models.length >= 1000) break;
      }
      return models;
    } catch (error) {
      throw mapAnthropicError(error, errorContext(config), "list-models", signal);
    }
  };

  const probe: ConnectionProbe = {
    listModels,
    async tinyCompletion(model, signal) {
      try {
        await client.messages.create({ model, max_tokens: 1, messages: [{ role: "user", content: "Reply with OK." }] }, { signal });
      } catch (error) {
        throw mapAnthropicError(error, errorContext(config, model), "generate", signal);
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
    listModels: (options) => listModels(options?.signal),
    testConnection: (options) => runConnectionTest(definition, errorContext(config, options?.model), probe, options),
  };
}

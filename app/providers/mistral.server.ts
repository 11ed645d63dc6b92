// The Mistral family through the official @mistralai/mistralai SDK. Unlike the OpenAI and
// Anthropic SDKs it does not retry unless told to, so every client gets an explicit backoff
// `retryConfig` (429/5xx and connection errors). Its retries are bounded by elapsed time,
// not by count: we derive that budget from `maxRetries` and the delays.
import { HTTPClient, Mistral } from "@mistralai/mistralai";
import type { RetryConfig } from "@mistralai/mistralai/lib/retries.js";
import type * as components from "@mistralai/mistralai/models/components";
import {
  ConnectionError,
  MistralError,
  RequestTimeoutError,
  ResponseValidationError,
  SDKValidationError,
} from "@mistralai/mistralai/models/errors";
import { connectionFailure, fromHttpFailure, callerAbort, unexpectedError, type ErrorContext } from "./error-mapping";
import { errorContext, type FamilyConfig } from "./family-config";
import { runConnectionTest, type ConnectionProbe } from "./connection-test.server";
import { imageUrl } from "./images";
import { formatName, strictJsonSchema } from "./output-schema";
import { ProviderError } from "./provider-error";
import { parseRateLimitHeaders } from "./rate-limit-headers";
import { generateStructured, type CallOutcome, type FinishKind, type RepairTurn } from "./structured-generation";
import type { GenerateRequest, GenerateResult, ModelInfo, Provider } from "./types";
import { normalizeMistralUsage } from "./usage-normalizers";

type ChatRequest = components.ChatCompletionRequest;
type ChatMessage = components.ChatCompletionRequestMessage;

/**
 * The SDK's backoff: delay n ≈ initial × n^1.5 + up to 1 s of jitter (or the server's integer
 * Retry-After), capped at maxInterval; it stops retrying once maxElapsedTime has passed.
 */
export function mistralRetryConfig(transport: FamilyConfig["transport"]): RetryConfig {
  if (transport.maxRetries <= 0) return { strategy: "none" };
  let budget = 0;
  for (let n = 0; n < transport.maxRetries; n++) {
    budget += Math.min(transport.retryInitialDelayMs * Math.pow(n, 1.5) + 1000, transport.retryMaxDelayMs);
  }
  return {
    strategy: "backoff",
    backoff: {
      initialInterval: transport.retryInitialDelayMs,
      maxInterval: transport.retryMaxDelayMs,
      exponent: 1.5,
      maxElapsedTime: budget,
    },
    retryConnectionErrors: true,
  };
}

/**
 * The SDK hands its fetcher a Request object; the injected fetch (the base-URL guard) gets a
 * plain URL and init instead, and we keep the last response's headers for rate limits.
 */
function recordingFetcher(fetchImpl: typeof globalThis.fetch, onResponse: (response: Response) => void) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let response: Response;
    if (input instanceof Request && init === undefined) {
      const body = input.body ? await input.arrayBuffer() : undefined;
      response = await fetchImpl(input.url, {
        method: input.method,
        headers: input.headers,
        body,
        signal: input.signal,
        redirect: input.redirect,
      });
    } else {
      response = await fetchImpl(input, init);
    }
    onResponse(response);
    return response;
  };
}

function createClient(config: FamilyConfig, onResponse: (response: Response) => void = () => {}): Mistral {
  return new Mistral({
    apiKey: config.apiKey,
    serverURL: config.baseUrl.replace(/\/+$/, "").replace(/\/v1$/, ""),
    httpClient: new HTTPClient({ fetcher: recordingFetcher(config.transport.fetch, onResponse) }),
    retryConfig: mistralRetryConfig(config.transport),
    timeoutMs: config.transport.timeoutMs,
  });
}

export function mapMistralError(err: unknown, ctx: ErrorContext, operation: "generate" | "list-models", signal?: AbortSignal): unknown {
  if (err instanceof ProviderError) return err;
  const aborted = callerAbort(signal);
  if (aborted !== undefined) return aborted;
  if (err instanceof MistralError) {
    return fromHttpFailure(ctx, { status: err.statusCode, body: err.body, headers: err.headers, operation });
  }
  if (err instanceof RequestTimeoutError) return connectionFailure(ctx, { name: "TimeoutError", message: "timed out" });
  if (err instanceof ResponseValidationError || err instanceof SDKValidationError) {
    return new ProviderError({
      kind: "server",
      providerId: ctx.providerId,
      message: `${ctx.providerName} sent a response in an unexpected shape. Try again; if it persists, contact support.`,
      detail: "response failed the SDK's validation",
    });
  }
  if (err instanceof ConnectionError) return connectionFailure(ctx, err);
  return connectionFailure(ctx, err, { orElse: () => unexpectedError(ctx, err) });
}

/**
 * The SDK drops its own timeout when a caller passes a signal, so combine the two. (Its
 * timeout covers the whole call, retries included: the Request is built once.)
 */
function requestOptions(config: FamilyConfig, signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal: AbortSignal.any([signal, AbortSignal.timeout(config.transport.timeoutMs)]) } : {};
}

function jsonInstruction(name: string, schema: unknown): string {
  return `\n\nAnswer with one JSON object only (no prose, no code fences), named "${name}", that validates against this JSON Schema:\n${JSON.stringify(schema)}`;
}

export function buildMistralRequest<T>(config: FamilyConfig, request: GenerateRequest<T>, repair?: RepairTurn): ChatRequest {
  const mode = (config.settings.structuredOutput as string | undefined) ?? config.definition.structuredOutput;
  const name = formatName(request.schemaName);
  const schema = strictJsonSchema(request.schema);
  const images = request.images ?? [];
  const userContent: components.UserMessage["content"] =
    images.length === 0
      ? request.prompt
      : [{ type: "text", text: request.prompt }, ...images.map((image) => ({ type: "image_url" as const, imageUrl: imageUrl(image) }))];
  const messages: ChatMessage[] = [
    { role: "system", content: mode === "json_object" ? request.system + jsonInstruction(name, schema) : request.system },
    { role: "user", content: userContent },
  ];
  if (repair) {
    messages.push({ role: "assistant", content: repair.previousAnswer }, { role: "user", content: repair.instruction });
  }
  const params: ChatRequest = { model: request.model, messages };
  if (request.maxOutputTokens !== undefined) params.maxTokens = request.maxOutputTokens;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (mode === "json_object") {
    params.responseFormat = { type: "json_object" };
  } else if (mode === "tool_call") {
    params.tools = [{ type: "function", function: { name, description: `Return the ${name} result.`, parameters: schema } }];
    params.toolChoice = { type: "function", function: { name } };
  } else {
    params.responseFormat = { type: "json_schema", jsonSchema: { name, schemaDefinition: schema, strict: true } };
  }
  return params;
}

function finishKind(reason: string | undefined): FinishKind {
  if (reason === "stop" || reason === "tool_calls") return "stop";
  if (reason === "length" || reason === "model_length") return "length";
  return "other";
}

function contentText(content: components.AssistantMessage["content"]): string | undefined {
  if (content == null) return undefined;
  if (typeof content === "string") return content;
  return content.map((chunk) => (chunk.type === "text" && "text" in chunk ? chunk.text : "")).join("");
}

async function callOnce<T>(config: FamilyConfig, request: GenerateRequest<T>, repair: RepairTurn | undefined): Promise<CallOutcome> {
  let lastResponse: Response | undefined;
  // One client per call, so the recorded headers belong to this call alone.
  const client = createClient(config, (response) => (lastResponse = response));
  try {
    const data = await client.chat.complete(buildMistralRequest(config, request, repair), requestOptions(config, request.signal));
    const choice = data.choices?.[0];
    const toolArguments = choice?.message?.toolCalls?.[0]?.function.arguments;
    return {
      answer: toolArguments !== undefined ? (toolArguments as string | Record<string, unknown>) : contentText(choice?.message?.content),
      finish: finishKind(choice?.finishReason),
      usage: normalizeMistralUsage(data.usage),
      raw: data,
      model: data.model || request.model,
      rateLimit: lastResponse ? parseRateLimitHeaders(lastResponse.headers) : undefined,
    };
  } catch (error) {
    throw mapMistralError(error, errorContext(config, request.model), "generate", request.signal);
  }
}

export function createMistralProvider(config: FamilyConfig): Provider {
  const { definition } = config;
  const client = createClient(config);

  const listModels = async (signal?: AbortSignal): Promise<ModelInfo[]> => {
    try {
      const list = await client.models.list(undefined, requestOptions(config, signal));
      return (list.data ?? []).map((card) => {
        const c = card as { id: string; name?: string | null };
        return c.name ? { id: c.id, name: c.name } : { id: c.id };
      });
    } catch (error) {
      throw mapMistralError(error, errorContext(config), "list-models", signal);
    }
  };

  const probe: ConnectionProbe = {
    listModels,
    async tinyCompletion(model, signal) {
      try {
        await client.chat.complete({ model, maxTokens: 1, messages: [{ role: "user", content: "Reply with OK." }] }, requestOptions(config, signal));
      } catch (error) {
        throw mapMistralError(error, errorContext(config, model), "generate", signal);
      }
    },
  };

  return {
    providerId: definition.id,
    textModel: {
      generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>> {
        return generateStructured(request, errorContext(config, request.model), (repair) => callOnce(config, request, repair));
      },
    },
    listModels: (options) => listModels(options?.signal),
    testConnection: (options) => runConnectionTest(definition, errorContext(config, options?.model), probe, options),
  };
}

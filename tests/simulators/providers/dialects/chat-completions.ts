// POST …/chat/completions for every dialect that speaks OpenAI's format (OpenAI, Mistral,
// Gemini's and Ollama's compatibility endpoints). Flavors supply the differences: usage
// shape, error bodies, whether prompts are cached, reasoning tokens.
import { applyContentFault } from "../faults";
import { generateAnswer, type OutputSpec } from "../generation/generate";
import type { Reply } from "../http-io";
import { countTokens, truncateToTokens } from "../usage/tokens";
import { chatPrompt, flattenBlocks, outputSpec } from "./chat-prompt";
import { findModel, randomId, type GenerationPlan, type Route, type RouteContext } from "./dialect";

export interface TokenCounts {
  prompt: number;
  completion: number;
  cached: number;
  reasoning: number;
}

export interface ChatFlavor {
  idPrefix: string;
  /** Usage object as this provider reports it. */
  usage(counts: TokenCounts): Record<string, unknown>;
  modelNotFound(model: string): Reply;
  badRequest(message: string, param?: string): Reply;
  /** Automatic prompt caching (OpenAI; Gemini's implicit caching). */
  cachesPrompts: boolean;
  /** Hidden reasoning tokens a model spends before answering (0 for non-reasoning models). */
  reasoningTokens(model: string, seed: string): number;
  /** Provider-specific top-level fields (system_fingerprint, service_tier…). */
  extraFields: Record<string, unknown>;
  /** Provider-specific message fields (OpenAI's refusal/annotations, Mistral's prefix). */
  extraMessageFields: Record<string, unknown>;
  /** How a message without tool calls reports them (absent, or null for Mistral). */
  noToolCalls?: null;
  /** Provider-specific refusals of a well-formed request (unsupported parameters, schemas). */
  validate?(body: any, model: string): Reply | undefined;
}

interface Choice {
  text: string;
  finishReason: string;
  empty: boolean;
}

function toolCall(output: OutputSpec, text: string) {
  return output.type === "tool"
    ? [{ id: randomId("call_", 24), type: "function", function: { name: output.name, arguments: text } }]
    : undefined;
}

function message(flavor: ChatFlavor, output: OutputSpec, text: string) {
  const calls = toolCall(output, text);
  return {
    role: "assistant",
    content: calls ? null : text,
    ...flavor.extraMessageFields,
    ...(calls ? { tool_calls: calls } : flavor.noToolCalls === null ? { tool_calls: null } : {}),
  };
}

function sse(data: unknown): string {
  return `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
}

/** The same answer as server-sent `chat.completion.chunk` events. */
function streamChunks(base: Record<string, unknown>, flavor: ChatFlavor, output: OutputSpec, choice: Choice, usage: unknown, includeUsage: boolean): string[] {
  const chunk = (delta: unknown, finishReason: string | null) => ({
    ...base,
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
  const pieces = choice.text.match(/[\s\S]{1,24}/g) ?? [];
  const events = [sse(chunk({ role: "assistant", content: output.type === "tool" ? null : "", ...flavor.extraMessageFields }, null))];
  if (output.type === "tool") {
    const [call] = toolCall(output, "")!;
    events.push(sse(chunk({ tool_calls: [{ index: 0, ...call }] }, null)));
    for (const piece of pieces) events.push(sse(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null)));
  } else {
    for (const piece of pieces) events.push(sse(chunk({ content: piece }, null)));
  }
  events.push(sse(chunk({}, choice.finishReason)));
  if (includeUsage) events.push(sse({ ...base, object: "chat.completion.chunk", choices: [], usage }));
  events.push(sse("[DONE]"));
  return events;
}

export function chatCompletionsRoute(pattern: RegExp, flavor: ChatFlavor): Route {
  return {
    method: "POST",
    pattern,
    handle({ call, apiKey, state }: RouteContext) {
      const body = call.body;
      if (call.malformedBody || !body || typeof body !== "object") {
        return flavor.badRequest("We could not parse the JSON body of your request.");
      }
      if (typeof body.model !== "string" || !body.model) return flavor.badRequest("you must provide a model parameter", "model");
      if (!Array.isArray(body.messages) || body.messages.length === 0) {
        return flavor.badRequest("Invalid 'messages': empty array. Expected an array with minimum length 1.", "messages");
      }
      const model = findModel(state.models, body.model);
      if (!model) return flavor.modelNotFound(body.model);
      const refusal = flavor.validate?.(body, model);
      if (refusal) return refusal;

      const output = outputSpec(body);
      const prompt = chatPrompt(body.messages, {
        tools: body.tools,
        schema: output.type === "json_schema" ? output.schema : undefined,
      });
      const answer = generateAnswer({ model, system: prompt.system, user: prompt.user, output });
      const maxTokens: number | undefined = body.max_completion_tokens ?? body.max_tokens ?? undefined;
      const reasoning = flavor.reasoningTokens(model, answer.text);
      const plan: GenerationPlan = {
        kind: "generation",
        model,
        rateTokens: prompt.promptTokens + (maxTokens ?? countTokens(answer.text) + reasoning),
        respond(fault) {
          const damaged = applyContentFault(fault?.kind, answer, output);
          let text = damaged.answer.text;
          let finishReason = output.type === "tool" && body.tool_choice === "required" ? "tool_calls" : "stop";
          if (output.type === "tool" && typeof body.tool_choice !== "object") finishReason = "tool_calls";
          if (damaged.truncated) finishReason = "length";
          const spentReasoning = maxTokens !== undefined ? Math.min(reasoning, maxTokens) : reasoning;
          if (maxTokens !== undefined) {
            const cut = truncateToTokens(text, Math.max(0, maxTokens - spentReasoning));
            if (cut.truncated) {
              text = cut.text;
              finishReason = "length";
            }
          }
          const cached = flavor.cachesPrompts
            ? state.automaticCache.lookupAndStore(`${apiKey}|${model}`, flattenBlocks(prompt.blocks))
            : 0;
          // n > 1 returns n identical choices; output is billed for each.
          const count = body.stream ? 1 : Math.max(1, Math.min(Number(body.n) || 1, 8));
          const completion = damaged.empty ? 0 : (countTokens(text) + spentReasoning) * count;
          const usage = flavor.usage({ prompt: prompt.promptTokens, completion, cached, reasoning: spentReasoning * count });
          const base = { id: randomId(flavor.idPrefix), created: Math.floor(Date.now() / 1000), model: body.model, ...flavor.extraFields };
          const choice: Choice = { text, finishReason, empty: Boolean(damaged.empty) };
          const record = { inputTokens: prompt.promptTokens, cachedInputTokens: cached, outputTokens: completion };
          if (body.stream) {
            const chunks = choice.empty
              ? [sse({ ...base, object: "chat.completion.chunk", choices: [] }), sse("[DONE]")]
              : streamChunks(base, flavor, output, choice, usage, Boolean(body.stream_options?.include_usage));
            return { reply: { status: 200, chunks }, usage: record };
          }
          const choices = choice.empty
            ? []
            : Array.from({ length: count }, (_, index) => ({
                index,
                message: message(flavor, output, text),
                logprobs: null,
                finish_reason: finishReason,
              }));
          return {
            reply: { status: 200, body: { ...base, object: "chat.completion", choices, usage } },
            usage: record,
          };
        },
      };
      return plan;
    },
  };
}

/** `GET …/models` in OpenAI's list shape. */
export function modelsListRoute(pattern: RegExp, owner: (id: string) => string, idFor: (id: string) => string = (id) => id): Route {
  return {
    method: "GET",
    pattern,
    handle: ({ state }) => ({
      status: 200,
      body: {
        object: "list",
        data: state.models.map((id) => ({ id: idFor(id), object: "model", created: 1_715_367_049, owned_by: owner(id) })),
      },
    }),
  };
}

/** `GET …/models/{id}`. */
export function modelRetrieveRoute(pattern: RegExp, owner: (id: string) => string, notFound: (model: string) => Reply): Route {
  return {
    method: "GET",
    pattern,
    handle: ({ state, params }) => {
      const id = decodeURIComponent(params.model ?? "");
      const model = findModel(state.models, id);
      if (!model) return notFound(id);
      return { status: 200, body: { id: model, object: "model", created: 1_715_367_049, owned_by: owner(model) } };
    },
  };
}

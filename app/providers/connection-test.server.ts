// The connection test a merchant runs after pasting a key: the cheapest real call that proves
// key, host and model (a models list, a 1-token completion where there is no usable list,
// DeepL's usage), with every failure turned into its own message.
import { ProviderError } from "./provider-error";
import { unexpectedError, type ErrorContext } from "./error-mapping";
import type { ProviderDefinition } from "./registry";
import type { ConnectionTestResult, ModelInfo } from "./types";

/** The family's raw calls; each throws a ProviderError on failure. */
export interface ConnectionProbe {
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** A 1-token completion with this model. */
  tinyCompletion?(model: string, signal?: AbortSignal): Promise<void>;
  /** DeepL: characters used and allowed this billing period. */
  usage?(): Promise<{ count: number; limit: number }>;
}

/** Models match across naming quirks: Gemini's "models/…" prefix, Ollama's ":latest" tag. */
export function sameModel(a: string, b: string): boolean {
  const norm = (id: string) => id.trim().replace(/^models\//, "").replace(/:latest$/, "").toLowerCase();
  return norm(a) === norm(b);
}

export function curatedModels(definition: ProviderDefinition): ModelInfo[] {
  return definition.models.map((id) => ({ id }));
}

export async function runConnectionTest(
  definition: ProviderDefinition,
  ctx: ErrorContext,
  probe: ConnectionProbe,
  options: { model?: string; defaultModel?: string; signal?: AbortSignal } = {},
): Promise<ConnectionTestResult> {
  const started = Date.now();
  const done = (result: Omit<ConnectionTestResult, "latencyMs">): ConnectionTestResult => ({ ...result, latencyMs: Date.now() - started });
  try {
    if (definition.connectionTest === "usage" && probe.usage) {
      const usage = await probe.usage();
      if (usage.limit > 0 && usage.count >= usage.limit) {
        return done({
          ok: false,
          characterUsage: usage,
          models: curatedModels(definition),
          error: new ProviderError({
            kind: "quota",
            providerId: definition.id,
            message: `${definition.displayName}: the key works, but this billing period's character quota is used up (${usage.count.toLocaleString("en")} of ${usage.limit.toLocaleString("en")}).`,
          }),
        });
      }
      return done({ ok: true, characterUsage: usage, models: curatedModels(definition) });
    }

    if (definition.connectionTest === "tiny-completion" && probe.tinyCompletion) {
      const model = options.model ?? options.defaultModel ?? definition.models[0];
      if (!model) {
        return done({
          ok: false,
          error: new ProviderError({
            kind: "bad_request",
            providerId: definition.id,
            message:
              definition.id === "azure-openai"
                ? "Enter the deployment name to test: Azure OpenAI calls a deployment, not a model."
                : `Choose a model to test ${definition.displayName} with.`,
          }),
        });
      }
      await probe.tinyCompletion(model, options.signal);
      return done({ ok: true, models: curatedModels(definition) });
    }

    const models = await probe.listModels(options.signal);
    if (options.model && !models.some((m) => sameModel(m.id, options.model!))) {
      const hint = definition.local
        ? ` It is not installed on this server${definition.id === "ollama" ? ` (run “ollama pull ${options.model}”)` : ""}.`
        : ` Available: ${models
            .slice(0, 8)
            .map((m) => m.id)
            .join(", ")}${models.length > 8 ? ", …" : ""}.`;
      return done({
        ok: false,
        models,
        error: new ProviderError({
          kind: "unknown_model",
          providerId: definition.id,
          message: `${definition.displayName} does not offer “${options.model}” to this key.${models.length ? hint : ""}`,
        }),
      });
    }
    return done({ ok: true, models });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return done({ ok: false, error: error instanceof ProviderError ? error : unexpectedError(ctx, error) });
  }
}

// One usage shape for every provider, so cost = usage × price works the same everywhere.
// OpenAI's prompt_tokens includes cached tokens; Anthropic's input_tokens excludes them;
// DeepL bills characters. Adapters convert into this shape; nothing else reads raw usage.
export interface NormalizedUsage {
  inputTokens: {
    /** All input tokens, cached or not. */
    total: number;
    /** Input tokens billed at the full input price. */
    noCache: number;
    /** Input tokens read from the provider's prompt cache (cheaper). */
    cacheRead: number;
    /** Input tokens written to the prompt cache (Anthropic bills these above list input). */
    cacheWrite: number;
  };
  /** Output tokens billed, including reasoning/thinking tokens. */
  outputTokens: number;
  /** Billed characters (DeepL). */
  characters: number;
}

export const EMPTY_USAGE: NormalizedUsage = Object.freeze({
  inputTokens: Object.freeze({ total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 }),
  outputTokens: 0,
  characters: 0,
}) as NormalizedUsage;

export function addUsage(a: NormalizedUsage, b: NormalizedUsage): NormalizedUsage {
  return {
    inputTokens: {
      total: a.inputTokens.total + b.inputTokens.total,
      noCache: a.inputTokens.noCache + b.inputTokens.noCache,
      cacheRead: a.inputTokens.cacheRead + b.inputTokens.cacheRead,
      cacheWrite: a.inputTokens.cacheWrite + b.inputTokens.cacheWrite,
    },
    outputTokens: a.outputTokens + b.outputTokens,
    characters: a.characters + b.characters,
  };
}

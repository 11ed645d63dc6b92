// Each provider's usage fields → NormalizedUsage. The differences matter for cost:
// OpenAI's prompt_tokens already include cached tokens; Anthropic's input_tokens exclude both
// cache reads and cache writes; DeepL bills characters.
import type { NormalizedUsage } from "./usage";

const n = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0);

/** OpenAI chat completions and every OpenAI-compatible endpoint (Gemini, Ollama, DeepSeek, …). */
export function normalizeOpenAIUsage(usage: unknown): NormalizedUsage {
  const u = (usage ?? {}) as Record<string, any>;
  const prompt = n(u.prompt_tokens);
  // DeepSeek reports its disk-cache hits as prompt_cache_hit_tokens.
  const cached = Math.min(prompt, n(u.prompt_tokens_details?.cached_tokens) || n(u.prompt_cache_hit_tokens));
  const completion = n(u.completion_tokens);
  // Some compatible servers leave reasoning tokens out of completion_tokens but count them in total_tokens.
  const total = n(u.total_tokens);
  const output = total - prompt > completion ? total - prompt : completion;
  return {
    inputTokens: { total: prompt, noCache: prompt - cached, cacheRead: cached, cacheWrite: 0 },
    outputTokens: output,
    characters: 0,
  };
}

/** Anthropic messages: input_tokens is the uncached remainder; cache reads and writes come on top. */
export function normalizeAnthropicUsage(usage: unknown): NormalizedUsage {
  const u = (usage ?? {}) as Record<string, any>;
  const noCache = n(u.input_tokens);
  const cacheRead = n(u.cache_read_input_tokens);
  const cacheWrite = n(u.cache_creation_input_tokens);
  return {
    inputTokens: { total: noCache + cacheRead + cacheWrite, noCache, cacheRead, cacheWrite },
    outputTokens: n(u.output_tokens),
    characters: 0,
  };
}

/** Mistral (SDK camelCase); cached prompt tokens when the API reports them. */
export function normalizeMistralUsage(usage: unknown): NormalizedUsage {
  const u = (usage ?? {}) as Record<string, any>;
  const prompt = n(u.promptTokens ?? u.prompt_tokens);
  const details = u.promptTokensDetails ?? u.prompt_tokens_details;
  const cached = Math.min(prompt, n(details?.cachedTokens ?? details?.cached_tokens));
  const completion = n(u.completionTokens ?? u.completion_tokens);
  const total = n(u.totalTokens ?? u.total_tokens);
  const output = total - prompt > completion ? total - prompt : completion;
  return {
    inputTokens: { total: prompt, noCache: prompt - cached, cacheRead: cached, cacheWrite: 0 },
    outputTokens: output,
    characters: 0,
  };
}

/** DeepL: billed characters per text (HTML tags are not billed). */
export function normalizeDeepLUsage(billedCharacters: ReadonlyArray<number | undefined>): NormalizedUsage {
  return {
    inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
    outputTokens: 0,
    characters: billedCharacters.reduce<number>((sum, c) => sum + n(c), 0),
  };
}

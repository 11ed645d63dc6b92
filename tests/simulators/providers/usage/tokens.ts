// Token counting with a real BPE tokenizer (o200k_base, the GPT-4o family's). Other
// providers' tokenizers differ by a few percent; one tokenizer keeps figures comparable.
import { decode, encode } from "gpt-tokenizer";

// Prompts may legitimately contain text like "<|endoftext|>"; count it as plain text.
const PLAIN = { allowedSpecial: new Set<string>(), disallowedSpecial: new Set<string>() };

export function tokenize(text: string): number[] {
  return text ? encode(text, PLAIN) : [];
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}

/** The longest prefix of `text` that fits in `maxTokens` tokens. */
export function truncateToTokens(text: string, maxTokens: number): { text: string; truncated: boolean } {
  const tokens = tokenize(text);
  if (tokens.length <= maxTokens) return { text, truncated: false };
  return { text: decode(tokens.slice(0, Math.max(0, maxTokens))), truncated: true };
}

/** Chat formats wrap each message in a few framing tokens (OpenAI documents 3 + 3 for the reply). */
export const MESSAGE_FRAMING_TOKENS = 3;
export const REPLY_PRIMING_TOKENS = 3;

/** Rough image cost: OpenAI bills 85 tokens at low detail, ~765 for a typical high-detail
 * product photo; Anthropic ~1,600 for a 1092 px square. Dimensions are not decoded. */
export function imageTokens(kind: "openai" | "anthropic", detail?: string): number {
  if (kind === "anthropic") return 1600;
  return detail === "low" ? 85 : 765;
}

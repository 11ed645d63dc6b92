import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";

// One tokenizer for estimates: o200k_base (GPT-4o, GPT-4.1, GPT-5 families). Other providers'
// tokenizers differ; for them the count is an approximation (typically within ±15% for
// English), which is why estimates are shown as estimates and the ledger records actual usage.
export function countTokens(text: string): number {
  return text.length === 0 ? 0 : countO200k(text);
}

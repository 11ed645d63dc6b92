import { PRODUCT_DATA_CLOSE, PRODUCT_DATA_OPEN } from "./product-data";

// Checks on generated text that are not about facts: did the model talk about itself or echo
// instructions (a sign that injected text in the product data steered it), and does the copy
// make a claim the merchant has forbidden?

const ECHO_PATTERNS: { pattern: RegExp; label: string }[] = [
  { pattern: /\bas an? (?:ai|a\.i\.|artificial intelligence|language model|llm|assistant)\b/i, label: "as an AI" },
  { pattern: /\b(?:i am|i'm) (?:an? )?(?:ai|language model|assistant|chatbot)\b/i, label: "self-reference" },
  { pattern: /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+|my\s+)*(?:previous|prior|above|earlier|preceding|system)?\s*(?:instructions?|prompts?|rules|directions)\b/i, label: "ignore previous instructions" },
  { pattern: /\b(?:system prompt|developer message|jailbreak|prompt injection)\b/i, label: "prompt talk" },
  { pattern: /\bnew instructions?\s*:/i, label: "new instructions" },
  { pattern: /\b(?:i (?:cannot|can't|can not|am unable to|won't) (?:help|assist|comply|provide|do that|generate))\b/i, label: "refusal" },
  { pattern: /\b(?:i'm sorry|i am sorry|i apologi[sz]e),? (?:but )?i\b/i, label: "refusal" },
  { pattern: /\b(?:here is|here's) (?:the|your) (?:json|rewritten|updated|enriched|product description|description)\b/i, label: "chat preamble" },
  { pattern: /<\|(?:im_start|im_end|system|endoftext)\|>|\[\/?INST\]|<\/?(?:system|assistant|user)>/i, label: "chat markup" },
  { pattern: new RegExp(`${escape(PRODUCT_DATA_OPEN)}|${escape(PRODUCT_DATA_CLOSE)}|PRODUCT_DATA`), label: "prompt delimiter" },
];

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Labels of instruction-like or self-referential phrases found in generated text. */
export function findInstructionEcho(text: string): string[] {
  const labels = new Set<string>();
  for (const { pattern, label } of ECHO_PATTERNS) if (pattern.test(text)) labels.add(label);
  return [...labels];
}

function normalizeForClaims(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[‐‑‒–—\-]+/g, " ").replace(/\s+/g, " ");
}

/**
 * The merchant's forbidden claims that occur in the text: case-insensitive, whole words,
 * hyphens and spaces alike ("FDA-approved" matches "fda approved").
 */
export function findForbiddenClaims(text: string, forbidden: readonly string[]): string[] {
  const haystack = normalizeForClaims(text);
  return forbidden.filter((claim) => {
    const needle = normalizeForClaims(claim).trim();
    if (!needle) return false;
    const body = escape(needle).replace(/ /g, "\\s+");
    return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, "u").test(haystack);
  });
}

/** Required keywords (from the instructions) the text does not contain. */
export function findMissingKeywords(text: string, keywords: readonly string[]): string[] {
  const haystack = normalizeForClaims(text);
  return keywords.filter((k) => !haystack.includes(normalizeForClaims(k).trim()));
}

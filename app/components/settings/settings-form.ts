// The Settings form's state and how it maps to the shop's enrichment instructions. Lists the
// merchant types one per line (forbidden claims, keywords) are arrays in the instructions;
// attribute keys follow their labels until the merchant edits them. Client-safe.

export interface AttributeDraft {
  /** A stable id for React lists (new rows have no key yet). */
  rowId: string;
  key: string;
  label: string;
  description: string;
  multiline: boolean;
  /** The key was typed by the merchant (it no longer follows the label). */
  keyEdited: boolean;
}

export interface SettingsDraft {
  language: string;
  brandVoice: string;
  tone: string;
  forbiddenClaims: string;
  forbiddenClaimAction: "reject" | "review";
  requiredKeywords: string;
  minWords: string;
  maxWords: string;
  maxNewTags: string;
  tagMaxLength: string;
  attributes: AttributeDraft[];
  autoEnrichNewProducts: boolean;
}

/** The instructions as the loader sends them (already parsed with their defaults). */
export interface InstructionsView {
  language: string;
  brandVoice: string;
  tone: string;
  forbiddenClaims: string[];
  forbiddenClaimAction: "reject" | "review";
  requiredKeywords: string[];
  descriptionLength: { minWords: number; maxWords: number };
  attributes: { key: string; label: string; description: string; multiline: boolean }[];
  tags: { maxNew: number; maxLength: number };
}

let rowIds = 0;
export const newRowId = () => `attr-${++rowIds}`;

export function draftOf(instructions: InstructionsView, autoEnrichNewProducts: boolean): SettingsDraft {
  return {
    language: instructions.language,
    brandVoice: instructions.brandVoice,
    tone: instructions.tone,
    forbiddenClaims: instructions.forbiddenClaims.join("\n"),
    forbiddenClaimAction: instructions.forbiddenClaimAction,
    requiredKeywords: instructions.requiredKeywords.join("\n"),
    minWords: String(instructions.descriptionLength.minWords),
    maxWords: String(instructions.descriptionLength.maxWords),
    maxNewTags: String(instructions.tags.maxNew),
    tagMaxLength: String(instructions.tags.maxLength),
    attributes: instructions.attributes.map((a, index) => ({ ...a, rowId: `saved-${index}-${a.key}`, keyEdited: true })),
    autoEnrichNewProducts,
  };
}

const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/** What the form posts (as JSON): the instructions' input shape, validated on the server. */
export function submissionOf(draft: SettingsDraft) {
  return {
    instructions: {
      language: draft.language,
      brandVoice: draft.brandVoice,
      tone: draft.tone,
      forbiddenClaims: lines(draft.forbiddenClaims),
      forbiddenClaimAction: draft.forbiddenClaimAction,
      requiredKeywords: lines(draft.requiredKeywords),
      descriptionLength: { minWords: number(draft.minWords), maxWords: number(draft.maxWords) },
      attributes: draft.attributes.map((a) => ({ key: a.key.trim(), label: a.label, description: a.description, multiline: a.multiline })),
      tags: { maxNew: number(draft.maxNewTags), maxLength: number(draft.tagMaxLength) },
    },
    autoEnrichNewProducts: draft.autoEnrichNewProducts,
  };
}

/** "Care instructions" → "care_instructions" (the metafield key rule: snake_case, a letter first). */
export function keyFromLabel(label: string): string {
  const key = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "")
    .slice(0, 64)
    .replace(/_+$/, "");
  return key;
}

/** Languages offered for the copy (BCP 47); the shop's current choice is added when not listed. */
export const LANGUAGES: { value: string; label: string }[] = [
  { value: "en", label: "English" },
  { value: "en-GB", label: "English (UK)" },
  { value: "fr", label: "French" },
  { value: "de", label: "German" },
  { value: "es", label: "Spanish" },
  { value: "it", label: "Italian" },
  { value: "nl", label: "Dutch" },
  { value: "pt", label: "Portuguese" },
  { value: "pt-BR", label: "Portuguese (Brazil)" },
  { value: "sv", label: "Swedish" },
  { value: "da", label: "Danish" },
  { value: "nb", label: "Norwegian Bokmål" },
  { value: "fi", label: "Finnish" },
  { value: "pl", label: "Polish" },
  { value: "cs", label: "Czech" },
  { value: "ja", label: "Japanese" },
  { value: "ko", label: "Korean" },
  { value: "zh-CN", label: "Chinese (Simplified)" },
  { value: "zh-TW", label: "Chinese (Traditional)" },
];

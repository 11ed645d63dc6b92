// What a reviewer is told about a generated field, and what that means for publishing it.

export type FlagSeverity = "info" | "review" | "reject";
export type FieldStatus = "ok" | "needs_review" | "rejected";

export type FlagCode =
  /** The value did not match the output schema (wrong type, missing). */
  | "schema_violation"
  /** Nothing left after trimming and sanitizing. */
  | "empty"
  /** Over the field's limit and not shortened (titles never are). */
  | "too_long"
  /** Cut at a word boundary to fit the limit. */
  | "shortened"
  /** Script, event handler, embed, javascript:/data: URL or a link elsewhere was removed. */
  | "hostile_content_removed"
  /** Harmless markup removed from a plain-text field, or tags outside the allowlist unwrapped. */
  | "markup_removed"
  /** A material, measurement, certification, size, origin or number not in the product data. */
  | "possible_invention"
  /** The text talks about instructions, prompts or itself ("as an AI", "ignore previous instructions"). */
  | "instruction_echo"
  /** A claim the merchant's instructions forbid. */
  | "forbidden_claim"
  /** The description's word count is outside the configured range. */
  | "length_out_of_range"
  /** A required keyword from the instructions is not in the description. */
  | "missing_required_keyword"
  /** The model gave no value (null or "unknown"); nothing to write. */
  | "no_value"
  /** Same as the current value; nothing to write. */
  | "unchanged"
  /** Some list entries were dropped (duplicate, too long, over the count, unknown image). */
  | "items_dropped";

export interface FieldFlag {
  code: FlagCode;
  severity: FlagSeverity;
  message: string;
  /** The offending terms, where there are any (invented facts, forbidden claims, removed elements). */
  terms?: string[];
}

export function flag(code: FlagCode, severity: FlagSeverity, message: string, terms?: string[]): FieldFlag {
  return terms && terms.length ? { code, severity, message, terms } : { code, severity, message };
}

/** The worst severity decides: any reject → rejected; any review → needs_review; else ok. */
export function statusOf(flags: readonly FieldFlag[]): FieldStatus {
  if (flags.some((f) => f.severity === "reject")) return "rejected";
  if (flags.some((f) => f.severity === "review")) return "needs_review";
  return "ok";
}

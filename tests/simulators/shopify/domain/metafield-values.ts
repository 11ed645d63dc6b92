// Value checks Shopify applies per metafield type (messages as the live API words them).

const LIST_PREFIX = "list.";

function checkScalar(type: string, value: string): string | null {
  switch (type) {
    case "single_line_text_field":
      return /[\r\n]/.test(value) ? "Value must be a single line text string." : null;
    case "multi_line_text_field":
    case "rich_text_field":
    case "json":
    case "url":
    case "date":
    case "date_time":
      return checkStructured(type, value);
    case "number_integer":
      return /^-?\d+$/.test(value.trim()) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value.trim()) ? null : "Value must be a decimal.";
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "color":
      return /^#[0-9a-fA-F]{6}$/.test(value) ? null : "Value must be a hex color code.";
    default:
      return null;
  }
}

function checkStructured(type: string, value: string): string | null {
  if (type === "json" || type === "rich_text_field") {
    try {
      JSON.parse(value);
      return null;
    } catch {
      return "Value is invalid JSON.";
    }
  }
  if (type === "url") return /^(https?|mailto|sms|tel):/i.test(value) ? null : "Value must be a valid URL.";
  if (type === "date") return /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : "Value must be in YYYY-MM-DD format.";
  if (type === "date_time") return Number.isNaN(Date.parse(value)) ? "Value must be in ISO 8601 format." : null;
  return null;
}

/** Returns Shopify's message for an invalid value, or null when the value fits the type. */
export function metafieldValueProblem(type: string, value: string): string | null {
  if (type.startsWith(LIST_PREFIX)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return "Value is invalid JSON.";
    }
    if (!Array.isArray(parsed)) return "Value must be an array.";
    for (const item of parsed) {
      const problem = checkScalar(type.slice(LIST_PREFIX.length), typeof item === "string" ? item : JSON.stringify(item));
      if (problem) return problem;
    }
    return null;
  }
  return checkScalar(type, value);
}

/** The types this simulator knows; anything else is refused the way Shopify refuses an unknown type. */
export const KNOWN_METAFIELD_TYPES = new Set(
  [
    "single_line_text_field",
    "multi_line_text_field",
    "rich_text_field",
    "number_integer",
    "number_decimal",
    "boolean",
    "color",
    "json",
    "url",
    "date",
    "date_time",
    "product_reference",
    "variant_reference",
    "file_reference",
    "collection_reference",
    "metaobject_reference",
    "dimension",
    "weight",
    "volume",
    "rating",
    "money",
  ].flatMap((t) => [t, LIST_PREFIX + t]),
);

export function jsonValueOf(type: string, value: string): unknown {
  if (type.startsWith(LIST_PREFIX) || ["json", "rich_text_field", "dimension", "weight", "volume", "rating", "money"].includes(type)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  if (type === "number_integer") return Number.parseInt(value, 10);
  if (type === "number_decimal") return value;
  if (type === "boolean") return value === "true";
  return value;
}

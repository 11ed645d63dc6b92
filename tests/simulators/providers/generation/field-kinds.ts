// What a JSON field is for, judged from its name and its parent's, the way a model reads a
// schema: `seo.title` and `seoTitle` are SEO titles, `descriptionHtml` is HTML copy, `alt` is
// image alt text, `value` next to `name: "Material"` is a material.

export type FieldKind =
  | "seo-title"
  | "seo-description"
  | "alt-text"
  | "image-id"
  | "description-html"
  | "description-text"
  | "summary"
  | "explanation"
  | "title"
  | "tags"
  | "attribute-name"
  | "attribute-key"
  | "attribute-value"
  | "namespace"
  | "handle"
  | "sku"
  | "vendor"
  | "product-type"
  | "language"
  | "url"
  | "email"
  | "id"
  | "attribute"
  | "generic";

/** "seoTitle" / "seo_title" / "SEO title" → ["seo", "title"]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const ATTRIBUTE_CONTAINERS = /^(attributes?|metafields?|specs|specifications|properties|details|facts|characteristics|options)$/;
const ATTRIBUTE_WORDS = [
  "material", "fabric", "color", "colour", "care", "size", "fit", "dimensions", "weight", "gender", "age", "style",
  "pattern", "season", "occasion", "origin", "country", "capacity", "volume", "scent", "length", "finish",
  "connectivity", "warranty", "dietary", "room",
];

export interface FieldContext {
  /** Property names from the root, e.g. ["seo", "title"]; array items add no name. */
  path: string[];
  /** True when the parent object also has a value-like sibling (name/value pairs). */
  pairedWithValue?: boolean;
  /** The attribute name already chosen in the same object (for its `value`). */
  siblingName?: string;
  wantsHtml: boolean;
}

export function fieldKind({ path, pairedWithValue, siblingName, wantsHtml }: FieldContext): FieldKind {
  const leaf = path[path.length - 1] ?? "";
  const parent = path[path.length - 2] ?? "";
  const words = nameWords(leaf);
  const parentWords = nameWords(parent);
  const has = (...candidates: string[]) => candidates.some((c) => words.includes(c));
  const inSeo = parentWords.some((w) => w === "seo" || w === "meta");
  const inAttributes = ATTRIBUTE_CONTAINERS.test(parent.toLowerCase()) || parentWords.includes("attributes");

  if ((inSeo || has("seo", "meta")) && has("title")) return "seo-title";
  if ((inSeo || has("seo", "meta")) && has("description", "desc")) return "seo-description";
  if (has("image", "img", "media") && has("id")) return "image-id";
  if (has("alt") || (has("image", "img") && has("description", "text"))) return "alt-text";
  if (has("html")) return "description-html";
  if (has("description", "body", "copy", "content")) return wantsHtml ? "description-html" : "description-text";
  if (has("summary", "excerpt", "tagline", "subtitle")) return "summary";
  if (has("reason", "reasoning", "explanation", "rationale", "notes", "comment", "justification")) return "explanation";
  if (has("tags", "keywords", "tag", "keyword")) return "tags";
  if (has("namespace")) return "namespace";
  if (pairedWithValue && has("key")) return "attribute-key";
  if (pairedWithValue && has("name", "label", "attribute", "property")) return "attribute-name";
  if (has("value") && (inAttributes || siblingName)) return "attribute-value";
  if (has("title", "headline", "heading") || (leaf === "name" && !inAttributes)) return "title";
  if (has("handle", "slug")) return "handle";
  if (has("sku")) return "sku";
  if (has("vendor", "brand", "manufacturer")) return "vendor";
  if (has("category") || (has("type") && has("product"))) return "product-type";
  if (has("language", "locale", "lang")) return "language";
  if (has("url", "link", "href", "src")) return "url";
  if (has("email")) return "email";
  if (leaf === "id" || has("uuid")) return "id";
  if (ATTRIBUTE_WORDS.some((w) => words.includes(w))) return "attribute";
  if (inAttributes) return "attribute";
  return "generic";
}

import type { z } from "zod";
import type { CatalogProduct } from "../catalog/product";
import { findForbiddenClaims, findInstructionEcho, findMissingKeywords } from "./content-checks";
import { flag, statusOf, type FieldFlag, type FieldStatus } from "./flags";
import { DEFAULT_INSTRUCTIONS, type AttributeDefinition, type EnrichmentInstructions } from "./instructions";
import { findPossibleInventions } from "./inventions";
import { resolveLimits, type FieldLimits } from "./limits";
import { productReferenceText } from "./product-data";
import { countWords, htmlToText, sanitizeDescriptionHtml, sanitizePlainText, type Removal } from "./sanitize";
import {
  buildOutputSchema,
  METAFIELD_NAMESPACE,
  metafieldFor,
  resolveTasks,
  type EnrichmentTask,
  type MetafieldTextType,
  type TaskId,
} from "./tasks";

// A provider's answer → per-field proposals a reviewer (or publish mode) can act on. Nothing
// here trusts the answer: it is parsed, each field checked against its schema fragment,
// sanitized, bounded, and checked for hostile content, echoed instructions, forbidden claims
// and facts the product data does not support. Only a field with status "ok" may be published
// without a person looking at it.

export interface FieldResult {
  /** "title", "descriptionHtml", "seo.title", "seo.description", "attributes.<key>", "tags", "imageAlt.<imageId>". */
  field: string;
  task: TaskId;
  /** The sanitized, bounded value; null when there is nothing to write. Tags: the full resulting list. */
  proposed: string | string[] | null;
  original: string | string[] | null;
  flags: FieldFlag[];
  status: FieldStatus;
  /** For attributes: where the value is stored. */
  metafield?: { namespace: string; key: string; type: MetafieldTextType };
  /** For alt text: which image. */
  imageId?: string;
  /** For tags: the tags added to the merchant's own. */
  addedTags?: string[];
}

export type EnrichmentErrorCode =
  | "response_too_large"
  | "malformed_json"
  | "truncated_json"
  | "not_an_object"
  | "unexpected_keys"
  | "invalid_list_entry"
  | "unknown_image";

export interface EnrichmentError {
  code: EnrichmentErrorCode;
  message: string;
  /** A fatal error means no field could be read: the item failed. */
  fatal: boolean;
}

export interface EnrichmentResult {
  fields: FieldResult[];
  errors: EnrichmentError[];
}

export interface FinalizeOptions {
  product: CatalogProduct;
  tasks: readonly (EnrichmentTask | TaskId)[];
  /** The shop's domain; description links may point there only. */
  shopDomain: string;
  /** More hosts of the same shop (a custom primary domain) that links may use. */
  extraLinkHosts?: readonly string[];
  /** Defaults to the instructions' attributes. */
  attributes?: readonly AttributeDefinition[];
  instructions?: EnrichmentInstructions;
  limits?: Partial<FieldLimits>;
}

/** A field may be written without review: checked clean and with something to write. */
export function isPublishable(field: FieldResult): boolean {
  return field.status === "ok" && field.proposed !== null && !field.flags.some((f) => f.code === "unchanged");
}

export function finalizeEnrichment(raw: unknown, options: FinalizeOptions): EnrichmentResult {
  const instructions = options.instructions ?? DEFAULT_INSTRUCTIONS;
  const attributes = options.attributes ?? instructions.attributes;
  const limits = resolveLimits(instructions, options.limits);
  const tasks = resolveTasks(options.tasks.map((t) => (typeof t === "string" ? t : t.id)));
  const schema = buildOutputSchema(tasks, attributes, limits);
  const errors: EnrichmentError[] = [];

  const parsed = readObject(raw, limits, errors);
  if (!parsed) return { fields: [], errors };

  const expected = new Set(Object.keys(schema.shape));
  const extra = Object.keys(parsed).filter((k) => !expected.has(k));
  if (extra.length) {
    errors.push({ code: "unexpected_keys", message: `Ignored keys not in the schema: ${extra.slice(0, 10).join(", ")}`, fatal: false });
  }

  const ctx: FieldContext = {
    product: options.product,
    instructions,
    limits,
    shop: { shopDomain: options.shopDomain, extraHosts: options.extraLinkHosts },
    reference: productReferenceText(options.product, [...instructions.requiredKeywords, instructions.brandVoice]),
  };
  const shape = schema.shape as Record<string, z.ZodType>;
  const fields: FieldResult[] = [];
  for (const task of tasks) {
    switch (task.id) {
      case "title":
        fields.push(textField(ctx, "title", "title", parsed.title, shape.title!, { kind: "title", max: limits.titleMaxChars, original: options.product.title }));
        break;
      case "description":
        fields.push(descriptionField(ctx, parsed.descriptionHtml, shape.descriptionHtml!));
        break;
      case "seo":
        fields.push(textField(ctx, "seo", "seo.title", parsed.seoTitle, shape.seoTitle!, { kind: "title", max: limits.seoTitleMaxChars, original: options.product.seo.title }));
        fields.push(textField(ctx, "seo", "seo.description", parsed.seoDescription, shape.seoDescription!, { kind: "shortenable", max: limits.seoDescriptionMaxChars, original: options.product.seo.description }));
        break;
      case "attributes":
        fields.push(...attributeFields(ctx, attributes, parsed.attributes, shape.attributes!));
        break;
      case "tags":
        fields.push(tagsField(ctx, parsed.newTags, shape.newTags!));
        break;
      case "imageAlt":
        fields.push(...imageAltFields(ctx, parsed.imageAltTexts, shape.imageAltTexts!, errors));
        break;
    }
  }
  return { fields, errors };
}

// ── Reading the answer ──────────────────────────────────────────────────────────────────────

function readObject(raw: unknown, limits: FieldLimits, errors: EnrichmentError[]): Record<string, unknown> | null {
  let value = raw;
  if (typeof raw === "string") {
    if (raw.length > limits.maxResponseChars) {
      errors.push({ code: "response_too_large", message: `The answer has ${raw.length} characters (limit ${limits.maxResponseChars}).`, fatal: true });
      return null;
    }
    const text = stripCodeFence(raw.trim());
    try {
      value = JSON.parse(text);
    } catch (e) {
      const truncated = looksTruncated(text);
      errors.push({
        code: truncated ? "truncated_json" : "malformed_json",
        message: truncated
          ? "The answer ends mid-JSON (cut off, e.g. by the output token limit)."
          : `The answer is not JSON: ${(e as Error).message.slice(0, 200)}`,
        fatal: true,
      });
      return null;
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    errors.push({ code: "not_an_object", message: `Expected a JSON object, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}.`, fatal: true });
    return null;
  }
  if (typeof raw !== "string") {
    let size = 0;
    try {
      size = JSON.stringify(value).length;
    } catch {
      errors.push({ code: "not_an_object", message: "The answer is not plain JSON data.", fatal: true });
      return null;
    }
    if (size > limits.maxResponseChars) {
      errors.push({ code: "response_too_large", message: `The answer has ${size} characters (limit ${limits.maxResponseChars}).`, fatal: true });
      return null;
    }
  }
  return value as Record<string, unknown>;
}

// Models without structured output sometimes wrap JSON in a Markdown code fence.
function stripCodeFence(text: string): string {
  const m = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(text);
  return m ? m[1]! : text;
}

/** Unbalanced braces/brackets or an unterminated string: the JSON was cut off, not garbled. */
function looksTruncated(text: string): boolean {
  if (!text.startsWith("{") && !text.startsWith("[")) return false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const ch of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") depth--;
  }
  return inString || depth > 0;
}

// ── Per-field checks ────────────────────────────────────────────────────────────────────────

interface FieldContext {
  product: CatalogProduct;
  instructions: EnrichmentInstructions;
  limits: FieldLimits;
  shop: { shopDomain: string; extraHosts?: readonly string[] };
  reference: string;
}

function result(base: Omit<FieldResult, "status">): FieldResult {
  return { ...base, status: statusOf(base.flags) };
}

function schemaViolation(field: string, task: TaskId, original: FieldResult["original"], error: z.ZodError | string): FieldResult {
  const message = typeof error === "string" ? error : error.issues.map((i) => i.message).join("; ");
  return result({ field, task, proposed: null, original, flags: [flag("schema_violation", "reject", `Not as the schema requires: ${message}`)] });
}

function removalFlags(removals: readonly Removal[]): FieldFlag[] {
  const flags: FieldFlag[] = [];
  const hostile = removals.filter((r) => r.hostile).map((r) => r.what);
  const benign = removals.filter((r) => !r.hostile).map((r) => r.what);
  if (hostile.length) flags.push(flag("hostile_content_removed", "review", "Hostile content was removed; check the rest before publishing.", hostile));
  if (benign.length) flags.push(flag("markup_removed", "info", "Markup outside the allowlist was removed.", benign));
  return flags;
}

/** Flags about what the text says (echoed instructions, forbidden claims, unsupported facts). */
function contentFlags(ctx: FieldContext, text: string): FieldFlag[] {
  const flags: FieldFlag[] = [];
  const echo = findInstructionEcho(text);
  if (echo.length) flags.push(flag("instruction_echo", "review", "The text talks about instructions or itself.", echo));
  const forbidden = findForbiddenClaims(text, ctx.instructions.forbiddenClaims);
  if (forbidden.length) {
    flags.push(flag("forbidden_claim", ctx.instructions.forbiddenClaimAction, "A claim your instructions forbid.", forbidden));
  }
  const inventions = findPossibleInventions(text, ctx.reference);
  if (inventions.length) {
    flags.push(flag("possible_invention", "review", "Not found in the product's data: check before publishing.", inventions.map((i) => i.term)));
  }
  return flags;
}

/**
 * Cuts text to `max` characters at a word boundary. Null when that would lose more than 40%
 * (one huge word): then the field is rejected rather than cut mid-word.
 */
export function shortenAtWord(text: string, max: number): string | null {
  if (text.length <= max) return text;
  const head = text.slice(0, max + 1);
  const cut = Math.max(head.lastIndexOf(" "), head.lastIndexOf("\n"));
  if (cut < max * 0.6) return null;
  return head.slice(0, cut).replace(/[\s,;:–—-]+$/u, "");
}

interface TextFieldSpec {
  /** title: never shortened, rejected when too long; shortenable: cut at a word and flagged. */
  kind: "title" | "shortenable";
  max: number;
  original: string | null;
  multiline?: boolean;
  /** An empty value is "no value" (attributes, alt text) rather than an error. */
  emptyMeansNoValue?: boolean;
}

function textField(
  ctx: FieldContext,
  task: TaskId,
  field: string,
  value: unknown,
  schema: z.ZodType,
  spec: TextFieldSpec,
  extra: Partial<FieldResult> = {},
): FieldResult {
  const parsed = schema.safeParse(value);
  if (!parsed.success) return { ...schemaViolation(field, task, spec.original, parsed.error), ...extra };
  if (parsed.data === null || parsed.data === undefined || (spec.emptyMeansNoValue && isNoValue(String(parsed.data)))) {
    return result({ field, task, proposed: null, original: spec.original, flags: [flag("no_value", "info", "No value given; nothing to write.")], ...extra });
  }
  const { text: clean, removals } = sanitizePlainText(String(parsed.data), { multiline: spec.multiline });
  const flags = removalFlags(removals);
  let proposed: string | null = clean;
  if (!clean) {
    if (spec.emptyMeansNoValue && !flags.some((f) => f.severity !== "info")) {
      return result({ field, task, proposed: null, original: spec.original, flags: [flag("no_value", "info", "No value given; nothing to write.")], ...extra });
    }
    flags.push(flag("empty", "reject", "Empty after removing markup."));
    return result({ field, task, proposed: null, original: spec.original, flags, ...extra });
  }
  if (clean.length > spec.max) {
    const shortened = spec.kind === "shortenable" ? shortenAtWord(clean, spec.max) : null;
    if (shortened === null) {
      flags.push(flag("too_long", "reject", `${clean.length} characters; the limit is ${spec.max}.`));
    } else {
      proposed = shortened;
      flags.push(flag("shortened", "review", `Cut from ${clean.length} to ${shortened.length} characters (limit ${spec.max}) at a word boundary.`));
    }
  }
  flags.push(...contentFlags(ctx, proposed));
  if (proposed === (spec.original ?? "").trim()) flags.push(flag("unchanged", "info", "Same as the current value."));
  return result({ field, task, proposed, original: spec.original, flags, ...extra });
}

const NO_VALUE = /^(?:n\/?a|none|null|unknown|not (?:specified|stated|available|provided|applicable)|-+|\?)\.?$/i;
function isNoValue(text: string): boolean {
  return NO_VALUE.test(text.trim());
}

function descriptionField(ctx: FieldContext, value: unknown, schema: z.ZodType): FieldResult {
  const original = ctx.product.descriptionHtml;
  const parsed = schema.safeParse(value);
  if (!parsed.success) return schemaViolation("descriptionHtml", "description", original, parsed.error);
  const rawHtml = String(parsed.data);
  const { limits } = ctx;
  // Runaway output is rejected before any work on it.
  if (rawHtml.length > limits.descriptionMaxChars * 4) {
    return result({
      field: "descriptionHtml",
      task: "description",
      proposed: null,
      original,
      flags: [flag("too_long", "reject", `${rawHtml.length} characters; the limit is ${limits.descriptionMaxChars}.`)],
    });
  }
  const { html, removals } = sanitizeDescriptionHtml(rawHtml, ctx.shop);
  const flags = removalFlags(removals);
  const text = htmlToText(html);
  if (!text) {
    flags.push(flag("empty", "reject", "Empty after sanitizing."));
    return result({ field: "descriptionHtml", task: "description", proposed: null, original, flags });
  }
  if (html.length > limits.descriptionMaxChars) {
    flags.push(flag("too_long", "reject", `${html.length} characters; the limit is ${limits.descriptionMaxChars}.`));
  } else {
    const words = countWords(text);
    const { descriptionMinWords: min, descriptionMaxWords: max } = limits;
    if (words < min || words > max) {
      // A little outside the range is normal for a model; far outside is worth a look.
      const far = words < min * 0.8 || words > max * 1.2;
      flags.push(flag("length_out_of_range", far ? "review" : "info", `${words} words; the range is ${min}-${max}.`));
    }
  }
  flags.push(...contentFlags(ctx, text));
  const missing = findMissingKeywords(text, ctx.instructions.requiredKeywords);
  if (missing.length) flags.push(flag("missing_required_keyword", "review", "Required keywords are missing.", missing));
  if (html === original.trim()) flags.push(flag("unchanged", "info", "Same as the current value."));
  return result({ field: "descriptionHtml", task: "description", proposed: html, original, flags });
}

function attributeFields(
  ctx: FieldContext,
  attributes: readonly AttributeDefinition[],
  value: unknown,
  schema: z.ZodType,
): FieldResult[] {
  const objectShape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
  const container = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  return attributes.map((attribute) => {
    const metafield = metafieldFor(attribute);
    const field = `attributes.${attribute.key}`;
    const original =
      ctx.product.metafields.find((m) => m.namespace === METAFIELD_NAMESPACE && m.key === attribute.key)?.value ?? null;
    if (!container) {
      return { ...schemaViolation(field, "attributes", original, "attributes is not an object"), metafield };
    }
    if (!(attribute.key in container)) {
      return { ...schemaViolation(field, "attributes", original, "missing"), metafield };
    }
    return textField(
      ctx,
      "attributes",
      field,
      container[attribute.key],
      objectShape[attribute.key]!,
      {
        kind: "shortenable",
        max: attribute.multiline ? ctx.limits.attributeMultiLineMaxChars : ctx.limits.attributeSingleLineMaxChars,
        original,
        multiline: attribute.multiline,
        emptyMeansNoValue: true,
      },
      { metafield },
    );
  });
}

function tagsField(ctx: FieldContext, value: unknown, schema: z.ZodType): FieldResult {
  const original = [...ctx.product.tags];
  const parsed = schema.safeParse(value);
  if (!parsed.success) return schemaViolation("tags", "tags", original, parsed.error);
  const { limits } = ctx;
  const existing = new Set(original.map((t) => t.toLowerCase()));
  const added: string[] = [];
  const dropped: string[] = [];
  const removals: Removal[] = [];
  for (const candidate of parsed.data as string[]) {
    // A comma would split one tag into several when Shopify reads the list.
    const { text, removals: r } = sanitizePlainText(candidate.replace(/,/g, " "));
    removals.push(...r);
    if (!text) continue;
    const key = text.toLowerCase();
    if (existing.has(key)) continue; // already there: nothing to add, nothing lost
    if (text.length > limits.tagMaxChars || added.length >= limits.maxNewTags || original.length + added.length >= limits.maxTotalTags) {
      dropped.push(text.length > 60 ? `${text.slice(0, 57)}...` : text);
      continue;
    }
    existing.add(key);
    added.push(text);
  }
  const flags = removalFlags(removals);
  if (dropped.length) {
    flags.push(flag("items_dropped", "info", `Tags over ${limits.tagMaxChars} characters or beyond ${limits.maxNewTags} new tags were dropped.`, dropped));
  }
  if (added.length === 0) {
    flags.push(flag("unchanged", "info", "No new tags."));
    return result({ field: "tags", task: "tags", proposed: original, original, flags, addedTags: [] });
  }
  flags.push(...contentFlags(ctx, added.join(", ")));
  return result({ field: "tags", task: "tags", proposed: [...original, ...added], original, flags, addedTags: added });
}

function imageAltFields(ctx: FieldContext, value: unknown, schema: z.ZodType, errors: EnrichmentError[]): FieldResult[] {
  if (!Array.isArray(value)) {
    return [schemaViolation("imageAlt", "imageAlt", null, "imageAltTexts is not a list")];
  }
  const entrySchema = (schema as z.ZodArray<z.ZodObject>).element;
  const images = new Map(ctx.product.images.slice(0, ctx.limits.maxImages).map((i) => [i.id, i]));
  const done = new Set<string>();
  const fields: FieldResult[] = [];
  for (const entry of value) {
    const parsed = entrySchema.safeParse(entry);
    if (!parsed.success) {
      errors.push({ code: "invalid_list_entry", message: "An alt text entry did not match the schema and was ignored.", fatal: false });
      continue;
    }
    const { imageId, altText } = parsed.data as { imageId: string; altText: string };
    const image = images.get(imageId);
    if (!image) {
      errors.push({ code: "unknown_image", message: `Alt text for an image this product does not have (${imageId.slice(0, 80)}) was ignored.`, fatal: false });
      continue;
    }
    if (done.has(imageId)) continue;
    done.add(imageId);
    fields.push(
      textField(
        ctx,
        "imageAlt",
        `imageAlt.${imageId}`,
        altText,
        entrySchema.shape.altText as z.ZodType,
        { kind: "shortenable", max: ctx.limits.imageAltMaxChars, original: image.altText, emptyMeansNoValue: true },
        { imageId },
      ),
    );
  }
  return fields;
}

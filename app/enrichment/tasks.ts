import { z } from "zod";
import type { CatalogProduct } from "../catalog/product";
import type { AttributeDefinition, EnrichmentInstructions } from "./instructions";
import { DEFAULT_LIMITS, type FieldLimits } from "./limits";
import type { ProductField } from "./scope";
import { countTokens } from "./tokens";

// The kinds of work one enrichment request can do. Each task contributes properties to ONE
// output object, so any selection of tasks is one request per product.

/** The app's metafield namespace: every attribute is stored as byok_enrich.<key>. */
export const METAFIELD_NAMESPACE = "byok_enrich";

export const TASK_IDS = ["title", "description", "seo", "attributes", "tags", "imageAlt"] as const;
export type TaskId = (typeof TASK_IDS)[number];

/** The seed workload: title + description + the shop's attributes, one request per product. */
export const SEED_TASK_IDS: readonly TaskId[] = ["title", "description", "attributes"];

export type MetafieldTextType = "single_line_text_field" | "multi_line_text_field";

export function metafieldFor(attribute: AttributeDefinition): { namespace: string; key: string; type: MetafieldTextType } {
  return {
    namespace: METAFIELD_NAMESPACE,
    key: attribute.key,
    type: attribute.multiline ? "multi_line_text_field" : "single_line_text_field",
  };
}

export interface TaskContext {
  attributes: readonly AttributeDefinition[];
  limits: FieldLimits;
  instructions?: EnrichmentInstructions;
}

export interface EnrichmentTask {
  id: TaskId;
  label: string;
  /** Product fields this task needs; the prompt carries the union of the selected tasks' reads, within the data scope. */
  reads: readonly ProductField[];
  /** Needs images sent to a vision-capable model. */
  vision: boolean;
  /** Properties this task adds to the combined output object (strict-mode friendly: no optional, no bounds keywords). */
  outputShape(ctx: TaskContext): Record<string, z.ZodType>;
  /** The limits that apply to this task's output, by name (shown in the prompt and enforced in output.ts). */
  limits(ctx: TaskContext): Record<string, number>;
  /** Rules for the system prompt: stable for a job. */
  rules(ctx: TaskContext): string[];
  /** Expected output tokens for one product (for estimates; see expectedOutputTokens notes below). */
  expectedOutputTokens(ctx: TaskContext, product?: Pick<CatalogProduct, "images">): number;
}

// Output token expectations (o200k tokens). English prose runs at ~1.35 tokens a word; HTML
// adds ~6 tokens per block element (open + close tag), about one block per 40 words; each JSON
// key costs its own tokens plus ~3 for quotes, colon and comma. Non-English copy runs higher.
const TOKENS_PER_WORD = 1.35;
const HTML_TOKENS_PER_BLOCK = 6;
const WORDS_PER_BLOCK = 40;
const JSON_PUNCTUATION_PER_KEY = 3;
const TITLE_TOKENS = 20;
const SEO_TITLE_TOKENS = 15;
const SEO_DESCRIPTION_TOKENS = 40; // ~155 characters
const SINGLE_LINE_ATTRIBUTE_TOKENS = 8;
const MULTI_LINE_ATTRIBUTE_TOKENS = 40;
const TAG_TOKENS = 5;
const ALT_TEXT_TOKENS = 30; // ~125 characters
const IMAGE_ID_TOKENS = 15; // gid://shopify/MediaImage/…
/** Braces of the outer object; counted once per request (see outputEnvelopeTokens). */
export const OUTPUT_ENVELOPE_TOKENS = 4;

function keyTokens(key: string): number {
  return countTokens(`"${key}"`) + JSON_PUNCTUATION_PER_KEY;
}

const NULLABLE_NOTE = "null when the product data does not say";

const titleTask: EnrichmentTask = {
  id: "title",
  label: "Title",
  reads: ["title", "descriptionHtml", "vendor", "productType", "options", "variants", "tags", "metafields"],
  vision: false,
  outputShape: (ctx) => ({
    title: z.string().describe(`Product title, plain text, at most ${ctx.limits.titleMaxChars} characters.`),
  }),
  limits: (ctx) => ({ maxChars: ctx.limits.titleMaxChars }),
  rules: (ctx) => [
    `title: plain text, no HTML, at most ${ctx.limits.titleMaxChars} characters (aim for 40-80); the product's name and kind, no prices, no promotions, no all-caps.`,
  ],
  expectedOutputTokens: () => keyTokens("title") + TITLE_TOKENS,
};

const descriptionTask: EnrichmentTask = {
  id: "description",
  label: "Description",
  reads: ["title", "descriptionHtml", "vendor", "productType", "options", "variants", "tags", "metafields"],
  vision: false,
  outputShape: (ctx) => ({
    descriptionHtml: z
      .string()
      .describe(
        `Product description as HTML, ${ctx.limits.descriptionMinWords}-${ctx.limits.descriptionMaxWords} words, using only p, ul, ol, li, strong, em, h2, h3, h4, br and a.`,
      ),
  }),
  limits: (ctx) => ({
    minWords: ctx.limits.descriptionMinWords,
    maxWords: ctx.limits.descriptionMaxWords,
    maxChars: ctx.limits.descriptionMaxChars,
  }),
  rules: (ctx) => [
    `descriptionHtml: ${ctx.limits.descriptionMinWords}-${ctx.limits.descriptionMaxWords} words of HTML using only these tags: p, ul, ol, li, strong, em, h2, h3, h4, br, and a with an href to this shop's own domain (no other links). No h1, no images, no scripts, no styles, no attributes other than href.`,
    "descriptionHtml: describe what the product is, what it is made of and how it is used, from the product data only; keep every fact from the current description that is still true.",
  ],
  expectedOutputTokens: (ctx) => {
    const words = (ctx.limits.descriptionMinWords + ctx.limits.descriptionMaxWords) / 2;
    const blocks = Math.ceil(words / WORDS_PER_BLOCK);
    return keyTokens("descriptionHtml") + Math.round(words * TOKENS_PER_WORD) + blocks * HTML_TOKENS_PER_BLOCK;
  },
};

const seoTask: EnrichmentTask = {
  id: "seo",
  label: "SEO title and meta description",
  reads: ["title", "descriptionHtml", "vendor", "productType", "seo", "tags"],
  vision: false,
  outputShape: (ctx) => ({
    seoTitle: z.string().describe(`Search-engine title, plain text, at most ${ctx.limits.seoTitleMaxChars} characters.`),
    seoDescription: z
      .string()
      .describe(`Meta description, plain text, at most ${ctx.limits.seoDescriptionMaxChars} characters (aim for 120-160).`),
  }),
  limits: (ctx) => ({ seoTitleMaxChars: ctx.limits.seoTitleMaxChars, seoDescriptionMaxChars: ctx.limits.seoDescriptionMaxChars }),
  rules: (ctx) => [
    `seoTitle: plain text, at most ${ctx.limits.seoTitleMaxChars} characters, the words a shopper would search for first.`,
    `seoDescription: plain text, at most ${ctx.limits.seoDescriptionMaxChars} characters (aim for 120-160), one or two sentences that make a searcher click.`,
  ],
  expectedOutputTokens: () => keyTokens("seoTitle") + SEO_TITLE_TOKENS + keyTokens("seoDescription") + SEO_DESCRIPTION_TOKENS,
};

const attributesTask: EnrichmentTask = {
  id: "attributes",
  label: "Attributes",
  reads: ["title", "descriptionHtml", "vendor", "productType", "options", "variants", "tags", "metafields"],
  vision: false,
  outputShape: (ctx) => ({
    attributes: z
      .object(
        Object.fromEntries(
          ctx.attributes.map((a) => [
            a.key,
            z
              .string()
              .nullable()
              .describe(`${a.label}${a.description ? `: ${a.description}` : ""} (${NULLABLE_NOTE}).`),
          ]),
        ),
      )
      .describe("Product attributes; each is null when the product data does not state it."),
  }),
  limits: (ctx) => ({
    count: ctx.attributes.length,
    singleLineMaxChars: ctx.limits.attributeSingleLineMaxChars,
    multiLineMaxChars: ctx.limits.attributeMultiLineMaxChars,
  }),
  rules: (ctx) => [
    "attributes: one value per attribute below, plain text; null when the product data does not state it (never guess a material, a measurement or a certification).",
    ...ctx.attributes.map(
      (a) =>
        `attributes.${a.key} (${a.label}${a.description ? `: ${a.description}` : ""}): ${
          a.multiline
            ? `may use line breaks, at most ${ctx.limits.attributeMultiLineMaxChars} characters`
            : `one line, at most ${ctx.limits.attributeSingleLineMaxChars} characters`
        }.`,
    ),
  ],
  expectedOutputTokens: (ctx) =>
    keyTokens("attributes") +
    ctx.attributes.reduce(
      (sum, a) => sum + keyTokens(a.key) + (a.multiline ? MULTI_LINE_ATTRIBUTE_TOKENS : SINGLE_LINE_ATTRIBUTE_TOKENS),
      0,
    ),
};

const tagsTask: EnrichmentTask = {
  id: "tags",
  label: "Tags",
  reads: ["title", "descriptionHtml", "vendor", "productType", "tags"],
  vision: false,
  outputShape: (ctx) => ({
    newTags: z
      .array(z.string())
      .describe(`Up to ${ctx.limits.maxNewTags} new tags, each at most ${ctx.limits.tagMaxChars} characters, not repeating existing tags.`),
  }),
  limits: (ctx) => ({ maxNew: ctx.limits.maxNewTags, maxChars: ctx.limits.tagMaxChars, maxTotal: ctx.limits.maxTotalTags }),
  rules: (ctx) => [
    `newTags: up to ${ctx.limits.maxNewTags} additional tags (the existing tags stay), each at most ${ctx.limits.tagMaxChars} characters, no commas, lower case unless a proper name; do not repeat existing tags.`,
  ],
  expectedOutputTokens: (ctx) => keyTokens("newTags") + ctx.limits.maxNewTags * (TAG_TOKENS + 2),
};

const imageAltTask: EnrichmentTask = {
  id: "imageAlt",
  label: "Image alt text",
  reads: ["title", "productType", "options", "images"],
  vision: true,
  outputShape: (ctx) => ({
    imageAltTexts: z
      .array(
        z.object({
          imageId: z.string().describe("The id of the image, exactly as given in the product data."),
          altText: z.string().describe(`Alt text, plain text, at most ${ctx.limits.imageAltMaxChars} characters.`),
        }),
      )
      .describe("One entry per image in the product data, in the same order."),
  }),
  limits: (ctx) => ({ maxChars: ctx.limits.imageAltMaxChars, maxImages: ctx.limits.maxImages }),
  rules: (ctx) => [
    `imageAltTexts: one entry per listed image (the attached images, in the same order), with its imageId copied exactly; altText is plain text, at most ${ctx.limits.imageAltMaxChars} characters (aim for under 125), describing what the image shows for a shopper who cannot see it; no "image of".`,
  ],
  expectedOutputTokens: (ctx, product) => {
    const images = Math.min(product?.images.length ?? 1, ctx.limits.maxImages);
    return keyTokens("imageAltTexts") + images * (IMAGE_ID_TOKENS + ALT_TEXT_TOKENS + 2 * JSON_PUNCTUATION_PER_KEY + 4);
  },
};

export const TASKS: Readonly<Record<TaskId, EnrichmentTask>> = Object.freeze({
  title: titleTask,
  description: descriptionTask,
  seo: seoTask,
  attributes: attributesTask,
  tags: tagsTask,
  imageAlt: imageAltTask,
});

/** Tasks for ids, in canonical order, without duplicates. Throws on an unknown id. */
export function resolveTasks(ids: readonly string[]): EnrichmentTask[] {
  for (const id of ids) {
    if (!(TASK_IDS as readonly string[]).includes(id)) throw new Error(`Unknown enrichment task: ${id}`);
  }
  return TASK_IDS.filter((id) => ids.includes(id)).map((id) => TASKS[id]);
}

function taskList(tasks: readonly (EnrichmentTask | TaskId)[]): EnrichmentTask[] {
  return resolveTasks(tasks.map((t) => (typeof t === "string" ? t : t.id)));
}

/**
 * The ONE output object for a selection of tasks. Strict-mode friendly for every provider's
 * structured output: every property required, no optional (nullable instead), no length or
 * count keywords (limits are in descriptions and enforced after parsing, so an over-long field
 * is flagged rather than failing the whole answer), and z.object's JSON Schema has
 * additionalProperties: false. Stable for a job: it depends on the tasks, the shop's
 * attributes and the limits only, never on a product.
 */
export function buildOutputSchema(
  tasks: readonly (EnrichmentTask | TaskId)[],
  attributes: readonly AttributeDefinition[],
  limits: FieldLimits = DEFAULT_LIMITS,
) {
  const list = taskList(tasks);
  if (list.length === 0) throw new Error("No enrichment task selected");
  if (list.some((t) => t.id === "attributes") && attributes.length === 0) {
    throw new Error("The attributes task needs at least one attribute definition");
  }
  const ctx: TaskContext = { attributes, limits };
  const shape: Record<string, z.ZodType> = {};
  for (const task of list) Object.assign(shape, task.outputShape(ctx));
  return z.object(shape);
}

export type EnrichmentOutputSchema = ReturnType<typeof buildOutputSchema>;

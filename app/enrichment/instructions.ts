import { z } from "zod";

// Per-shop instructions for enrichment: how the copy should sound and what it must never say.
// They are the merchant's own words and go into the stable (cached) system prompt; product
// data never does.

/** Most attributes a shop may define; each is one metafield and a few output tokens. */
export const MAX_ATTRIBUTES = 20;

const attributeKey = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/, "snake_case: lower-case letters, digits, single underscores")
  .max(64);

export const AttributeDefinitionSchema = z.object({
  /** snake_case; the metafield key in the app's namespace. */
  key: attributeKey,
  label: z.string().trim().min(1).max(60),
  /** What the attribute means, for the model (e.g. "main fabric or material"). */
  description: z.string().trim().max(300).default(""),
  /** multi_line_text_field instead of single_line_text_field. */
  multiline: z.boolean().default(false),
});
export type AttributeDefinition = z.output<typeof AttributeDefinitionSchema>;

export const DEFAULT_ATTRIBUTES: readonly AttributeDefinition[] = Object.freeze([
  { key: "material", label: "Material", description: "Main materials or fabrics, as stated in the product data.", multiline: false },
  { key: "color", label: "Color", description: "Main colour or colours.", multiline: false },
  { key: "care_instructions", label: "Care instructions", description: "How to wash, clean or look after the product.", multiline: true },
  { key: "style", label: "Style", description: "Style or design in a few words (e.g. casual, minimalist).", multiline: false },
  { key: "audience", label: "Audience", description: "Who the product is for (e.g. women, kids, runners).", multiline: false },
]);

export const DescriptionLengthSchema = z
  .object({
    minWords: z.number().int().min(20).max(2000),
    maxWords: z.number().int().min(20).max(2000),
  })
  .refine((l) => l.minWords <= l.maxWords, { message: "minWords must not exceed maxWords" });

export const EnrichmentInstructionsSchema = z.object({
  /** BCP 47 language tag of the copy to write (the shop's primary locale by default). */
  language: z.string().trim().regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/).default("en"),
  brandVoice: z.string().trim().max(2000).default(""),
  tone: z.string().trim().max(200).default("clear, friendly and factual"),
  /** Phrases the copy must never contain (e.g. "cures", "FDA approved"). */
  forbiddenClaims: z.array(z.string().trim().min(2).max(120)).max(100).default([]),
  /** What a forbidden claim in a field does: reject the field, or hold it for review. */
  forbiddenClaimAction: z.enum(["reject", "review"]).default("reject"),
  /** Words the description should use where they fit. */
  requiredKeywords: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  descriptionLength: DescriptionLengthSchema.default({ minWords: 120, maxWords: 250 }),
  attributes: z
    .array(AttributeDefinitionSchema)
    .max(MAX_ATTRIBUTES)
    .refine((list) => new Set(list.map((a) => a.key)).size === list.length, { message: "attribute keys must be unique" })
    .default(() => DEFAULT_ATTRIBUTES.map((a) => ({ ...a }))),
  /** Tags the model may add (never removing the merchant's). */
  tags: z
    .object({
      maxNew: z.number().int().min(0).max(50).default(5),
      maxLength: z.number().int().min(2).max(255).default(40),
    })
    .default({ maxNew: 5, maxLength: 40 }),
});

export type EnrichmentInstructions = z.output<typeof EnrichmentInstructionsSchema>;
export type EnrichmentInstructionsInput = z.input<typeof EnrichmentInstructionsSchema>;

/** Validates a shop's stored or submitted instructions, filling in defaults. Throws ZodError. */
export function parseInstructions(input: unknown = {}): EnrichmentInstructions {
  return EnrichmentInstructionsSchema.parse(input ?? {});
}

export const DEFAULT_INSTRUCTIONS: EnrichmentInstructions = parseInstructions({});

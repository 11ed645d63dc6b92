import type { EnrichmentInstructions } from "./instructions";

// Hard bounds on what a provider's answer may put into the store. Shopify's own limits where it
// has them (title 255, tag 255, 250 tags, SEO title/description shown at 70/320, alt 512),
// conservative ones elsewhere.
export interface FieldLimits {
  titleMaxChars: number;
  seoTitleMaxChars: number;
  seoDescriptionMaxChars: number;
  descriptionMinWords: number;
  descriptionMaxWords: number;
  /** Beyond this the description is rejected outright (runaway output), not just flagged. */
  descriptionMaxChars: number;
  attributeSingleLineMaxChars: number;
  attributeMultiLineMaxChars: number;
  tagMaxChars: number;
  maxNewTags: number;
  /** Shopify's limit on tags per product. */
  maxTotalTags: number;
  imageAltMaxChars: number;
  /** Images sent to a vision model and described, per product. */
  maxImages: number;
  /** A raw answer longer than this is not parsed at all. */
  maxResponseChars: number;
}

export const SHOPIFY_TAG_MAX_CHARS = 255;
export const SHOPIFY_MAX_TAGS = 250;

export const DEFAULT_LIMITS: FieldLimits = Object.freeze({
  titleMaxChars: 255,
  seoTitleMaxChars: 70,
  seoDescriptionMaxChars: 320,
  descriptionMinWords: 120,
  descriptionMaxWords: 250,
  descriptionMaxChars: 8000,
  attributeSingleLineMaxChars: 255,
  attributeMultiLineMaxChars: 1000,
  tagMaxChars: 40,
  maxNewTags: 5,
  maxTotalTags: SHOPIFY_MAX_TAGS,
  imageAltMaxChars: 512,
  maxImages: 5,
  maxResponseChars: 200_000,
});

/** The limits for a job: defaults, then the shop's instructions, then explicit overrides. */
export function resolveLimits(
  instructions?: Pick<EnrichmentInstructions, "descriptionLength" | "tags">,
  overrides: Partial<FieldLimits> = {},
): FieldLimits {
  const fromInstructions: Partial<FieldLimits> = instructions
    ? {
        descriptionMinWords: instructions.descriptionLength.minWords,
        descriptionMaxWords: instructions.descriptionLength.maxWords,
        // ~6 chars a word plus markup, with room to spare: only runaway output hits this.
        descriptionMaxChars: Math.max(DEFAULT_LIMITS.descriptionMaxChars, instructions.descriptionLength.maxWords * 30),
        maxNewTags: instructions.tags.maxNew,
        tagMaxChars: instructions.tags.maxLength,
      }
    : {};
  const limits = { ...DEFAULT_LIMITS, ...fromInstructions, ...overrides };
  // Shopify's own limits cannot be raised by configuration.
  limits.tagMaxChars = Math.min(limits.tagMaxChars, SHOPIFY_TAG_MAX_CHARS);
  limits.maxTotalTags = Math.min(limits.maxTotalTags, SHOPIFY_MAX_TAGS);
  limits.titleMaxChars = Math.min(limits.titleMaxChars, 255);
  limits.imageAltMaxChars = Math.min(limits.imageAltMaxChars, 512);
  return limits;
}

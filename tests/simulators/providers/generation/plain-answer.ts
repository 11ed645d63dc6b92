// Answers to prompts without a schema: the piece of copy the last user message asks for
// (title, description, SEO fields, tags, alt text, a translation), or a short paragraph.
import { pseudoTranslate } from "../translation/pseudo-translate";
import type { ContentWriter } from "./content-writer";
import { fieldKind } from "./field-kinds";
import { instructionText, type PromptFacts } from "./prompt-facts";
import { SchemaValueGenerator } from "./json-from-schema";
import { SeededRandom } from "./seeded-random";

export function plainAnswer(lastUser: string, writer: ContentWriter, facts: PromptFacts): string {
  const instruction = instructionText(lastUser);
  const ask = instruction.toLowerCase();
  const echo = /\b(?:reply|respond|answer)\s+(?:only\s+)?with\s+["'“]?([\w .!-]{1,40}?)["'”]?\s*(?:[.!]\s|[.!]?$)/im.exec(instruction);
  if (echo) return echo[1].trim();
  if (/^\s*(hi|hello|hey)\b[\s!.]*$/i.test(instruction)) return "Hello! How can I help with your product content today?";
  const translation = /translat[^:\n]*:\s*([\s\S]+)$/i.exec(instruction);
  if (facts.targetLanguage && /translat/.test(ask)) {
    const source = translation?.[1]?.trim() || facts.sourceDescriptionHtml || facts.productName;
    return pseudoTranslate(source, facts.targetLanguage, { tagHandling: /<\w/.test(source) }).text;
  }
  if (/\balt[- ]?text\b|\bimage description\b/.test(ask)) return writer.altText(0);
  if (/\b(seo|meta) title\b/.test(ask)) return writer.seoTitle();
  if (/\b(seo|meta) description\b/.test(ask)) return writer.seoDescription();
  if (/\btags\b|\bkeywords\b/.test(ask)) return writer.tags().join(", ");
  if (/\btitle\b/.test(ask)) return writer.title();
  if (/\bdescri|\bcopy\b/.test(ask)) return facts.wantsHtml ? writer.descriptionHtml() : writer.descriptionText();
  return `${writer.summary()} ${writer.explanation()}`;
}

/** JSON mode without a schema: the keys the prompt names (`"title"`, `seo_title`), else title + description. */
export function jsonObjectAnswer(prompt: string, writer: ContentWriter, facts: PromptFacts, seed: string): Record<string, unknown> {
  const named = [...prompt.matchAll(/["`]([a-zA-Z][a-zA-Z0-9_]{1,40})["`]/g)].map((m) => m[1]);
  const keys = [...new Set(named)].slice(0, 12);
  const fields = keys.length ? keys : ["title", "description"];
  const schema = {
    type: "object",
    properties: Object.fromEntries(
      fields.map((key) => {
        const kind = fieldKind({ path: [key], wantsHtml: facts.wantsHtml });
        return [key, kind === "tags" ? { type: "array", items: { type: "string" } } : { type: "string" }];
      }),
    ),
  };
  return new SchemaValueGenerator(schema, writer, facts, new SeededRandom(seed)).generate() as Record<string, unknown>;
}

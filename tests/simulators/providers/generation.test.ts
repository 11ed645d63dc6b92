// The simulators' model: answers valid for the schema they were asked for, built from the
// prompt's facts; and the pseudo-translator DeepL answers with.
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { generateAnswer } from "./generation/generate";
import { pseudoTranslate } from "./translation/pseudo-translate";

const PRODUCT = JSON.stringify({
  title: "Stoneware Pour-Over Dripper",
  vendor: "Kiln & Co",
  productType: "Coffee Equipment",
  descriptionHtml: "<p>A matte sage dripper thrown from stoneware. Dishwasher safe.</p>",
  tags: ["coffee", "brewing"],
  images: [{ id: "gid://shopify/MediaImage/7" }, { id: "gid://shopify/MediaImage/8" }, { id: "gid://shopify/MediaImage/9" }],
});

function answer(schema: Record<string, unknown>, user = `Enrich this product:\n${PRODUCT}`) {
  return generateAnswer({ model: "test-model", system: "You write product copy.", user: [user], output: { type: "json_schema", schema } }).value;
}

describe("schema-driven answers", () => {
  const Shape = z.object({
    title: z.string().min(20).max(60),
    handle: z.string().regex(/^[a-z0-9-]+$/),
    finish: z.enum(["glossy", "matte", "raw"]),
    rating: z.number().int().min(1).max(5),
    launched: z.iso.date(),
    tags: z.array(z.string().max(20)).min(2).max(4),
    specs: z.record(z.string(), z.string()),
    variants: z.array(z.object({ name: z.string(), value: z.string() })).length(2),
    note: z.string().nullable(),
  });

  it("is valid for refs, enums, formats, patterns, maps, counts and bounds", () => {
    const schema = z.toJSONSchema(z.object({ primary: Shape, alternative: Shape }), { reused: "ref" });
    const value = answer(schema as Record<string, unknown>) as { primary: z.infer<typeof Shape> };
    expect(() => z.object({ primary: Shape, alternative: Shape }).parse(value)).not.toThrow();
    // The enum option the product data mentions wins.
    expect(value.primary.finish).toBe("matte");
    expect(value.primary.title).toContain("Stoneware Pour-Over Dripper");
  });

  it("honours the constraints the Anthropic SDK moves into descriptions", () => {
    const Tight = z.object({ title: z.string().max(30), tags: z.array(z.string()).min(3).max(3) });
    const value = answer(zodOutputFormat(Tight).schema as Record<string, unknown>);
    expect(() => Tight.parse(value)).not.toThrow();
  });

  it("states attributes the data gives, answers null for the ones it does not, and copies image ids", () => {
    const Shape2 = z.object({
      attributes: z.object({ material: z.string().nullable(), color: z.string().nullable(), weight: z.string().nullable(), audience: z.string().nullable() }),
      newTags: z.array(z.string()).max(5),
      imageAltTexts: z.array(z.object({ imageId: z.string(), altText: z.string() })),
    });
    const value = Shape2.parse(answer(z.toJSONSchema(Shape2) as Record<string, unknown>));
    expect(value.attributes).toEqual({ material: "Stoneware", color: "Sage", weight: null, audience: null });
    expect(value.newTags).not.toContain("coffee");
    expect(value.imageAltTexts.map((i) => i.imageId)).toEqual(["gid://shopify/MediaImage/7", "gid://shopify/MediaImage/8", "gid://shopify/MediaImage/9"]);
  });

  it("writes descriptions within the word range the prompt asks for", () => {
    const value = answer(
      { type: "object", properties: { descriptionHtml: { type: "string" } }, required: ["descriptionHtml"] },
      `Write 60-90 words of HTML.\n${PRODUCT}`,
    ) as { descriptionHtml: string };
    const words = value.descriptionHtml.replace(/<[^>]*>/g, " ").split(/\s+/).filter(Boolean).length;
    expect(words).toBeGreaterThanOrEqual(60);
    expect(words).toBeLessThanOrEqual(90);
  });
});

describe("pseudo-translation", () => {
  it("keeps tags, attributes, untranslatable regions and entities; bills text only", () => {
    const html = '<p title="Hello">Soft <b>cotton</b> shirt &amp; <span translate="no">Kiln &amp; Co</span></p>';
    const { text, billedCharacters } = pseudoTranslate(html, "FR", { tagHandling: true });
    expect(text).toBe('<p title="Hello">Doux <b>coton</b> chemise &amp; <span translate="no">Kiln &amp; Co</span></p>');
    expect(billedCharacters).toBe([..."Soft cotton shirt &amp; Kiln &amp; Co"].length);
  });

  it("applies glossary terms and is deterministic per language", () => {
    const once = pseudoTranslate("Pour-over dripper for slow mornings", "DE", { glossary: [["dripper", "Handfilter"]] });
    expect(once.text).toContain("Handfilter");
    expect(pseudoTranslate("Pour-over dripper for slow mornings", "DE", { glossary: [["dripper", "Handfilter"]] })).toEqual(once);
    expect(pseudoTranslate("Pour-over dripper", "JA").text).not.toMatch(/[a-z]/);
  });
});

import { z } from "zod";
import { describe, expect, it } from "vitest";
import { DEFAULT_ATTRIBUTES, parseInstructions, MAX_ATTRIBUTES } from "../../app/enrichment/instructions";
import { DEFAULT_LIMITS, resolveLimits } from "../../app/enrichment/limits";
import {
  buildOutputSchema,
  METAFIELD_NAMESPACE,
  metafieldFor,
  resolveTasks,
  SEED_TASK_IDS,
  TASK_IDS,
  TASKS,
} from "../../app/enrichment/tasks";

// JSON Schema keywords every strict structured-output mode accepts (OpenAI strict, Anthropic,
// Mistral, Ollama). Length and count keywords are not among them everywhere.
const STRICT_KEYWORDS = new Set(["$schema", "type", "properties", "required", "additionalProperties", "items", "description", "enum", "anyOf"]);

function assertStrictFriendly(schema: Record<string, unknown>, path = "#"): void {
  for (const key of Object.keys(schema)) {
    expect(STRICT_KEYWORDS.has(key), `${path} uses unsupported keyword ${key}`).toBe(true);
  }
  const type = schema.type;
  if (type === "object") {
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    expect(schema.additionalProperties, `${path} additionalProperties`).toBe(false);
    expect([...(schema.required as string[])].sort(), `${path} required`).toEqual(Object.keys(properties).sort());
    for (const [k, v] of Object.entries(properties)) assertStrictFriendly(v, `${path}/${k}`);
  }
  if (type === "array") assertStrictFriendly(schema.items as Record<string, unknown>, `${path}/items`);
  if (Array.isArray(schema.anyOf)) schema.anyOf.forEach((s, i) => assertStrictFriendly(s as Record<string, unknown>, `${path}/anyOf/${i}`));
}

describe("enrichment tasks and the output schema", () => {
  it("puts the seed workload (title + description + five attributes) into ONE object schema", () => {
    const schema = buildOutputSchema(resolveTasks(SEED_TASK_IDS), DEFAULT_ATTRIBUTES);
    const json = z.toJSONSchema(schema) as Record<string, any>;
    expect(Object.keys(json.properties)).toEqual(["title", "descriptionHtml", "attributes"]);
    expect(Object.keys(json.properties.attributes.properties)).toEqual([
      "material",
      "color",
      "care_instructions",
      "style",
      "audience",
    ]);
  });

  it("converts to a strict-mode friendly JSON Schema for every task at once", () => {
    const schema = buildOutputSchema(resolveTasks([...TASK_IDS]), DEFAULT_ATTRIBUTES);
    // Default (output) conversion, as the provider SDKs' zod helpers do it.
    assertStrictFriendly(z.toJSONSchema(schema) as Record<string, unknown>);
    // Extra keys from a non-strict model are dropped when parsing, not fatal.
    expect(buildOutputSchema(["title"], DEFAULT_ATTRIBUTES).parse({ title: "T", extra: 1 })).toEqual({ title: "T" });
  });

  it("lets an attribute be null (unknown) rather than optional, so it stays required", () => {
    const schema = buildOutputSchema(["attributes"], DEFAULT_ATTRIBUTES);
    const json = z.toJSONSchema(schema) as Record<string, any>;
    expect(json.properties.attributes.properties.material.type).toEqual(["string", "null"]);
    expect(schema.safeParse({ attributes: { material: null, color: "red", care_instructions: null, style: null, audience: null } }).success).toBe(true);
    expect(schema.safeParse({ attributes: { color: "red" } }).success).toBe(false);
  });

  it("does not bound lengths in the schema, so an over-long field can be flagged instead of failing the whole answer", () => {
    const schema = buildOutputSchema(["title"], DEFAULT_ATTRIBUTES);
    expect(schema.safeParse({ title: "x".repeat(1000) }).success).toBe(true);
    expect(JSON.stringify(z.toJSONSchema(schema))).toContain("at most 255 characters");
  });

  it("stores each attribute as a metafield in the app's namespace, typed by single or multi line", () => {
    expect(METAFIELD_NAMESPACE).toBe("byok_enrich");
    const care = DEFAULT_ATTRIBUTES.find((a) => a.key === "care_instructions")!;
    const material = DEFAULT_ATTRIBUTES.find((a) => a.key === "material")!;
    expect(metafieldFor(care)).toEqual({ namespace: "byok_enrich", key: "care_instructions", type: "multi_line_text_field" });
    expect(metafieldFor(material)).toEqual({ namespace: "byok_enrich", key: "material", type: "single_line_text_field" });
  });

  it("resolves task ids in one canonical order and refuses unknown ones", () => {
    expect(resolveTasks(["attributes", "title", "title", "description"]).map((t) => t.id)).toEqual(["title", "description", "attributes"]);
    expect(() => resolveTasks(["title", "price"])).toThrow(/Unknown enrichment task/);
    expect(() => buildOutputSchema([], DEFAULT_ATTRIBUTES)).toThrow(/No enrichment task/);
    expect(() => buildOutputSchema(["attributes"], [])).toThrow(/at least one attribute/);
  });

  it("describes each task: id, what it reads, its limits and expected output tokens", () => {
    const ctx = { attributes: DEFAULT_ATTRIBUTES, limits: DEFAULT_LIMITS };
    for (const id of TASK_IDS) {
      const task = TASKS[id];
      expect(task.id).toBe(id);
      expect(task.reads.length).toBeGreaterThan(0);
      expect(Object.keys(task.limits(ctx)).length).toBeGreaterThan(0);
      expect(task.expectedOutputTokens(ctx, { images: [] })).toBeGreaterThanOrEqual(0);
    }
    expect(TASKS.title.limits(ctx)).toEqual({ maxChars: 255 });
    expect(TASKS.seo.limits(ctx)).toEqual({ seoTitleMaxChars: 70, seoDescriptionMaxChars: 320 });
    expect(TASKS.imageAlt.limits(ctx).maxChars).toBe(512);
    expect(TASKS.imageAlt.vision).toBe(true);
  });

  it("expects more description tokens for a longer configured description", () => {
    const short = resolveLimits(parseInstructions({ descriptionLength: { minWords: 50, maxWords: 80 } }));
    const long = resolveLimits(parseInstructions({ descriptionLength: { minWords: 300, maxWords: 400 } }));
    const tokens = (limits: typeof short) => TASKS.description.expectedOutputTokens({ attributes: DEFAULT_ATTRIBUTES, limits });
    // ~1.35 tokens a word plus markup: 350 words average → at least 472 tokens.
    expect(tokens(long)).toBeGreaterThanOrEqual(Math.round(350 * 1.35));
    expect(tokens(short)).toBeLessThan(tokens(long));
  });

  it("expects alt-text tokens per image, up to the image limit", () => {
    const ctx = { attributes: DEFAULT_ATTRIBUTES, limits: DEFAULT_LIMITS };
    const images = (n: number) => ({ images: Array.from({ length: n }, (_, i) => ({ id: `i${i}`, url: "u", altText: null })) });
    expect(TASKS.imageAlt.expectedOutputTokens(ctx, images(2))).toBeLessThan(TASKS.imageAlt.expectedOutputTokens(ctx, images(4)));
    expect(TASKS.imageAlt.expectedOutputTokens(ctx, images(50))).toBe(TASKS.imageAlt.expectedOutputTokens(ctx, images(DEFAULT_LIMITS.maxImages)));
  });
});

describe("shop instructions", () => {
  it("has sensible defaults: English, 120-250 words, five attributes", () => {
    const instructions = parseInstructions({});
    expect(instructions.language).toBe("en");
    expect(instructions.descriptionLength).toEqual({ minWords: 120, maxWords: 250 });
    expect(instructions.attributes.map((a) => a.key)).toEqual(["material", "color", "care_instructions", "style", "audience"]);
    expect(instructions.forbiddenClaims).toEqual([]);
    expect(instructions.forbiddenClaimAction).toBe("reject");
  });

  it("accepts merchant-defined attributes and rejects keys that are not snake_case or repeat", () => {
    const custom = parseInstructions({ attributes: [{ key: "fit", label: "Fit" }, { key: "heel_height", label: "Heel height" }] });
    expect(custom.attributes).toEqual([
      { key: "fit", label: "Fit", description: "", multiline: false },
      { key: "heel_height", label: "Heel height", description: "", multiline: false },
    ]);
    expect(() => parseInstructions({ attributes: [{ key: "Heel Height", label: "x" }] })).toThrow();
    expect(() => parseInstructions({ attributes: [{ key: "fit", label: "a" }, { key: "fit", label: "b" }] })).toThrow();
    const tooMany = Array.from({ length: MAX_ATTRIBUTES + 1 }, (_, i) => ({ key: `a${i}`, label: `A${i}` }));
    expect(() => parseInstructions({ attributes: tooMany })).toThrow();
  });

  it("rejects a description range whose minimum exceeds its maximum", () => {
    expect(() => parseInstructions({ descriptionLength: { minWords: 300, maxWords: 100 } })).toThrow();
  });

  it("carries its description range and tag limits into the field limits, never above Shopify's", () => {
    const limits = resolveLimits(parseInstructions({ descriptionLength: { minWords: 60, maxWords: 90 }, tags: { maxNew: 3, maxLength: 255 } }), {
      tagMaxChars: 1000,
      maxTotalTags: 999,
    });
    expect(limits.descriptionMinWords).toBe(60);
    expect(limits.descriptionMaxWords).toBe(90);
    expect(limits.maxNewTags).toBe(3);
    expect(limits.tagMaxChars).toBe(255);
    expect(limits.maxTotalTags).toBe(250);
  });
});

// The schema we send and the parse of what comes back: strict-mode compatible JSON Schema,
// zod validation, one repair turn, then a clear invalid_output / truncated error.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseAnswer, strictJsonSchema, formatName } from "../../app/providers/output-schema";
import { generateStructured, type CallOutcome, type RepairTurn } from "../../app/providers/structured-generation";
import { ProviderError } from "../../app/providers/provider-error";
import type { ErrorContext } from "../../app/providers/error-mapping";
import type { NormalizedUsage } from "../../app/providers/usage";

const Product = z.object({
  title: z.string().max(80),
  material: z.string().optional(),
  tags: z.array(z.string()),
  dimensions: z.object({ widthCm: z.number(), note: z.string().optional() }).nullable(),
});

describe("strictJsonSchema", () => {
  it("lists every property as required, makes optional ones nullable, forbids extras", () => {
    const schema = strictJsonSchema(Product) as any;
    expect(schema.required).toEqual(["title", "material", "tags", "dimensions"]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.material.type).toEqual(["string", "null"]);
    const dims = schema.properties.dimensions.anyOf.find((s: any) => s.type === "object");
    expect(dims.required).toEqual(["widthCm", "note"]);
    expect(dims.additionalProperties).toBe(false);
    expect(JSON.stringify(schema)).not.toContain("$schema");
  });

  it("drops zod's ±2^53 integer bounds", () => {
    const schema = strictJsonSchema(z.object({ count: z.number().int() })) as any;
    expect(schema.properties.count).toEqual({ type: "integer" });
  });

  it("makes names providers accept", () => {
    expect(formatName("product enrichment/v2")).toBe("product_enrichment_v2");
  });
});

describe("parseAnswer", () => {
  it("accepts a strict-mode answer: null for an optional field means absent", () => {
    const parsed = parseAnswer('{"title":"Linen shirt","material":null,"tags":["linen"],"dimensions":{"widthCm":50,"note":null}}', Product);
    expect(parsed).toEqual({ ok: true, value: { title: "Linen shirt", tags: ["linen"], dimensions: { widthCm: 50 } } });
  });

  it("tolerates a ```json fence", () => {
    const parsed = parseAnswer('```json\n{"title":"T","tags":[],"dimensions":null}\n```', Product);
    expect(parsed.ok).toBe(true);
  });

  it("reports unparsable JSON", () => {
    const parsed = parseAnswer('{title:"T",}', Product);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(/not valid JSON/);
  });

  it("reports schema problems with their paths", () => {
    const parsed = parseAnswer('{"title":"' + "x".repeat(90) + '","tags":"a, b","dimensions":null}', Product);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(/title:/);
    expect(!parsed.ok && parsed.problem).toMatch(/tags:/);
  });

  it("reports an empty answer", () => {
    expect(parseAnswer(undefined, Product)).toEqual({ ok: false, problem: "the answer was empty" });
  });
});

describe("generateStructured", () => {
  const ctx: ErrorContext = { providerId: "openai", providerName: "OpenAI", secrets: ["k"] };
  const usage = (input: number, output: number): NormalizedUsage => ({
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: output,
    characters: 0,
  });
  const outcome = (answer: string, finish: CallOutcome["finish"] = "stop"): CallOutcome => ({
    answer,
    finish,
    usage: usage(100, 20),
    raw: {},
    model: "gpt-4o-mini",
  });
  const request = { model: "gpt-4o-mini", system: "s", prompt: "p", schema: Product, schemaName: "product", maxOutputTokens: 300 };
  const good = '{"title":"Linen shirt","material":null,"tags":["linen"],"dimensions":null}';

  it("returns the parsed object after one call", async () => {
    const result = await generateStructured(request, ctx, async () => outcome(good));
    expect(result.object.title).toBe("Linen shirt");
    expect(result.calls).toBe(1);
    expect(result.usage.inputTokens.total).toBe(100);
  });

  it("repairs once: the second call sees the bad answer and what was wrong", async () => {
    const repairs: Array<RepairTurn | undefined> = [];
    const result = await generateStructured(request, ctx, async (repair) => {
      repairs.push(repair);
      return outcome(repair ? good : '{title:"Linen shirt",}');
    });
    expect(result.calls).toBe(2);
    expect(repairs[1]?.previousAnswer).toBe('{title:"Linen shirt",}');
    expect(repairs[1]?.instruction).toMatch(/not valid JSON/);
    // Both calls were billed.
    expect(result.usage.inputTokens.total).toBe(200);
    expect(result.usage.outputTokens).toBe(40);
  });

  it("gives up after the repair with invalid_output, keeping the usage spent", async () => {
    const error = await generateStructured(request, ctx, async () => outcome('{"tags":42}')).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe("invalid_output");
    expect(error.message).toMatch(/did not match the expected format/);
    expect(error.usage.inputTokens.total).toBe(200);
  });

  it("a cut-off answer is truncated at once, without a repair call", async () => {
    let calls = 0;
    const error = await generateStructured(request, ctx, async () => {
      calls++;
      return outcome('{"title":"Lin', "length");
    }).catch((e) => e);
    expect(calls).toBe(1);
    expect(error.kind).toBe("truncated");
    expect(error.message).toMatch(/300 tokens/);
    expect(error.usage.outputTokens).toBe(20);
  });

  it("a refusal counts as unusable and is repaired once", async () => {
    let calls = 0;
    const error = await generateStructured(request, ctx, async () => {
      calls++;
      return { ...outcome(""), finish: "refusal" as const, refusal: "I can't help with that." };
    }).catch((e) => e);
    expect(calls).toBe(2);
    expect(error.kind).toBe("invalid_output");
    expect(error.detail).toMatch(/declined/);
  });
});

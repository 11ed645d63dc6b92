// A JSON value valid for a JSON Schema, filled the way a model would fill it: the content of
// each string comes from its field's meaning (see field-kinds.ts) and the prompt's facts.
// Handles $ref/$defs, anyOf/oneOf/allOf, type arrays, const/enum, required and
// additionalProperties, min/max lengths, items and values, formats, and the constraints the
// Anthropic SDK moves into descriptions ("{maxLength: 70}").
import { cutToLength, type ContentWriter, type LengthBounds } from "./content-writer";
import { fieldKind, nameWords } from "./field-kinds";
import type { PromptFacts } from "./prompt-facts";
import { hashString, SeededRandom } from "./seeded-random";

export type JsonSchema = Record<string, any>;

interface Position {
  path: string[];
  /** Index among array siblings (so items differ). */
  index: number;
  pairedWithValue?: boolean;
  siblingName?: string;
  /** This value is an item of the array named by the last path entry. */
  isItem?: boolean;
  /** The schema allows null here (a model may answer null for an unknown fact). */
  nullable?: boolean;
  depth: number;
}

const MAX_DEPTH = 8;
const NAME_KEYS = /^(name|key|label|attribute|attribute_?name|property|title)$/i;

export function slugify(text: string, separator = "-"): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, "g"), "");
}

/**
 * Constraints a model reads in a description: the list the Anthropic SDK moves there
 * ("…\n\n{maxLength: 70, minItems: 3}"), and plain words ("at most 70 characters", "up to 5").
 */
function constraintsFromDescription(description: unknown): JsonSchema {
  if (typeof description !== "string") return {};
  const out: JsonSchema = {};
  const chars = /at most (\d+) characters/i.exec(description);
  if (chars) out.maxLength = Number(chars[1]);
  const items = /\bup to (\d+)\b/i.exec(description);
  if (items) out.maxItems = Number(items[1]);
  const match = /\{([^{}]*)\}\s*$/.exec(description);
  if (!match) return out;
  for (const part of match[1].split(/,\s*(?=[A-Za-z]+:\s)/)) {
    const pair = /^\s*([A-Za-z]+):\s*(.+?)\s*$/.exec(part);
    if (!pair) continue;
    try {
      out[pair[1]] = JSON.parse(pair[2]);
    } catch {
      // not a constraint list after all
    }
  }
  return out;
}

export class SchemaValueGenerator {
  constructor(
    private readonly root: JsonSchema,
    private readonly writer: ContentWriter,
    private readonly facts: PromptFacts,
    private readonly rng: SeededRandom,
  ) {}

  generate(): unknown {
    return this.value(this.root, { path: [], index: 0, depth: 0 });
  }

  private pointer(ref: string): JsonSchema {
    if (ref === "#") return this.root;
    if (!ref.startsWith("#/")) return {};
    let target: any = this.root;
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      target = target?.[key];
    }
    return typeof target === "object" && target ? target : {};
  }

  /** The schema with $ref followed, allOf merged and description constraints applied. */
  resolve(schema: JsonSchema | boolean | undefined): JsonSchema {
    if (schema === true || schema === undefined) return {};
    if (schema === false) return { not: {} };
    let current: JsonSchema = schema;
    for (let hops = 0; current.$ref && hops < 20; hops++) {
      const { $ref, ...rest } = current;
      current = { ...this.pointer($ref), ...rest };
    }
    if (Array.isArray(current.allOf)) {
      const { allOf, ...rest } = current;
      current = allOf.map((s: JsonSchema) => this.resolve(s)).reduce(mergeSchemas, rest);
    }
    return { ...constraintsFromDescription(current.description), ...current };
  }

  private value(schemaIn: JsonSchema | boolean | undefined, at: Position): unknown {
    const schema = this.resolve(schemaIn);
    if ("const" in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length) return this.enumValue(schema.enum, at);
    const variants: JsonSchema[] | undefined = schema.anyOf ?? schema.oneOf;
    if (Array.isArray(variants) && variants.length) {
      const { anyOf, oneOf, ...rest } = schema;
      const resolved = variants.map((v) => this.resolve(v));
      // A model answers with a real value rather than null when it can.
      const chosen = resolved.find((v) => v.type !== "null") ?? resolved[0];
      const nullable = resolved.some((v) => v.type === "null");
      return this.value(mergeSchemas(rest, chosen), { ...at, nullable: at.nullable || nullable });
    }
    if (Array.isArray(schema.type) && schema.type.includes("null")) at = { ...at, nullable: true };
    switch (this.typeOf(schema)) {
      case "null":
        return null;
      case "object":
        return this.objectValue(schema, at);
      case "array":
        return this.arrayValue(schema, at);
      case "integer":
      case "number":
        return this.numberValue(schema, at);
      case "boolean":
        return this.booleanValue(at);
      default:
        return this.stringValue(schema, at);
    }
  }

  private typeOf(schema: JsonSchema): string {
    const type = schema.type;
    if (Array.isArray(type)) return type.find((t: string) => t !== "null") ?? "null";
    if (typeof type === "string") return type;
    if (schema.properties || schema.additionalProperties) return "object";
    if (schema.items || schema.prefixItems) return "array";
    return "string";
  }

  private enumValue(values: unknown[], at: Position): unknown {
    // Prefer the option the prompt talks about ("navy" when the product is navy).
    const mentioned = values
      .filter((v): v is string => typeof v === "string" && v.length > 2)
      .filter((v) => this.facts.lowerText.includes(v.toLowerCase()))
      .sort((a, b) => b.length - a.length)[0];
    if (mentioned !== undefined) return mentioned;
    return this.rng.fork(`enum:${at.path.join(".")}:${at.index}`).pick(values);
  }

  private objectValue(schema: JsonSchema, at: Position): Record<string, unknown> {
    const properties: Record<string, JsonSchema> = schema.properties ?? {};
    const keys = Object.keys(properties);
    const out: Record<string, unknown> = {};
    if (at.depth >= MAX_DEPTH) {
      for (const key of schema.required ?? []) out[key] = null;
      return out;
    }
    const nameKey = keys.find((k) => NAME_KEYS.test(k));
    const valueKey = keys.find((k) => /^value$/i.test(k));
    const paired = Boolean(nameKey && valueKey);
    const order = paired ? [nameKey!, ...keys.filter((k) => k !== nameKey)] : keys;
    for (const key of order) {
      out[key] = this.value(properties[key], {
        path: [...at.path, key],
        index: at.index,
        depth: at.depth + 1,
        pairedWithValue: paired && key === nameKey ? true : undefined,
        siblingName: paired && key === valueKey ? String(out[nameKey!]) : undefined,
      });
    }
    const extra = schema.additionalProperties;
    if (!keys.length && extra && typeof extra === "object") {
      // A free-form map (e.g. attributes: Record<string, string>): a few named entries.
      const count = Math.max(schema.minProperties ?? 0, Math.min(schema.maxProperties ?? 4, 4));
      for (let i = 0; i < count; i++) {
        const name = slugify(this.writer.attributeName(i), "_");
        out[name] = this.value(extra, { path: [...at.path, name], index: i, depth: at.depth + 1, siblingName: name });
      }
    }
    // Keep the schema's property order in the output, as models do.
    return Object.fromEntries(keys.map((k) => [k, out[k]]).concat(Object.entries(out).filter(([k]) => !keys.includes(k))));
  }

  private defaultCount(at: Position, items: JsonSchema): number {
    const leaf = nameWords(at.path[at.path.length - 1] ?? "");
    const counts = this.facts.requestedCounts;
    const r = this.rng.fork(`count:${at.path.join(".")}`);
    // One entry per image the product data lists (alt texts keyed by image id).
    const perImage = Object.keys(items.properties ?? {}).some((k) => fieldKind({ path: [k], wantsHtml: false }) === "image-id");
    if (perImage || leaf.some((w) => /^(images|image|alt|alts)$/.test(w))) return this.facts.imageIds.length || 3;
    if (leaf.some((w) => w === "tags" || w === "keywords")) return counts.tags ?? r.int(5, 8);
    if (leaf.some((w) => /^(features|highlights|bullets|benefits)$/.test(w))) return counts.features ?? 4;
    if (leaf.some((w) => /^(attributes|metafields|specs|specifications|properties)$/.test(w))) return counts.attributes ?? 5;
    return 3;
  }

  private arrayValue(schema: JsonSchema, at: Position): unknown[] {
    const min = schema.minItems ?? 0;
    const max = schema.maxItems ?? Infinity;
    if (Array.isArray(schema.prefixItems)) {
      return schema.prefixItems.map((item: JsonSchema, index: number) =>
        this.value(item, { path: at.path, index, depth: at.depth + 1, isItem: true }),
      );
    }
    const count = at.depth >= MAX_DEPTH ? min : Math.min(max, Math.max(min, this.defaultCount(at, this.resolve(schema.items))));
    const items = Array.from({ length: count }, (_, index) =>
      this.value(schema.items, { path: at.path, index, depth: at.depth + 1, isItem: true }),
    );
    if (!schema.uniqueItems) return items;
    const seen = new Set<string>();
    return items.map((item, index) => {
      let candidate = item;
      if (typeof candidate === "string" && seen.has(candidate)) candidate = `${candidate} ${index + 1}`;
      seen.add(JSON.stringify(candidate));
      return candidate;
    });
  }

  private numberValue(schema: JsonSchema, at: Position): number {
    const words = nameWords(at.path[at.path.length - 1] ?? "");
    const has = (...w: string[]) => w.some((x) => words.includes(x));
    let value: number;
    if (has("price", "amount", "cost")) value = Number.parseFloat(this.facts.price ?? "") || 29.95;
    else if (has("confidence", "score", "probability", "certainty")) value = 0.92;
    else if (has("rating", "stars")) value = 4.6;
    else if (has("year")) value = 2026;
    else if (has("position", "index", "rank", "order")) value = at.index + 1;
    else if (has("weight", "grams")) value = 350;
    else value = this.rng.fork(`num:${at.path.join(".")}:${at.index}`).int(1, 10);
    const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1e-6 : -Infinity);
    const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1e-6 : Infinity);
    if (value > max && max <= 1 && value >= 1) value = max * 0.92; // a score on a 0–1 scale
    value = Math.min(max, Math.max(min, value));
    if (schema.type === "integer" || (Array.isArray(schema.type) && schema.type.includes("integer"))) {
      value = Math.round(value);
      if (value < min) value = Math.ceil(min);
      if (value > max) value = Math.floor(max);
    }
    if (schema.multipleOf) value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
    return Number(value.toFixed(6));
  }

  private booleanValue(at: Position): boolean {
    const words = nameWords(at.path[at.path.length - 1] ?? "");
    return !words.some((w) => /^(review|warning|error|errors|unsafe|flagged|invalid|missing|needs|hostile)$/.test(w));
  }

  private formatted(format: string): string | undefined {
    const seed = hashString(`${this.facts.productName}:${format}`).toString(16).padStart(8, "0");
    switch (format) {
      case "date-time":
        return "2026-01-15T10:00:00Z";
      case "date":
        return "2026-01-15";
      case "time":
        return "10:00:00Z";
      case "duration":
        return "PT1H";
      case "email":
        return "hello@example.com";
      case "uri":
      case "url":
      case "uri-reference":
      case "iri":
        return `https://example.com/products/${slugify(this.facts.productName)}`;
      case "hostname":
        return "example.com";
      case "ipv4":
        return "192.0.2.10";
      case "ipv6":
        return "2001:db8::10";
      case "uuid":
        return `${seed}-0000-4000-8000-${seed}0000`;
      default:
        return undefined;
    }
  }

  private stringValue(schema: JsonSchema, at: Position): string | null {
    const bounds: LengthBounds = { minLength: schema.minLength, maxLength: schema.maxLength };
    let raw = (schema.format && this.formatted(schema.format)) ?? this.textFor(at, bounds);
    if (raw === null) {
      // An unknown fact: null where the schema allows it, as instructed models answer.
      if (at.nullable) return null;
      raw = this.writer.phrase(bounds, at.path.join("."));
    }
    return this.fitPattern(this.fitLength(raw, bounds), schema.pattern);
  }

  private textFor(at: Position, bounds: LengthBounds): string | null {
    const w = this.writer;
    const f = this.facts;
    const kind = fieldKind({
      path: at.path,
      pairedWithValue: at.pairedWithValue,
      siblingName: at.siblingName,
      wantsHtml: f.wantsHtml,
    });
    const leaf = at.path[at.path.length - 1] ?? "";
    switch (kind) {
      case "seo-title":
        return w.seoTitle(bounds);
      case "seo-description":
        return w.seoDescription(bounds);
      case "alt-text":
        return w.altText(at.index, bounds);
      case "description-html":
        return w.descriptionHtml(bounds);
      case "description-text":
        return w.descriptionText(bounds);
      case "summary":
        return w.summary(bounds);
      case "explanation":
        return w.explanation(bounds);
      case "title":
        return w.title(bounds);
      case "tags": {
        // "newTags", "additionalTags": tags the product does not have yet. A single string
        // named "tags" is Shopify's comma-separated list.
        const fresh = nameWords(leaf).some((x) => /^(new|additional|extra|more|suggested)$/.test(x));
        return at.isItem ? w.tag(at.index, { fresh }) : w.tags(undefined, { fresh }).join(", ");
      }
      case "image-id":
        return f.imageIds[at.index] ?? `image-${at.index + 1}`;
      case "attribute-name":
        return w.attributeName(at.index);
      case "attribute-key":
        return slugify(w.attributeName(at.index), "_");
      case "attribute-value":
        return w.attributeValue(at.siblingName ?? leaf);
      case "attribute":
        return w.attributeValue(leaf);
      case "namespace":
        return "custom";
      case "handle":
        return slugify(f.productName);
      case "sku":
        return `${slugify(f.productName).split("-").map((p) => p[0]).join("").toUpperCase()}-${hashString(f.productName) % 10000}`;
      case "vendor":
        return f.vendor ?? "Independent Studio";
      case "product-type":
        return f.productType ?? w.noun().replace(/^./, (c) => c.toUpperCase());
      case "language":
        return (f.targetLanguage ?? "en").toLowerCase();
      case "url":
        return `https://example.com/products/${slugify(f.productName)}`;
      case "email":
        return "hello@example.com";
      case "id":
        return `${slugify(f.productName)}-${at.index + 1}`;
      default:
        return w.phrase(bounds, `${at.path.join(".")}:${at.index}`);
    }
  }

  private fitLength(text: string, { minLength, maxLength }: LengthBounds): string {
    let out = text;
    if (minLength !== undefined && out.length < minLength) {
      const padding = [this.facts.productName, ...this.facts.keywords, "crafted with care", "made to last"];
      for (let i = 0; out.length < minLength; i++) out += ` ${padding[i % padding.length]}`;
    }
    if (maxLength !== undefined && out.length > maxLength) out = cutToLength(out, maxLength);
    return out;
  }

  private fitPattern(text: string, pattern: unknown): string {
    if (typeof pattern !== "string") return text;
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, "u");
    } catch {
      return text;
    }
    if (regex.test(text)) return text;
    const candidates = [slugify(text), slugify(text, "_"), slugify(text, "_").toUpperCase(), text.replace(/\s+/g, ""), "1", "a"];
    return candidates.find((c) => regex.test(c)) ?? text;
  }
}

function mergeSchemas(base: JsonSchema, extra: JsonSchema): JsonSchema {
  const merged: JsonSchema = { ...extra, ...base };
  if (base.properties || extra.properties) merged.properties = { ...extra.properties, ...base.properties };
  if (base.required || extra.required) merged.required = [...new Set([...(extra.required ?? []), ...(base.required ?? [])])];
  if (base.type === undefined && extra.type !== undefined) merged.type = extra.type;
  return merged;
}

export function generateFromSchema(schema: JsonSchema, writer: ContentWriter, facts: PromptFacts, seed: string): unknown {
  return new SchemaValueGenerator(schema, writer, facts, new SeededRandom(seed)).generate();
}

// The JSON Schema we send for a zod output schema, and the parse of a model's answer back
// through zod. One strict-compatible schema serves every provider with a JSON-schema mode
// (OpenAI strict requires every property listed as required and no extra properties; an
// optional field becomes "may be null"), and the parse turns those nulls back into "absent"
// before zod sees them.
import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

const SAFE_INT_MIN = Number.MIN_SAFE_INTEGER;
const SAFE_INT_MAX = Number.MAX_SAFE_INTEGER;

/** JSON Schema of what the model must write (zod's input side: before transforms and defaults). */
export function plainJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-7", unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  return stripNoise(json) as JsonSchema;
}

/** zod adds ±2^53 bounds to every int; they only cost tokens. */
function stripNoise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripNoise);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "minimum" && value === SAFE_INT_MIN) continue;
    if (key === "maximum" && value === SAFE_INT_MAX) continue;
    out[key] = stripNoise(value);
  }
  return out;
}

function allowsNull(node: unknown): boolean {
  if (!node || typeof node !== "object") return false;
  const s = node as JsonSchema;
  if (s.type === "null") return true;
  if (Array.isArray(s.type) && s.type.includes("null")) return true;
  if (Array.isArray(s.anyOf) && s.anyOf.some(allowsNull)) return true;
  return false;
}

function nullable(node: JsonSchema): JsonSchema {
  if (allowsNull(node)) return node;
  if (typeof node.type === "string" && !node.enum && !node.anyOf && !node.properties && !node.items) {
    return { ...node, type: [node.type, "null"] };
  }
  return { anyOf: [node, { type: "null" }] };
}

function makeStrict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(makeStrict);
  if (!node || typeof node !== "object") return node;
  const s: JsonSchema = {};
  for (const [key, value] of Object.entries(node as JsonSchema)) {
    if (key === "properties" || key === "definitions" || key === "$defs") {
      s[key] = Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, makeStrict(v)]));
    } else if (key === "default") {
      // Strict mode rejects `default`; absence is expressed as null below.
      continue;
    } else {
      s[key] = makeStrict(value);
    }
  }
  if (s.type === "object" || s.properties) {
    const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    for (const [name, prop] of Object.entries(properties)) {
      if (!required.has(name)) properties[name] = nullable(prop);
    }
    s.properties = properties;
    s.required = Object.keys(properties);
    s.additionalProperties = false;
  }
  return s;
}

/**
 * Strict-compatible JSON Schema (OpenAI strict mode; also valid for Mistral, Gemini, Ollama
 * and as an instruction in JSON mode). The root must be an object.
 */
export function strictJsonSchema(schema: z.ZodType): JsonSchema {
  return makeStrict(plainJsonSchema(schema)) as JsonSchema;
}

/** A name providers accept for a format or tool: ^[a-zA-Z0-9_-]{1,64}$. */
export function formatName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]+/g, "_").slice(0, 64);
  return cleaned.length > 0 ? cleaned : "output";
}

function resolveRef(node: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = node.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return node;
  let target: unknown = root;
  for (const part of ref.slice(2).split("/")) {
    target = target && typeof target === "object" ? (target as JsonSchema)[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  }
  return target && typeof target === "object" ? (target as JsonSchema) : node;
}

/** Removes `null` where the plain schema says "optional" and null is not itself allowed. */
function dropNullOptionals(value: unknown, node: JsonSchema, root: JsonSchema, depth = 0): unknown {
  if (depth > 64) return value;
  const s = resolveRef(node, root);
  if (Array.isArray(value)) {
    const items = s.items && typeof s.items === "object" && !Array.isArray(s.items) ? (s.items as JsonSchema) : undefined;
    return items ? value.map((v) => dropNullOptionals(v, items, root, depth + 1)) : value;
  }
  if (value && typeof value === "object") {
    const branches = Array.isArray(s.anyOf) ? (s.anyOf as JsonSchema[]).map((b) => resolveRef(b, root)) : [s];
    let out = value as Record<string, unknown>;
    for (const branch of branches) {
      if (!branch.properties) continue;
      const properties = branch.properties as Record<string, JsonSchema>;
      const required = new Set(Array.isArray(branch.required) ? (branch.required as string[]) : []);
      const next: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(out)) {
        const prop = properties[key];
        if (v === null && prop && !required.has(key) && !allowsNull(resolveRef(prop, root))) continue;
        next[key] = prop ? dropNullOptionals(v, prop, root, depth + 1) : v;
      }
      out = next;
    }
    return out;
  }
  return value;
}

export type ParsedAnswer<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Text → JSON (tolerating a ```json fence) → zod. `problem` says what to fix, for the repair turn. */
export function parseAnswer<T>(answer: string | unknown, schema: z.ZodType<T>): ParsedAnswer<T> {
  let data: unknown = answer;
  if (typeof answer === "string") {
    const text = answer.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, "$1");
    if (text === "") return { ok: false, problem: "the answer was empty" };
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { ok: false, problem: `the answer was not valid JSON (${(error as Error).message})` };
    }
  }
  if (answer === undefined || answer === null) return { ok: false, problem: "the answer was empty" };
  const plain = plainJsonSchema(schema);
  const cleaned = dropNullOptionals(data, plain, plain);
  const result = schema.safeParse(cleaned);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
  const more = result.error.issues.length > 10 ? ` (and ${result.error.issues.length - 10} more)` : "";
  return { ok: false, problem: `the JSON did not match the schema: ${issues}${more}` };
}

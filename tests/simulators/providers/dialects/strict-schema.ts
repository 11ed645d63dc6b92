// OpenAI's strict structured outputs accept a subset of JSON Schema and reject the rest with a
// 400 before generating anything. The rules an app most often breaks: the root is an object,
// every object sets additionalProperties: false and lists every property as required.

type Schema = Record<string, any>;

function isObjectSchema(node: Schema): boolean {
  const type = node.type;
  return type === "object" || (Array.isArray(type) && type.includes("object")) || (node.properties && !type);
}

function context(path: string[]): string {
  return path.length ? `In context=(${path.map((p) => `'${p}'`).join(", ")}), ` : "";
}

function check(node: unknown, path: string[]): string | undefined {
  if (!node || typeof node !== "object") return undefined;
  const schema = node as Schema;
  if (isObjectSchema(schema)) {
    if (schema.additionalProperties !== false) {
      return `${context(path)}'additionalProperties' is required to be supplied and to be false.`;
    }
    const keys = Object.keys(schema.properties ?? {});
    const required: unknown[] = Array.isArray(schema.required) ? schema.required : [];
    const missing = keys.filter((k) => !required.includes(k));
    if (missing.length) {
      return `${context(path)}'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
    }
    for (const key of keys) {
      const problem = check(schema.properties[key], [...path, "properties", key]);
      if (problem) return problem;
    }
  }
  for (const keyword of ["items", "not"]) {
    const problem = check(schema[keyword], [...path, keyword]);
    if (problem) return problem;
  }
  for (const keyword of ["anyOf", "allOf", "oneOf", "prefixItems"]) {
    const list = Array.isArray(schema[keyword]) ? schema[keyword] : [];
    for (let i = 0; i < list.length; i++) {
      const problem = check(list[i], [...path, keyword, String(i)]);
      if (problem) return problem;
    }
  }
  for (const keyword of ["$defs", "definitions"]) {
    for (const [name, def] of Object.entries(schema[keyword] ?? {})) {
      const problem = check(def, [...path, keyword, name]);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Why OpenAI would refuse this schema in strict mode, or undefined when it accepts it. */
export function strictSchemaProblem(schema: unknown): string | undefined {
  if (!schema || typeof schema !== "object" || !isObjectSchema(schema as Schema) || (schema as Schema).anyOf) {
    return "schema must be a JSON Schema of 'type: \"object\"', got 'type: \"" + String((schema as Schema)?.type ?? "None") + "\"'.";
  }
  return check(schema, []);
}

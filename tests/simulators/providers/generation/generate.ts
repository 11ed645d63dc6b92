// The model: turns a provider-neutral request into an answer derived from the prompt.
import { ContentWriter } from "./content-writer";
import { generateFromSchema, type JsonSchema } from "./json-from-schema";
import { jsonObjectAnswer, plainAnswer } from "./plain-answer";
import { extractFacts } from "./prompt-facts";
import { SeededRandom } from "./seeded-random";

export type OutputSpec =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; schema: JsonSchema; name?: string }
  /** A forced tool call: the answer is the tool's input. */
  | { type: "tool"; name: string; schema: JsonSchema };

export interface GenerationRequest {
  model: string;
  /** System instructions, joined. */
  system: string;
  /** User turns' text, oldest first. */
  user: string[];
  output: OutputSpec;
}

export interface Answer {
  /** The text the model emits (JSON text for structured outputs and tool calls). */
  text: string;
  /** The parsed value for structured outputs and tool calls. */
  value?: unknown;
}

export function generateAnswer(request: GenerationRequest): Answer {
  const facts = extractFacts({ system: request.system, user: request.user });
  const prompt = [request.system, ...request.user].join("\n");
  const seed = `${request.model}\n${prompt}`;
  const writer = new ContentWriter(facts, new SeededRandom(seed));
  const { output } = request;
  if (output.type === "json_schema" || output.type === "tool") {
    const value = generateFromSchema(output.schema, writer, facts, seed);
    return { text: JSON.stringify(value), value };
  }
  if (output.type === "json_object") {
    const value = jsonObjectAnswer(prompt, writer, facts, seed);
    return { text: JSON.stringify(value), value };
  }
  return { text: plainAnswer(request.user[request.user.length - 1] ?? "", writer, facts) };
}

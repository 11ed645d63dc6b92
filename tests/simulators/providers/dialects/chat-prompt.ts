// OpenAI-style chat messages (OpenAI, Mistral, Gemini and Ollama speak them) as the model
// sees them: the text for the answer, and the token blocks that usage and caching count.
import { hashString } from "../generation/seeded-random";
import type { JsonSchema } from "../generation/json-from-schema";
import type { OutputSpec } from "../generation/generate";
import { imageTokens, MESSAGE_FRAMING_TOKENS, REPLY_PRIMING_TOKENS, tokenize } from "../usage/tokens";
import type { PromptBlock } from "../usage/prompt-cache";

export interface ChatPrompt {
  system: string;
  user: string[];
  /** Prefix order: tool and schema definitions, then the messages. */
  blocks: PromptBlock[];
  promptTokens: number;
}

// Ids above the o200k vocabulary: message framing and images, distinct from real text tokens.
const FRAMING_TOKEN = 200_100;
const IMAGE_TOKEN_BASE = 201_000;

export function pseudoTokens(seed: string, count: number): number[] {
  const id = IMAGE_TOKEN_BASE + (hashString(seed) % 50_000);
  return Array.from({ length: count }, () => id);
}

function framing(role: string): number[] {
  return [...Array.from({ length: MESSAGE_FRAMING_TOKENS }, () => FRAMING_TOKEN), ...tokenize(role)];
}

interface ContentPiece {
  text: string;
  tokens: number[];
}

/** Message content: a string, or parts (text, image_url, input_audio, file, Mistral chunks). */
function contentPieces(content: unknown): ContentPiece[] {
  if (typeof content === "string") return [{ text: content, tokens: tokenize(content) }];
  if (!Array.isArray(content)) return [];
  return content.map((part: any) => {
    const type = part?.type;
    if (type === "text" || type === "input_text") {
      const text = String(part.text ?? "");
      return { text, tokens: tokenize(text) };
    }
    if (type === "image_url" || type === "input_image") {
      const url = typeof part.image_url === "string" ? part.image_url : part.image_url?.url ?? "";
      return { text: "", tokens: pseudoTokens(url, imageTokens("openai", part.image_url?.detail)) };
    }
    return { text: "", tokens: pseudoTokens(JSON.stringify(part), 85) };
  });
}

function messageText(pieces: ContentPiece[]): string {
  return pieces.map((p) => p.text).filter(Boolean).join("\n");
}

export function chatPrompt(messages: any[], extras: { tools?: unknown; schema?: JsonSchema }): ChatPrompt {
  const blocks: PromptBlock[] = [];
  // Tool and schema definitions are rendered into the prompt ahead of the conversation.
  if (Array.isArray(extras.tools) && extras.tools.length) blocks.push({ tokens: tokenize(JSON.stringify(extras.tools)) });
  if (extras.schema) blocks.push({ tokens: tokenize(JSON.stringify(extras.schema)) });
  const system: string[] = [];
  const user: string[] = [];
  for (const message of messages) {
    const role = String(message?.role ?? "user");
    const pieces = contentPieces(message?.content);
    const toolCalls = Array.isArray(message?.tool_calls) ? tokenize(JSON.stringify(message.tool_calls)) : [];
    blocks.push({ tokens: [...framing(role), ...pieces.flatMap((p) => p.tokens), ...toolCalls] });
    const text = messageText(pieces);
    if (role === "system" || role === "developer") system.push(text);
    else if (role === "user") user.push(text);
  }
  const promptTokens = blocks.reduce((sum, b) => sum + b.tokens.length, 0) + REPLY_PRIMING_TOKENS;
  return { system: system.join("\n"), user, blocks, promptTokens };
}

/** What the request asks for: free text, JSON mode, a JSON Schema, or a forced tool call. */
export function outputSpec(body: any): OutputSpec {
  const format = body?.response_format;
  const tools: any[] = Array.isArray(body?.tools) ? body.tools : [];
  const choice = body?.tool_choice;
  const forcedName =
    typeof choice === "object" && choice ? choice.function?.name ?? choice.name : choice === "required" || choice === "any" ? tools[0]?.function?.name : undefined;
  if (forcedName) {
    const tool = tools.find((t) => t?.function?.name === forcedName);
    if (tool) return { type: "tool", name: forcedName, schema: tool.function.parameters ?? { type: "object" } };
  }
  if (format?.type === "json_schema") {
    const spec = format.json_schema ?? {};
    return { type: "json_schema", schema: spec.schema ?? spec.schema_definition ?? { type: "object" }, name: spec.name };
  }
  if (format?.type === "json_object") return { type: "json_object" };
  return { type: "text" };
}

export function flattenBlocks(blocks: PromptBlock[]): number[] {
  return blocks.flatMap((b) => b.tokens);
}

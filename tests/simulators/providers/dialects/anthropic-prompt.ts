// An Anthropic Messages request as the model and the cache see it: text for the answer, and
// token blocks in cache-prefix order (tools → system → messages) with the `cache_control`
// breakpoints the request set (per block, or top-level = on the last block).
import type { OutputSpec } from "../generation/generate";
import type { PromptBlock } from "../usage/prompt-cache";
import { imageTokens, MESSAGE_FRAMING_TOKENS, tokenize } from "../usage/tokens";
import { pseudoTokens } from "./chat-prompt";

export interface AnthropicPrompt {
  system: string;
  user: string[];
  blocks: PromptBlock[];
  totalTokens: number;
}

const FRAMING_TOKEN = 200_110;

function breakpointOf(block: any): PromptBlock["breakpoint"] {
  const control = block?.cache_control;
  if (!control || control.type !== "ephemeral") return undefined;
  return control.ttl === "1h" ? "1h" : "5m";
}

function blockTokens(block: any): { text: string; tokens: number[] } {
  switch (block?.type) {
    case "text":
      return { text: String(block.text ?? ""), tokens: tokenize(String(block.text ?? "")) };
    case "image":
      return { text: "", tokens: pseudoTokens(JSON.stringify(block.source ?? {}).slice(0, 200), imageTokens("anthropic")) };
    case "document": {
      const data = block.source?.type === "text" ? String(block.source.data ?? "") : "";
      return { text: data, tokens: data ? tokenize(data) : pseudoTokens(JSON.stringify(block.source ?? {}).slice(0, 200), 1500) };
    }
    case "tool_result": {
      const inner = typeof block.content === "string" ? [{ type: "text", text: block.content }] : block.content ?? [];
      const parts = inner.map(blockTokens);
      return { text: parts.map((p: { text: string }) => p.text).join("\n"), tokens: parts.flatMap((p: { tokens: number[] }) => p.tokens) };
    }
    default:
      return { text: "", tokens: tokenize(JSON.stringify(block ?? "")) };
  }
}

function contentBlocks(content: unknown): any[] {
  return typeof content === "string" ? [{ type: "text", text: content }] : Array.isArray(content) ? content : [];
}

export function anthropicOutput(body: any): OutputSpec {
  const tools: any[] = Array.isArray(body?.tools) ? body.tools : [];
  const choice = body?.tool_choice;
  const forced = choice?.type === "tool" ? choice.name : choice?.type === "any" ? tools[0]?.name : undefined;
  const tool = forced ? tools.find((t) => t?.name === forced) : undefined;
  if (tool) return { type: "tool", name: tool.name, schema: tool.input_schema ?? { type: "object" } };
  const format = body?.output_config?.format ?? body?.output_format;
  if (format?.type === "json_schema") return { type: "json_schema", schema: format.schema ?? { type: "object" } };
  return { type: "text" };
}

export function anthropicPrompt(body: any, output: OutputSpec): AnthropicPrompt {
  const blocks: PromptBlock[] = [];
  for (const tool of Array.isArray(body?.tools) ? body.tools : []) {
    const { cache_control, ...definition } = tool ?? {};
    blocks.push({ tokens: tokenize(JSON.stringify(definition)), breakpoint: breakpointOf(tool) });
  }
  // Structured outputs are compiled into the system prompt.
  if (output.type === "json_schema") blocks.push({ tokens: tokenize(JSON.stringify(output.schema)) });
  const system: string[] = [];
  for (const block of contentBlocks(body?.system)) {
    const { text, tokens } = blockTokens(block);
    system.push(text);
    blocks.push({ tokens, breakpoint: breakpointOf(block) });
  }
  const user: string[] = [];
  for (const message of Array.isArray(body?.messages) ? body.messages : []) {
    const role = String(message?.role ?? "user");
    const parts = contentBlocks(message?.content);
    const texts: string[] = [];
    parts.forEach((part, index) => {
      const { text, tokens } = blockTokens(part);
      texts.push(text);
      const framing = index === 0 ? [...Array.from({ length: MESSAGE_FRAMING_TOKENS }, () => FRAMING_TOKEN), ...tokenize(role)] : [];
      blocks.push({ tokens: [...framing, ...tokens], breakpoint: breakpointOf(part) });
    });
    if (role === "system") system.push(texts.join("\n"));
    if (role === "user") user.push(texts.filter(Boolean).join("\n"));
  }
  // Top-level cache_control marks the last cacheable block.
  const topLevel = breakpointOf(body);
  if (topLevel && blocks.length && !blocks[blocks.length - 1].breakpoint) blocks[blocks.length - 1].breakpoint = topLevel;
  return { system: system.join("\n"), user, blocks, totalTokens: blocks.reduce((sum, b) => sum + b.tokens.length, 0) };
}

// Splits HTML into tags (kept byte for byte) and text runs, marking the runs a translator
// must leave alone: inside <script>/<style>, elements with translate="no" or class
// "notranslate" (DeepL honours both), and DeepL's `ignore_tags`.

export interface Segment {
  kind: "tag" | "text";
  text: string;
  /** Text runs only: false inside an element that must not be translated. */
  translatable: boolean;
}

const VOID_ELEMENTS = new Set([
  "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
]);
const OPAQUE_ELEMENTS = new Set(["script", "style"]);

/** End index (exclusive) of the tag starting at `start` (a "<"), honouring quoted attributes. */
function tagEnd(html: string, start: number): number {
  if (html.startsWith("<!--", start)) {
    const close = html.indexOf("-->", start + 4);
    return close < 0 ? html.length : close + 3;
  }
  let quote: string | null = null;
  for (let i = start + 1; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ">") {
      return i + 1;
    }
  }
  return html.length;
}

function tagName(tag: string): { name: string; closing: boolean; selfClosing: boolean } {
  const match = /^<\s*(\/?)\s*([a-zA-Z][\w:-]*)/.exec(tag);
  return {
    name: match ? match[2].toLowerCase() : "",
    closing: Boolean(match?.[1]),
    selfClosing: /\/\s*>$/.test(tag),
  };
}

function opensOpaqueRegion(tag: string, name: string, ignoreTags: Set<string>): boolean {
  if (OPAQUE_ELEMENTS.has(name) || ignoreTags.has(name)) return true;
  if (/\btranslate\s*=\s*["']?no\b/i.test(tag)) return true;
  return /\bclass\s*=\s*["'][^"']*\bnotranslate\b/i.test(tag);
}

export function splitHtml(html: string, ignoreTags: string[] = []): Segment[] {
  const ignored = new Set(ignoreTags.map((t) => t.toLowerCase()));
  const segments: Segment[] = [];
  // Open elements, each remembering whether it made its content untranslatable.
  const stack: { name: string; opaque: boolean }[] = [];
  let opaqueDepth = 0;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    const looksLikeTag = lt >= 0 && /[a-zA-Z/!]/.test(html[lt + 1] ?? "");
    if (lt < 0 || !looksLikeTag) {
      const end = lt < 0 ? html.length : lt + 1;
      segments.push({ kind: "text", text: html.slice(i, end), translatable: opaqueDepth === 0 });
      i = end;
      continue;
    }
    if (lt > i) segments.push({ kind: "text", text: html.slice(i, lt), translatable: opaqueDepth === 0 });
    const end = tagEnd(html, lt);
    const tag = html.slice(lt, end);
    segments.push({ kind: "tag", text: tag, translatable: false });
    const { name, closing, selfClosing } = tagName(tag);
    if (name && closing) {
      const at = stack.map((e) => e.name).lastIndexOf(name);
      if (at >= 0) {
        for (const entry of stack.splice(at)) if (entry.opaque) opaqueDepth--;
      }
    } else if (name && !selfClosing && !VOID_ELEMENTS.has(name)) {
      const opaque = opensOpaqueRegion(tag, name, ignored);
      stack.push({ name, opaque });
      if (opaque) opaqueDepth++;
    }
    i = end;
  }
  // Merge adjacent text runs with the same flag (a stray "<" splits them above).
  return segments.reduce<Segment[]>((merged, segment) => {
    const last = merged[merged.length - 1];
    if (last && last.kind === "text" && segment.kind === "text" && last.translatable === segment.translatable) {
      last.text += segment.text;
    } else {
      merged.push({ ...segment });
    }
    return merged;
  }, []);
}

/** Unicode code points, the unit DeepL bills. */
export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

import sanitizeHtml from "sanitize-html";

// A provider's answer is data, never markup to trust. Descriptions are reduced to a small
// allowlist by sanitize-html (which also closes unclosed tags); plain-text fields lose all
// markup. What was removed is reported, so a field that carried hostile content goes to review
// instead of being published silently.

export const DESCRIPTION_ALLOWED_TAGS = ["p", "ul", "ol", "li", "strong", "em", "h2", "h3", "h4", "br", "a"] as const;

/** Something the sanitizer removed. `hostile` = could run code, load or track, or send shoppers elsewhere. */
export interface Removal {
  hostile: boolean;
  what: string;
}

export interface SanitizedHtml {
  html: string;
  removals: Removal[];
}

// Elements whose mere presence in generated copy is an attack or an embed; their content is
// dropped with them.
const HOSTILE_ELEMENTS = new Set([
  "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
  "textarea", "select", "option", "link", "meta", "base", "svg", "math", "template", "noscript", "img",
  "video", "audio", "source", "picture", "track", "canvas", "portal", "xmp", "plaintext", "noembed", "noframes",
]);
const NON_TEXT_ELEMENTS = [...HOSTILE_ELEMENTS].filter((t) => !["img", "input", "source", "track", "link", "meta", "base"].includes(t));

// Harmless formatting the model might use; mapped onto the allowlist instead of dropped.
const RENAMES: Record<string, string> = { b: "strong", i: "em", h1: "h2", h5: "h4", h6: "h4" };

const HOSTILE_ATTRIBUTE = /^(?:on|formaction$|srcdoc$|xlink:href$|xmlns|action$|background$|dynsrc$|lowsrc$|ping$)/;

const DROP_LINK = "data-byok-drop-link";

export interface LinkPolicy {
  /** The shop's domain (e.g. example.myshopify.com); links may point here and nowhere else. */
  shopDomain: string;
  /** More hosts of the same shop (a custom primary domain). */
  extraHosts?: readonly string[];
}

function allowedHosts(policy: LinkPolicy): Set<string> {
  const hosts = new Set<string>();
  for (const h of [policy.shopDomain, ...(policy.extraHosts ?? [])]) {
    const host = h.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    if (!host) continue;
    hosts.add(host);
    hosts.add(host.startsWith("www.") ? host.slice(4) : `www.${host}`);
  }
  return hosts;
}

/** The href's verdict: a link to the shop itself (absolute or root-relative) is kept; anything else is not. */
export function classifyHref(href: string | undefined, policy: LinkPolicy): "own" | "foreign" | "script" | "missing" {
  if (href === undefined || href.trim() === "") return "missing";
  // The URL parser strips tabs/newlines and decodes nothing further: "java\tscript:" is javascript:.
  let url: URL;
  try {
    url = new URL(href.trim(), `https://${policy.shopDomain}/`);
  } catch {
    return "foreign";
  }
  if (["javascript:", "data:", "vbscript:", "blob:", "file:"].includes(url.protocol)) return "script";
  if (url.protocol !== "https:" && url.protocol !== "http:") return "foreign";
  if (url.username || url.password) return "foreign";
  const relative = /^\/(?![\\/])/.test(href.trim());
  if (!relative && !/^https?:\/\//i.test(href.trim())) return "foreign"; // "evil.com/x", "//evil.com"
  return allowedHosts(policy).has(url.hostname.toLowerCase()) ? "own" : "foreign";
}

function inspectTag(
  name: string,
  attribs: Record<string, string>,
  removals: Removal[],
  allowed: ReadonlySet<string>,
  renames: Record<string, string>,
) {
  if (HOSTILE_ELEMENTS.has(name)) removals.push({ hostile: true, what: `<${name}>` });
  else if (!allowed.has(name) && !renames[name]) removals.push({ hostile: false, what: `<${name}>` });
  for (const [attr, value] of Object.entries(attribs)) {
    if (HOSTILE_ATTRIBUTE.test(attr)) removals.push({ hostile: true, what: `${attr} attribute` });
    else if (attr === "style" && /url\s*\(|expression\s*\(|@import|javascript:/i.test(value)) {
      removals.push({ hostile: true, what: "style attribute loading a resource" });
    } else if (/^\s*(?:javascript|vbscript|data):/i.test(value.replace(/[\s\u0000-\u001f]+/g, ""))) {
      removals.push({ hostile: true, what: `${attr}=${value.slice(0, 40)}` });
    }
  }
}

/**
 * Reduces generated description HTML to the allowlist (p, ul, ol, li, strong, em, h2–h4, br,
 * and a[href] to the shop's own domain). Removed: script/style/iframe and other embeds with
 * their content, every attribute but a link's href, event handlers, javascript:/data: URLs and
 * links elsewhere (their text stays). Unclosed tags are closed; empty elements left behind go.
 */
export function sanitizeDescriptionHtml(html: string, policy: LinkPolicy): SanitizedHtml {
  const removals: Removal[] = [];
  const allowed = new Set<string>(DESCRIPTION_ALLOWED_TAGS);
  const out = sanitizeHtml(html, {
    allowedTags: [...DESCRIPTION_ALLOWED_TAGS],
    allowedAttributes: { a: ["href", DROP_LINK] },
    allowedSchemes: ["https", "http"],
    allowedSchemesByTag: {},
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    nonTextTags: NON_TEXT_ELEMENTS,
    enforceHtmlBoundary: false,
    onOpenTag: (name, attribs) => inspectTag(name, attribs, removals, allowed, RENAMES),
    transformTags: {
      "*": (tagName, attribs) => {
        const renamed = RENAMES[tagName] ?? tagName;
        if (renamed !== "a") return { tagName: renamed, attribs };
        const verdict = classifyHref(attribs.href, policy);
        if (verdict === "own") return { tagName: "a", attribs: { href: attribs.href!.trim() } };
        if (verdict === "foreign") removals.push({ hostile: true, what: `link to ${safeHost(attribs.href, policy)}` });
        if (verdict === "script") removals.push({ hostile: true, what: "script link" });
        // Marked here, unwrapped by exclusiveFilter: the link goes, its words stay. (Renaming the
        // tag to a disallowed one instead leaves a stray closing tag in sanitize-html 2.18.)
        return { tagName: "a", attribs: { [DROP_LINK]: "1" } };
      },
    },
    exclusiveFilter: (frame) => (frame.tag === "a" && frame.attribs[DROP_LINK] ? "excludeTag" : false),
  });
  // Second pass: elements emptied by the removals above (or generated empty) go too. Separate,
  // because an unwrapped link does not pass its text up to its parent within the same pass.
  const out2 = sanitizeHtml(out, {
    allowedTags: [...DESCRIPTION_ALLOWED_TAGS],
    allowedAttributes: { a: ["href"] },
    allowedSchemes: ["https", "http"],
    allowProtocolRelative: false,
    exclusiveFilter: (frame) => frame.tag !== "br" && !frame.text.trim(),
  });
  return { html: tidy(out2), removals: dedupe(removals) };
}

function safeHost(href: string | undefined, policy: LinkPolicy): string {
  try {
    return new URL(href ?? "", `https://${policy.shopDomain}/`).hostname || "elsewhere";
  } catch {
    return "elsewhere";
  }
}

function tidy(html: string): string {
  return html.replace(/\s+$/g, "").replace(/^\s+/g, "");
}

function dedupe(removals: Removal[]): Removal[] {
  const seen = new Set<string>();
  return removals.filter((r) => {
    const key = `${r.hostile}|${r.what}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// sanitize-html escapes text as &amp; &lt; &gt; &quot; (and numeric forms); plain text wants the characters.
function decodeBasicEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;/g, "'")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");
}

const MARKUP = /<\s*[a-zA-Z!\/?]/;

export interface SanitizedText {
  text: string;
  removals: Removal[];
}

/**
 * Plain text from a generated plain-text field (title, SEO, attribute, tag, alt text): every
 * tag removed (script/style with their content), entities decoded, control characters dropped,
 * whitespace collapsed (line breaks kept when multiline). Repeated until no markup is left, so
 * double-encoded markup ("&amp;lt;script&amp;gt;") cannot come back to life in a theme that
 * prints the value unescaped.
 */
export function sanitizePlainText(input: string, opts: { multiline?: boolean } = {}): SanitizedText {
  const removals: Removal[] = [];
  let text = input;
  for (let pass = 0; pass < 5 && (MARKUP.test(text) || /&[#a-z0-9]+;/i.test(text)); pass++) {
    const before = text;
    text = decodeBasicEntities(
      sanitizeHtml(text, {
        allowedTags: [],
        allowedAttributes: {},
        disallowedTagsMode: "discard",
        nonTextTags: NON_TEXT_ELEMENTS,
        onOpenTag: (name, attribs) => inspectTag(name, attribs, removals, new Set(), {}),
      }),
    );
    if (text === before) break;
  }
  if (MARKUP.test(text)) {
    // Still markup after five passes: deliberately nested encodings. Drop the angle brackets.
    removals.push({ hostile: true, what: "nested encoded markup" });
    text = text.replace(/[<>]/g, "");
  }
  // C0/C1 controls and bidi overrides have no place in product copy.
  text = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "");
  if (opts.multiline) {
    text = text
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
      .join("\n")
      .replace(/\n{3,}/g, "\n\n");
  } else {
    text = text.replace(/\s+/g, " ");
  }
  return { text: text.trim(), removals: dedupe(removals) };
}

/** The visible text of some HTML (for word counts and fact checks). */
export function htmlToText(html: string): string {
  if (!html) return "";
  const spaced = html.replace(/<(?:br|\/p|\/li|\/h[1-6]|\/div)\s*\/?>/gi, (m) => `${m} `);
  return decodeBasicEntities(
    sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {}, nonTextTags: NON_TEXT_ELEMENTS }),
  )
    .replace(/\s+/g, " ")
    .trim();
}

export function countWords(text: string): number {
  const words = text.trim().split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words.length;
}

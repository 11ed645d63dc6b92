// What a prompt says about the product: the facts a model would reuse in its answer. Reads
// "Key: value" lines, JSON objects embedded in the prompt, and falls back to the words of
// the last user message, so answers are derived from the prompt and tests can assert on them.
import { languageFromName } from "../translation/languages";

export interface PromptFacts {
  productName: string;
  vendor?: string;
  productType?: string;
  tags: string[];
  color?: string;
  material?: string;
  price?: string;
  /** Existing description, HTML stripped. */
  sourceDescription?: string;
  /** Existing description as given (may be HTML). */
  sourceDescriptionHtml?: string;
  /** Salient lower-case words, product words first. */
  keywords: string[];
  /** Set when the prompt asks for a translation ("into French", "target locale: fr"). */
  targetLanguage?: string;
  /** "Generate 5 tags" → { tags: 5 }. */
  requestedCounts: Record<string, number>;
  /** The prompt mentions HTML. */
  wantsHtml: boolean;
  /** The whole prompt, lower-cased, for enum matching. */
  lowerText: string;
  /** A care sentence from the product data ("Hand wash cold."). */
  careText?: string;
  /** Who the product data says it is for ("Women", "Kids"). */
  audience?: string;
  /** Image ids listed in the product data, in order. */
  imageIds: string[];
  /** Product options from the data: name → values. */
  options: Record<string, string[]>;
  /** "120-250 words" in the prompt. */
  wordRange?: [number, number];
}

const COLORS = [
  "black", "white", "grey", "gray", "charcoal", "navy", "blue", "sky blue", "red", "burgundy", "green", "olive",
  "sage", "yellow", "mustard", "orange", "pink", "purple", "lavender", "brown", "tan", "beige", "cream", "ivory",
  "gold", "silver", "rose gold", "natural", "teal", "turquoise", "coral",
];
const MATERIALS = [
  "merino wool", "organic cotton", "cotton", "wool", "cashmere", "linen", "silk", "denim", "leather", "suede",
  "polyester", "recycled polyester", "nylon", "fleece", "bamboo", "hemp", "stainless steel", "steel", "aluminium",
  "aluminum", "brass", "sterling silver", "gold", "oak", "walnut", "wood", "ceramic", "stoneware", "porcelain",
  "glass", "soy wax", "beeswax", "silicone", "canvas", "cork", "rubber", "titanium",
];
const STOPWORDS = new Set(
  (
    "a an the and or of for to in on with without by from at as is are be this that these those it its our your " +
    "you we they their them product products title description write generate create return json schema field " +
    "fields please make using use based short long seo meta tag tags keyword keywords html plain text only must " +
    "should into about new current existing value values following give provide output respond answer language " +
    "vendor type price brand characters words max maximum min minimum under over than more less not no each one " +
    "two three five store shop shopify online customers customer buy item items keys key json return improve"
  ).split(" "),
);

const KEY_ALIASES: Record<string, keyof PromptFacts | "language"> = {
  title: "productName", producttitle: "productName", productname: "productName", product: "productName",
  name: "productName", currenttitle: "productName", originaltitle: "productName",
  vendor: "vendor", brand: "vendor", manufacturer: "vendor", maker: "vendor",
  producttype: "productType", type: "productType", category: "productType", productcategory: "productType",
  tags: "tags", currenttags: "tags", existingtags: "tags",
  color: "color", colour: "color", material: "material", fabric: "material", price: "price",
  description: "sourceDescriptionHtml", currentdescription: "sourceDescriptionHtml",
  descriptionhtml: "sourceDescriptionHtml", bodyhtml: "sourceDescriptionHtml", body: "sourceDescriptionHtml",
  targetlanguage: "language", targetlocale: "language", locale: "language", language: "language",
};

type RawFacts = Partial<Record<keyof PromptFacts | "language", string>>;

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z]/g, "");
}

function assign(raw: RawFacts, key: string, value: unknown) {
  const field = KEY_ALIASES[normalizeKey(key)];
  if (!field || raw[field] !== undefined) return;
  if (Array.isArray(value) && value.some((v) => v && typeof v === "object")) return;
  // An empty value is still a fact ("no description yet"): it stops later guesses.
  if (Array.isArray(value) || typeof value === "string" || typeof value === "number") {
    raw[field] = (Array.isArray(value) ? value.join(", ") : String(value)).trim();
  }
}

/** Every balanced {...} in the text that parses as a JSON object. */
function embeddedJsonObjects(text: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (let start = text.indexOf("{"); start >= 0 && found.length < 20; start = text.indexOf("{", start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        try {
          const value = JSON.parse(text.slice(start, i + 1));
          if (value && typeof value === "object" && !Array.isArray(value)) {
            found.push(value);
            start = i;
          }
        } catch {
          // not JSON; keep scanning from the next brace
        }
        break;
      }
    }
  }
  return found;
}

function collectFromJson(raw: RawFacts, object: Record<string, unknown>, depth = 0) {
  for (const [key, value] of Object.entries(object)) {
    if (value && typeof value === "object" && !Array.isArray(value) && depth < 2) {
      collectFromJson(raw, value as Record<string, unknown>, depth + 1);
    } else {
      assign(raw, key, value);
    }
  }
}

function collectFromLines(raw: RawFacts, text: string) {
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:[-*•]\s*)?([A-Za-z][A-Za-z _/-]{0,40}?)\s*[:=]\s*(.+?)\s*$/.exec(line);
    if (match) assign(raw, match[1], match[2].replace(/^["'“]|["'”]$/g, ""));
  }
}

function stripHtml(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}][\p{L}\p{N}'’-]*/gu) ?? []).filter((w) => w.length > 2 && !STOPWORDS.has(w));
}

function titleCase(text: string): string {
  return text.replace(/(^|[\s-])(\p{Ll})/gu, (_, sep, c) => sep + c.toUpperCase());
}

/** When the prompt names no product, a model would still talk about what it was given. */
function guessProductName(lastUser: string): string {
  const introduced = /(?:\bfor|\bproduct|\babout|\bcalled|\bnamed)\s*:\s*["“]?([^"”\n]{3,80}?)["”]?\s*$/im.exec(lastUser);
  if (introduced) return introduced[1].trim();
  // Quoted phrases, but not quoted identifiers such as "seo_title".
  const quoted = [...lastUser.matchAll(/["“]([^"”\n]{3,80})["”]/g)].map((m) => m[1].trim()).find((q) => /\s|^\p{Lu}/u.test(q));
  if (quoted) return quoted;
  const capitalized = lastUser.match(/\b\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){1,5}/gu);
  if (capitalized) {
    const best = capitalized.map((c) => c.trim()).sort((a, b) => b.split(" ").length - a.split(" ").length)[0];
    if (best) return best;
  }
  const salient = words(lastUser).slice(0, 4);
  return salient.length ? titleCase(salient.join(" ")) : "Everyday Essential";
}

/** The instruction part of a message: without "Key: value" fact lines and JSON blocks. */
export function instructionText(message: string): string {
  return message
    .split(/\r?\n/)
    .filter((line) => {
      const key = /^\s*(?:[-*•]\s*)?([A-Za-z][A-Za-z _/-]{0,40}?)\s*[:=]\s*\S/.exec(line)?.[1];
      return !(key && KEY_ALIASES[normalizeKey(key)]);
    })
    .join("\n");
}

function findFirst(haystack: string, candidates: string[]): string | undefined {
  // Longest candidates first so "organic cotton" wins over "cotton".
  const sorted = [...candidates].sort((a, b) => b.length - a.length);
  return sorted.find((c) => new RegExp(`\\b${c}\\b`, "i").test(haystack));
}

function detectTargetLanguage(text: string, raw: RawFacts): string | undefined {
  const asksTranslation = /\btranslat/i.test(text);
  if (raw.language && asksTranslation) return languageFromName(raw.language);
  const into = /\b(?:translat\w*[^.\n]*?\b(?:into|to))\s+(?:the\s+)?([\p{L}-]{2,20})/iu.exec(text);
  if (into) return languageFromName(into[1]);
  return undefined;
}

function requestedCounts(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const pattern = /\b(\d{1,2})\s+(?:[a-z-]+\s+)?(tags|keywords|bullet points|bullets|features|attributes|highlights|benefits)\b/gi;
  for (const match of text.matchAll(pattern)) {
    const noun = match[2].toLowerCase().startsWith("bullet") ? "features" : match[2].toLowerCase();
    counts[noun] = Number(match[1]);
  }
  return counts;
}

const AUDIENCES = ["women", "men", "kids", "children", "unisex", "baby", "babies", "girls", "boys", "toddlers", "teens", "runners", "cyclists", "hikers"];
const CARE = /[^.!?\n]*\b(?:wash|washing|washable|dishwasher|dry clean|tumble|iron|wipe|clean with|bleach)\b[^.!?\n]*[.!?]?/i;

/** Image ids and options from the product data's JSON (`images: [{ id }]`, `options: [{ name, values }]`). */
function collectStructures(object: unknown, facts: { imageIds: string[]; options: Record<string, string[]> }, key = "", depth = 0) {
  if (depth > 4 || !object || typeof object !== "object") return;
  if (Array.isArray(object)) {
    for (const item of object) {
      if (/image|media/i.test(key) && item && typeof item === "object" && typeof (item as any).id === "string") {
        if (!facts.imageIds.includes((item as any).id)) facts.imageIds.push((item as any).id);
      }
      if (/option/i.test(key) && item && typeof (item as any).name === "string" && Array.isArray((item as any).values)) {
        facts.options[(item as any).name] = (item as any).values.map(String);
      }
      collectStructures(item, facts, key, depth + 1);
    }
    return;
  }
  for (const [k, v] of Object.entries(object)) collectStructures(v, facts, k, depth + 1);
}

export interface PromptParts {
  system: string;
  /** User turns, oldest first. */
  user: string[];
}

export function extractFacts({ system, user }: PromptParts): PromptFacts {
  const userText = user.join("\n");
  const lastUser = user[user.length - 1] ?? "";
  const raw: RawFacts = {};
  // The latest user turn describes the product at hand; earlier turns only fill gaps. The
  // system prompt is instructions ("title: at most 70 characters"), never product facts.
  for (const text of [lastUser, userText]) {
    for (const object of embeddedJsonObjects(text)) collectFromJson(raw, object);
    collectFromLines(raw, text);
  }
  const productName = raw.productName ? stripHtml(raw.productName) : guessProductName(lastUser);
  const sourceDescription = raw.sourceDescriptionHtml ? stripHtml(raw.sourceDescriptionHtml) || undefined : undefined;
  const tags = (raw.tags ?? "")
    .split(/[,;|]/)
    .map((t) => t.trim().replace(/^["'[]+|["'\]]+$/g, ""))
    .filter(Boolean);
  const factText = [productName, raw.productType, tags.join(" "), sourceDescription, lastUser].join(" ");
  const keywords = [...new Set([...words(productName), ...words(raw.productType ?? ""), ...tags.flatMap(words), ...words(factText)])];
  const allText = `${system}\n${userText}`;
  const structures = { imageIds: [] as string[], options: {} as Record<string, string[]> };
  for (const object of embeddedJsonObjects(userText)) collectStructures(object, structures);
  // Facts come from the product data (user turns) only: the system prompt's examples are not facts.
  const dataText = `${sourceDescription ?? ""}\n${userText.replace(/<[^>]*>/g, " ")}`;
  const audience = AUDIENCES.find((a) => new RegExp(`\\b${a}\\b`, "i").test(dataText));
  const range = /(\d{2,4})\s*[-–]\s*(\d{2,4})\s*words/i.exec(allText);
  return {
    careText: CARE.exec(sourceDescription ?? "")?.[0]?.trim() ?? CARE.exec(lastUser.replace(/<[^>]*>/g, " "))?.[0]?.trim(),
    audience: audience ? audience[0].toUpperCase() + audience.slice(1) : undefined,
    imageIds: structures.imageIds,
    options: structures.options,
    wordRange: range ? [Number(range[1]), Number(range[2])] : undefined,
    productName,
    vendor: raw.vendor || undefined,
    productType: raw.productType || undefined,
    tags,
    color: raw.color ?? findFirst(`${productName} ${sourceDescription ?? ""} ${lastUser}`, COLORS),
    material: raw.material ?? findFirst(`${productName} ${sourceDescription ?? ""} ${lastUser}`, MATERIALS),
    price: raw.price || undefined,
    sourceDescription,
    sourceDescriptionHtml: raw.sourceDescriptionHtml || undefined,
    keywords,
    targetLanguage: detectTargetLanguage(allText, raw),
    requestedCounts: requestedCounts(allText),
    wantsHtml: /\bhtml\b|<p>|<ul>|<li>/i.test(allText),
    lowerText: allText.toLowerCase(),
  };
}

// Catalog copy written from the prompt's facts: titles of 40–90 characters that reuse the
// product's name, HTML descriptions of 120–250 words (p, ul/li, strong), SEO titles ≤ 70,
// meta descriptions ≤ 320, short attribute values, tags and alt text. It behaves like a model
// that follows "use only the product data": materials, colours, care, sizes and audiences
// appear only when the prompt states them; everything else is claim-free wording.
// Deterministic: the same facts and seed give the same copy.
import { pseudoTranslate } from "../translation/pseudo-translate";
import { domainFor, type ProductDomain } from "./product-domains";
import type { PromptFacts } from "./prompt-facts";
import { SeededRandom } from "./seeded-random";

export interface LengthBounds {
  minLength?: number;
  maxLength?: number;
}

const ALT_VIEWS = [
  "shown from the front on a plain background",
  "styled in a bright, natural setting",
  "in close-up, showing the texture and finish",
  "from the side, showing its shape",
  "being used in an everyday setting",
];
/** Attribute values a model may infer from what the product is; all others must be stated. */
const INFERABLE = /style|look|design|occasion|use|season|category|type|mood|vibe/;

export function countWords(text: string): number {
  return (text.replace(/<[^>]*>/g, " ").match(/\S+/g) ?? []).length;
}

function capitalize(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function titleCase(text: string): string {
  return text.replace(/(^|[\s-])(\p{Ll})/gu, (_, sep, c) => sep + c.toUpperCase());
}

/** "a beanie", "an easy-going beanie". */
function withArticle(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? "an" : "a"} ${phrase}`;
}

function singular(word: string): string {
  return /[^s]s$/.test(word) && word.length > 3 ? word.slice(0, -1) : word;
}

function includesWords(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

/** Cuts at a word boundary so the result is at most `max` characters. */
export function cutToLength(text: string, max: number): string {
  if (text.length <= max) return text;
  const slice = text.slice(0, max + 1);
  const space = slice.lastIndexOf(" ");
  const cut = (space > max * 0.5 ? slice.slice(0, space) : text.slice(0, max)).replace(/[\s,;:–|-]+$/, "");
  return cut.length <= max ? cut : cut.slice(0, max);
}

/** Cuts at the last sentence end that fits, else at a word boundary. */
function cutToSentence(text: string, max: number): string {
  if (text.length <= max) return text;
  const slice = text.slice(0, max);
  const end = slice.lastIndexOf(". ");
  return end > max * 0.4 ? slice.slice(0, end + 1) : cutToLength(text, max);
}

export class ContentWriter {
  readonly domain: ProductDomain;

  constructor(
    readonly facts: PromptFacts,
    private readonly rng: SeededRandom,
  ) {
    // The product's own name says best what it is ("…Dripper" in "Coffee Equipment").
    this.domain = domainFor([
      ...facts.productName.toLowerCase().split(/\s+/).reverse(),
      ...(facts.productType ?? "").toLowerCase().split(/\s+/).reverse(),
      ...facts.keywords,
    ]);
  }

  private r(label: string): SeededRandom {
    return this.rng.fork(label);
  }

  /** What the product is, in one word: "beanie", "mug". */
  noun(): string {
    const words = this.facts.productName.toLowerCase().split(/\s+/).reverse();
    const cue = words.find((w) => this.domain.cues.includes(w));
    if (cue) return cue;
    if (this.facts.productType) return singular(this.facts.productType.toLowerCase().split(/\s+/).pop()!);
    return words[0] ?? "piece";
  }

  material(): string | undefined {
    return this.facts.material;
  }

  color(): string | undefined {
    return this.facts.color ? titleCase(this.facts.color) : undefined;
  }

  private adjective(label: string): string {
    return this.r(`adj:${label}`).pick(this.domain.adjectives);
  }

  private use(label: string): string {
    return this.r(`use:${label}`).pick(this.domain.uses);
  }

  private features(): string[] {
    return this.r("features").shuffle(this.domain.features);
  }

  private style(): string {
    return this.r("style").pick(this.domain.styles);
  }

  /** A translation task: the given source (or freshly written English copy) in the target language. */
  private localized(text: string, html = false): string {
    const target = this.facts.targetLanguage;
    return target ? pseudoTranslate(text, target, { tagHandling: html }).text : text;
  }

  title({ minLength = 40, maxLength = 90 }: LengthBounds = {}): string {
    if (this.facts.targetLanguage) return cutToLength(this.localized(this.facts.productName), maxLength);
    const name = this.facts.productName;
    const material = this.material();
    const color = this.color();
    const lead = this.facts.vendor && !includesWords(name, this.facts.vendor) ? `${this.facts.vendor} ` : "";
    const qualifier =
      material && !includesWords(name, material)
        ? `${capitalize(this.adjective("title"))} ${material}`
        : `${capitalize(this.adjective("title"))} ${this.noun()}`;
    const variants = [
      `${lead}${name} – ${qualifier}`,
      color && !includesWords(name, color) ? `${name} in ${color} – ${qualifier}` : `${name} – ${qualifier}`,
      `${lead}${name} | ${qualifier} for ${this.use("title")}`,
    ];
    let title = this.r("title").pick(variants);
    const extras = [` for ${this.use("title-extra")}`, color && !title.includes(color) ? `, ${color}` : "", ` by ${this.facts.vendor ?? "our studio"}`];
    // Real titles vary in length; aim somewhere in the middle of the usual 40–90 range.
    const aim = Math.min(maxLength, Math.max(minLength, this.r("title-length").int(48, 72)));
    for (const extra of extras) {
      if (title.length >= aim) break;
      title += extra;
    }
    if (title.length > maxLength) {
      // Drop trailing qualifiers before cutting words: keep the product's name intact.
      const parts = title.split(/ [–|] /);
      while (parts.length > 1 && parts.join(" – ").length > maxLength) parts.pop();
      title = cutToLength(parts.join(" – "), maxLength);
    }
    return title;
  }

  seoTitle({ maxLength = 70 }: LengthBounds = {}): string {
    const limit = Math.min(maxLength, 70);
    const suffix = this.facts.vendor ?? `${capitalize(this.adjective("seo"))} ${this.noun()}`;
    const title = `${this.facts.productName} | ${suffix}`;
    const text = title.length <= Math.min(limit, 60) ? title : cutToLength(this.facts.productName, limit);
    return this.localized(text);
  }

  seoDescription({ maxLength = 320 }: LengthBounds = {}): string {
    const by = this.facts.vendor ? ` by ${this.facts.vendor}` : "";
    const material = this.material() ? `${this.material()} ` : "";
    const text =
      `Shop the ${this.facts.productName}${by}: ${withArticle(`${this.adjective("seo-desc")} ${material}${this.noun()}`)} ` +
      `made for ${this.use("seo-desc")}, with ${this.features()[0]}.`;
    // Search engines show ~155 characters; stay near that even when 320 are allowed.
    return this.localized(cutToSentence(text, Math.min(maxLength, 320, 200)));
  }

  private sentencePool(): { intro: string[]; extra: string[]; closing: string[] } {
    const f = this.facts;
    const name = f.productName;
    const noun = this.noun();
    const by = f.vendor ? ` from ${f.vendor}` : "";
    const material = this.material();
    const color = this.color();
    const features = this.features();
    const uses = this.r("uses").shuffle(this.domain.uses);
    // Keep the facts of the current description: its first sentences, as written.
    const source = (f.sourceDescription?.split(/(?<=[.!?])\s+/) ?? []).filter((s) => s.split(" ").length <= 40).slice(0, 2);
    const intro = [
      `Meet the ${name}${by}, ${withArticle(`${this.adjective("intro")} ${noun}`)} designed for ${uses[0]}.`,
      ...source.map((s) => (/[.!?]$/.test(s) ? s : `${s}.`)),
      ...(material ? [`Made from ${material}, it brings together ${this.adjective("intro-2")} comfort and everyday practicality.`] : []),
      `Every detail has been considered, from ${features[0]} to ${features[1]}.`,
    ];
    const extra = [
      `Whether you reach for it for ${uses[1]} or ${uses[2] ?? uses[0]}, it is ready for whatever your day brings.`,
      ...(color ? [`The ${color.toLowerCase()} shade pairs easily with what you already own, so it never feels out of place.`] : []),
      `The proportions are carefully balanced, so the ${noun} feels right from the moment you first use it.`,
      `It is the kind of ${noun} that quickly becomes a favourite, the one you reach for first.`,
      `Small touches such as ${features[2] ?? features[0]} make a real difference when you use it every day.`,
      `Its ${this.style().toLowerCase()} look keeps it easy to style, season after season.`,
      `Simple to look after and easy to love, it earns its place in your routine.`,
    ];
    const closing = [
      `Order your ${name} today and see why it has become a customer favourite.`,
      `It also makes a thoughtful gift for anyone who appreciates ${this.adjective("closing")} design.`,
      `Every order is checked before it leaves us, so it reaches you in perfect condition.`,
    ];
    return { intro, extra: this.r("extra-order").shuffle(extra), closing };
  }

  private listItems(): string[] {
    const material = this.material();
    const color = this.color();
    const sizes = this.optionValues("size");
    return [
      ...(material ? [`<li><strong>Material:</strong> ${capitalize(material)}</li>`] : []),
      ...(color ? [`<li><strong>Colour:</strong> ${color}</li>`] : []),
      `<li><strong>Highlights:</strong> ${capitalize(this.features()[1] ?? this.features()[0])}</li>`,
      `<li><strong>Style:</strong> ${this.style()}</li>`,
      `<li><strong>Good for:</strong> ${capitalize(this.use("list"))}</li>`,
      ...(sizes ? [`<li><strong>Sizes:</strong> ${sizes}</li>`] : []),
      ...(this.facts.careText ? [`<li><strong>Care:</strong> ${capitalize(this.facts.careText)}</li>`] : []),
    ];
  }

  /** "120-250 words" from the prompt, else a typical product description length. */
  private wordTarget(): { target: number; min: number; max: number } {
    const [min, max] = this.facts.wordRange ?? [120, 250];
    const low = Math.min(max, min + Math.round((max - min) * 0.2));
    const high = Math.max(low, max - Math.round((max - min) * 0.2));
    return { target: this.r("words").int(low, high), min, max };
  }

  descriptionHtml({ maxLength }: LengthBounds = {}): string {
    if (this.facts.targetLanguage && this.facts.sourceDescriptionHtml) {
      return this.localized(this.facts.sourceDescriptionHtml, true);
    }
    const { intro, extra, closing } = this.sentencePool();
    const { target, max } = this.wordTarget();
    const items = this.listItems();
    const middle: string[] = [];
    const render = () =>
      `<p>${intro.join(" ")}</p>` +
      (middle.length ? `<p>${middle.join(" ")}</p>` : "") +
      `<ul>${items.join("")}</ul>` +
      `<p>${closing.join(" ")}</p>`;
    for (const sentence of extra) {
      if (countWords(render()) >= target) break;
      middle.push(sentence);
    }
    // Short ranges: shed sentences and list items until the copy fits.
    while (countWords(render()) > max && (middle.length || closing.length > 1 || items.length > 2 || intro.length > 1)) {
      if (middle.length) middle.pop();
      else if (closing.length > 1) closing.pop();
      else if (items.length > 2) items.pop();
      else intro.pop();
    }
    let html = render();
    if (maxLength !== undefined) {
      while (html.length > maxLength && (middle.length || items.length > 2 || closing.length > 1 || intro.length > 1)) {
        if (middle.length) middle.pop();
        else if (items.length > 2) items.pop();
        else if (closing.length > 1) closing.pop();
        else intro.pop();
        html = render();
      }
      if (html.length > maxLength) html = `<p>${cutToLength(intro[0], Math.max(0, maxLength - 7))}</p>`;
    }
    return this.localized(html, true);
  }

  descriptionText({ maxLength }: LengthBounds = {}): string {
    const html = this.descriptionHtml();
    const text = html
      .replace(/<li><strong>([^<]*)<\/strong>/g, "- $1")
      .replace(/<\/(p|li)>/g, "\n")
      .replace(/<[^>]+>/g, "")
      .replace(/\n{2,}/g, "\n")
      .trim();
    return maxLength !== undefined ? cutToSentence(text, maxLength) : text;
  }

  summary({ maxLength = 300 }: LengthBounds = {}): string {
    const material = this.material() ? ` in ${this.material()}` : "";
    const text = `The ${this.facts.productName} is ${withArticle(`${this.adjective("summary")} ${this.noun()}`)}${material}, made for ${this.use("summary")}.`;
    return this.localized(cutToSentence(text, maxLength));
  }

  explanation({ maxLength = 400 }: LengthBounds = {}): string {
    const words = this.facts.keywords.slice(0, 3).join(", ");
    const text =
      `Kept the product's own words (${words || this.facts.productName}) and focused on what a shopper ` +
      `needs to know about this ${this.noun()}.`;
    return cutToSentence(text, maxLength);
  }

  /** Tags from the product's own words; `fresh` leaves out the tags it already has. */
  tags(count?: number, { fresh = false } = {}): string[] {
    const wanted = count ?? this.facts.requestedCounts.tags ?? this.r("tag-count").int(5, 8);
    const existing = new Set(this.facts.tags.map((t) => t.toLowerCase()));
    const candidates = [
      ...(fresh ? [] : [...existing]),
      this.noun(),
      this.facts.productType?.toLowerCase(),
      this.material()?.toLowerCase(),
      this.facts.color?.toLowerCase(),
      this.facts.vendor?.toLowerCase(),
      this.facts.audience?.toLowerCase(),
      ...this.facts.keywords.filter((k) => k.length > 3),
      this.style().toLowerCase(),
      this.domain.name,
      "gift idea",
      "everyday",
      "new arrival",
    ];
    const unique = [...new Set(candidates.filter((t): t is string => Boolean(t) && t!.split(" ").length <= 3))];
    return unique
      .filter((t) => !fresh || !existing.has(t))
      .slice(0, wanted)
      .map((t) => this.localized(t));
  }

  tag(index: number, options: { fresh?: boolean } = {}): string {
    const all = this.tags(Math.max(index + 1, 8), options);
    return all[index % all.length];
  }

  altText(index = 0, { maxLength = 125 }: LengthBounds = {}): string {
    const color = this.color() ? `${this.color()} ` : "";
    const text = `${color}${this.facts.productName} ${ALT_VIEWS[index % ALT_VIEWS.length]}`;
    return this.localized(cutToLength(text, Math.min(maxLength, 125)));
  }

  attributeName(index: number): string {
    const names = ["Material", "Color", "Care instructions", "Style", "Audience", ...Object.keys(this.facts.options)];
    return names[index % names.length];
  }

  private optionValues(name: string): string | undefined {
    const entry = Object.entries(this.facts.options).find(([key]) => key.toLowerCase().includes(name));
    return entry?.[1].join(", ");
  }

  /**
   * The value of an attribute named like "material", "Care instructions", "style" — or null
   * when the prompt does not state it and it cannot be inferred from what the product is.
   */
  attributeValue(name: string): string | null {
    const key = name.toLowerCase().replace(/[^a-z]+/g, "_").replace(/^_|_$/g, "");
    const stated = (value: string | undefined) => (value ? this.localized(capitalize(value)) : null);
    if (/material|fabric|composition/.test(key)) return stated(this.material());
    if (/colou?r/.test(key)) return stated(this.color());
    if (/care|wash/.test(key)) return stated(this.facts.careText);
    if (/audience|gender|for_whom|target/.test(key)) return stated(this.facts.audience);
    if (/brand|vendor|maker/.test(key)) return this.facts.vendor ?? null;
    const option = this.optionValues(key.split("_")[0]);
    if (option) return this.localized(option);
    if (INFERABLE.test(key)) return this.localized(/occasion|use/.test(key) ? capitalize(this.use(`attr:${key}`)) : this.style());
    return null;
  }

  /** A short phrase for fields nothing more specific matched. */
  phrase({ maxLength = 80 }: LengthBounds = {}, label = "phrase"): string {
    const material = this.material() ? `${this.material()} ` : "";
    const text = `${capitalize(this.adjective(label))} ${material}${this.noun()}`;
    return this.localized(cutToLength(text, maxLength));
  }
}

// Catalog copy written from the prompt's facts: titles of 40–90 characters that reuse the
// product's name, HTML descriptions of 120–250 words (p, ul/li, strong), SEO titles ≤ 70,
// meta descriptions ≤ 320, short attribute values, tags and alt text. Deterministic: the
// same facts and seed give the same copy.
import { pseudoTranslate } from "../translation/pseudo-translate";
import { domainFor, type ProductDomain } from "./product-domains";
import type { PromptFacts } from "./prompt-facts";
import { SeededRandom } from "./seeded-random";

export interface LengthBounds {
  minLength?: number;
  maxLength?: number;
}

const DEFAULT_COLORS = ["Black", "Natural", "Navy", "Charcoal", "Off-white", "Sage green"];
const ALT_VIEWS = [
  "shown from the front on a plain white background",
  "styled in a bright, natural setting",
  "in close-up, showing the texture and finish",
  "from the side, showing its shape",
  "being used in an everyday setting",
];
const BASE_ATTRIBUTES = ["Material", "Color", "Care instructions"];

export function countWords(text: string): number {
  return (text.replace(/<[^>]*>/g, " ").match(/\S+/g) ?? []).length;
}

function capitalize(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function titleCase(text: string): string {
  return text.replace(/(^|[\s-])(\p{Ll})/gu, (_, sep, c) => sep + c.toUpperCase());
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
    const nameWords = facts.productName.toLowerCase().split(/\s+/);
    this.domain = domainFor([
      ...(facts.productType ?? "").toLowerCase().split(/\s+/).reverse(),
      ...nameWords.reverse(),
      ...facts.keywords,
    ]);
  }

  private r(label: string): SeededRandom {
    return this.rng.fork(label);
  }

  /** What the product is, in one word: "beanie", "mug". */
  noun(): string {
    const words = this.facts.productName.toLowerCase().split(/\s+/);
    const cue = words.reverse().find((w) => this.domain.cues.includes(w));
    if (cue) return cue;
    if (this.facts.productType) return this.facts.productType.toLowerCase().split(/\s+/).pop()!;
    return words[0] ?? "piece";
  }

  material(): string {
    return this.facts.material ?? this.r("material").pick(this.domain.materials);
  }

  color(): string {
    return titleCase(this.facts.color ?? this.r("color").pick(DEFAULT_COLORS));
  }

  care(): string {
    return this.r("care").pick(this.domain.care);
  }

  private adjective(label: string): string {
    return this.r(`adj:${label}`).pick(this.domain.adjectives);
  }

  private use(label: string): string {
    return this.r(`use:${label}`).pick(this.domain.uses);
  }

  private feature(label: string): string {
    return this.r(`feature:${label}`).pick(this.domain.features);
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
    const lead = this.facts.vendor && !includesWords(name, this.facts.vendor) ? `${this.facts.vendor} ` : "";
    const qualifier = includesWords(name, material)
      ? `${capitalize(this.adjective("title"))} ${this.noun()}`
      : `${capitalize(this.adjective("title"))} ${material}`;
    const variants = [
      `${lead}${name} – ${qualifier}`,
      `${name} in ${this.color()} – ${qualifier}`,
      `${lead}${name} | ${qualifier} for ${this.use("title")}`,
    ];
    let title = this.r("title").pick(variants);
    const extras = [` for ${this.use("title-extra")}`, `, ${this.color()}`, ` by ${this.facts.vendor ?? "our studio"}`];
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
    const text =
      `Shop the ${this.facts.productName}${by}: a ${this.adjective("seo-desc")} ${this.material()} ${this.noun()} ` +
      `made for ${this.use("seo-desc")}. ${capitalize(this.feature("seo-desc"))}.`;
    // Search engines show ~155 characters; stay near that even when 320 are allowed.
    return this.localized(cutToSentence(text, Math.min(maxLength, 320, 200)));
  }

  private sentencePool(): { intro: string[]; extra: string[]; closing: string[] } {
    const f = this.facts;
    const name = f.productName;
    const noun = this.noun();
    const by = f.vendor ? ` from ${f.vendor}` : "";
    const source = f.sourceDescription?.split(/(?<=[.!?])\s+/)[0];
    const features = this.r("features").shuffle(this.domain.features);
    const intro = [
      `Meet the ${name}${by}, a ${this.adjective("intro")} ${noun} designed for ${this.use("intro")}.`,
      ...(source && source.split(" ").length <= 40 ? [source.endsWith(".") ? source : `${source}.`] : []),
      `Made from ${this.material()}, it brings together ${this.adjective("intro-2")} comfort and lasting quality.`,
      `Every detail has been considered, from ${features[0]} to ${features[1]}.`,
    ];
    const extra = [
      `Whether you reach for it during ${this.use("extra-a")} or ${this.use("extra-b")}, it is ready for whatever your day brings.`,
      `The ${this.color().toLowerCase()} finish pairs easily with what you already own, so it never feels out of place.`,
      `We worked with experienced makers to get the proportions right, testing early samples until the ${noun} felt just right.`,
      `Thanks to ${this.material()}, it feels good from the very first use and only gets better with time.`,
      `It arrives in plastic-free packaging that is easy to recycle, because good products should not cost the earth.`,
      `Customers tell us it quickly becomes the ${noun} they reach for first, and it is easy to see why.`,
      `Small touches such as ${features[2] ?? features[0]} make a real difference when you use it every day.`,
    ];
    const closing = [
      `Order your ${name} today and discover why it has become a customer favourite.`,
      `It also makes a thoughtful gift for anyone who appreciates ${this.adjective("closing")} design.`,
      `Each piece is inspected by hand before it leaves our studio, so it reaches you in perfect condition.`,
    ];
    return { intro, extra: this.r("extra-order").shuffle(extra), closing };
  }

  private listItems(): string[] {
    const attributeEntries = Object.entries(this.domain.attributes).slice(0, 2);
    return [
      `<li><strong>Material:</strong> ${capitalize(this.material())}</li>`,
      `<li><strong>Colour:</strong> ${this.color()}</li>`,
      `<li><strong>Highlights:</strong> ${capitalize(this.feature("list-a"))}</li>`,
      ...attributeEntries.map(
        ([key, values]) => `<li><strong>${titleCase(key.replace(/_/g, " "))}:</strong> ${this.r(`list:${key}`).pick(values)}</li>`,
      ),
      `<li><strong>Care:</strong> ${this.care()}</li>`,
    ];
  }

  descriptionHtml({ maxLength }: LengthBounds = {}): string {
    if (this.facts.targetLanguage && this.facts.sourceDescriptionHtml) {
      return this.localized(this.facts.sourceDescriptionHtml, true);
    }
    const { intro, extra, closing } = this.sentencePool();
    const target = this.r("words").int(150, 220);
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
    while (countWords(render()) > 250 && middle.length) middle.pop();
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
    const text =
      `The ${this.facts.productName} is a ${this.adjective("summary")} ${this.noun()} in ${this.material()}, ` +
      `made for ${this.use("summary")}.`;
    return this.localized(cutToSentence(text, maxLength));
  }

  explanation({ maxLength = 400 }: LengthBounds = {}): string {
    const words = this.facts.keywords.slice(0, 3).join(", ");
    const text =
      `Kept the product's own words (${words || this.facts.productName}) and focused on what a shopper ` +
      `needs to know about this ${this.noun()}: material, use and care.`;
    return cutToSentence(text, maxLength);
  }

  tags(count?: number): string[] {
    const wanted = count ?? this.facts.requestedCounts.tags ?? this.r("tag-count").int(5, 8);
    const candidates = [
      ...this.facts.tags.map((t) => t.toLowerCase()),
      this.noun(),
      this.facts.productType?.toLowerCase(),
      this.material().toLowerCase(),
      this.facts.color?.toLowerCase(),
      this.facts.vendor?.toLowerCase(),
      ...this.facts.keywords.filter((k) => k.length > 3),
      ...this.domain.adjectives,
      this.domain.name,
    ];
    const unique = [...new Set(candidates.filter((t): t is string => Boolean(t) && t!.split(" ").length <= 3))];
    const generic = ["gift idea", "best seller", "new arrival", "everyday", "sustainable", "giftable", "bestseller"];
    for (const g of generic) if (unique.length < wanted && !unique.includes(g)) unique.push(g);
    return unique.slice(0, wanted).map((t) => this.localized(t));
  }

  tag(index: number): string {
    const all = this.tags(Math.max(index + 1, 8));
    return all[index % all.length];
  }

  altText(index = 0, { maxLength = 125 }: LengthBounds = {}): string {
    const text = `${this.color()} ${this.facts.productName} ${ALT_VIEWS[index % ALT_VIEWS.length]}`;
    return this.localized(cutToLength(text, Math.min(maxLength, 125)));
  }

  attributeName(index: number): string {
    const names = [...BASE_ATTRIBUTES, ...Object.keys(this.domain.attributes).map((k) => capitalize(k.replace(/_/g, " ")))];
    return names[index % names.length];
  }

  /** A short value for an attribute named like "material", "Care instructions", "fit". */
  attributeValue(name: string): string {
    const key = name.toLowerCase().replace(/[^a-z]+/g, "_").replace(/^_|_$/g, "");
    if (/material|fabric|composition/.test(key)) return this.localized(capitalize(this.material()));
    if (/colou?r/.test(key)) return this.localized(this.color());
    if (/care|wash/.test(key)) return this.localized(this.care());
    const values = Object.entries(this.domain.attributes).find(([k]) => key.includes(k) || k.includes(key))?.[1];
    if (values) return this.localized(this.r(`attr:${key}`).pick(values));
    if (/origin|country|made_in/.test(key)) return this.localized(this.r("origin").pick(["Portugal", "Italy", "Japan", "Canada"]));
    if (/brand|vendor/.test(key)) return this.facts.vendor ?? "Independent studio";
    return this.localized(`${capitalize(this.adjective(`attr:${key}`))} ${this.noun()}`);
  }

  /** A short phrase for fields nothing more specific matched. */
  phrase({ maxLength = 80 }: LengthBounds = {}, label = "phrase"): string {
    const text = `${capitalize(this.adjective(label))} ${this.material()} ${this.noun()}`;
    return this.localized(cutToLength(text, maxLength));
  }
}

// Does generated copy state a fact the merchant's data does not? A deliberately small check:
// a curated vocabulary of materials and certification/claim terms, plus every number and
// measurement, each looked for in the product's own data. A hit is "possible": it sends the
// field to review, it does not prove the copy wrong.
//
// Limits (by design, documented for reviewers):
// - Vocabulary only: a material or claim not in the lists below passes unnoticed; colours,
//   styles and audiences are not checked at all (attributes like these are meant to be inferred).
// - Synonyms are grouped (aluminium/aluminum, elastane/spandex/lycra, …); other paraphrases
//   ("sheep's wool" vs "wool") are matched per word only.
// - Numbers written as words in the output ("three pockets") are not checked; in the input,
//   one..twelve count as numbers. A number present anywhere in the data (a price, a SKU)
//   satisfies any use of it; units are not compared.
// - English vocabulary; copy in other languages is checked for numbers and the international
//   marks (GOTS, FSC, CE, OEKO-TEX, …) only.

export type InventionCategory = "material" | "certification" | "measurement" | "size" | "number" | "origin";

export interface PossibleInvention {
  term: string;
  category: InventionCategory;
}

interface VocabularyEntry {
  /** Equivalent spellings; the first names the term in flags. */
  forms: string[];
  category: "material" | "certification";
  /** Abbreviations that are ordinary words in lower case (CE, UL, ABS, …). */
  caseSensitive?: boolean;
}

const MATERIALS: (string | string[])[] = [
  "cotton", "wool", "merino", "cashmere", "alpaca", "mohair", "angora", "silk", ["linen", "flax"], "hemp", "jute",
  "sisal", "bamboo", "polyester", ["nylon", "polyamide"], ["elastane", "spandex", "lycra"], ["viscose", "rayon"],
  "modal", ["lyocell", "tencel"], "acrylic", "acetate", "leather", "genuine leather", "full grain leather",
  "top grain leather", "suede", "nubuck", ["faux leather", "pu leather", "vegan leather", "leatherette"], "down",
  "goose down", "duck down", "feather", "fleece", "denim", "canvas", "velvet", "corduroy", "satin", "chiffon",
  "tweed", "gore tex", "neoprene", "rubber", "natural rubber", "latex", "silicone", "plastic", "polycarbonate",
  "polypropylene", "polyethylene", ["vinyl", "pvc"], "polyurethane", "stainless steel", "steel", "carbon steel",
  ["aluminium", "aluminum"], "titanium", "copper", "brass", "bronze", "iron", "cast iron", "zinc", "nickel", "pewter",
  "gold", "solid gold", "rose gold", "gold plated", "silver", "sterling silver", "platinum", "palladium", "tungsten",
  "wood", "solid wood", "oak", "walnut", "maple", "beech", "birch", "pine", "teak", "acacia", "mango wood", "rattan",
  "wicker", "mdf", "plywood", "glass", "tempered glass", "borosilicate", "crystal", "ceramic", "porcelain",
  "stoneware", "earthenware", "terracotta", "marble", "granite", "slate", "concrete", "cork", "paper", "cardboard",
  ["carbon fiber", "carbon fibre"], ["fiberglass", "fibreglass"], "kevlar", "soy wax", "beeswax", "paraffin",
  "coconut wax", "diamond", "pearl", "quartz", "gemstone", "shea butter", "essential oil",
];
const CASE_SENSITIVE_MATERIALS = ["ABS", "EVA", "TPU", "TPE", "PET", "HDPE", "LDPE", "PLA"];

const CERTIFICATIONS: (string | string[])[] = [
  "organic", "certified", "certification", "gots", ["oeko tex", "oekotex", "oeko tex standard 100"], "fsc", "pefc",
  ["fair trade", "fairtrade"], "bluesign", "b corp", "leaping bunny", "usda", "ecocert", "cosmos", "energy star",
  "rohs", "ukca", ["fda approved", "fda cleared", "fda registered"], "dermatologically tested", "clinically proven",
  "hypoallergenic", "vegan", ["cruelty free", "not tested on animals"], "recycled", "upcycled", "biodegradable",
  "compostable", ["bpa free"], ["non toxic"], ["phthalate free"], ["paraben free"], ["sulfate free", "sulphate free"],
  ["gluten free"], "waterproof", "fireproof", ["flame retardant", "fire retardant"], "antibacterial", "antimicrobial",
  ["uv protection", "upf"], "eco friendly", "sustainable", "sustainably sourced", "ethically sourced",
  ["carbon neutral", "climate neutral"], "handmade", "hand made", "patented", "award winning", "lifetime warranty",
  "warranty", "guarantee", "medical grade", "food grade", "food safe", "dishwasher safe", "microwave safe",
  "oven safe", "machine washable",
];
const CASE_SENSITIVE_CERTIFICATIONS = ["CE", "UL", "ETL", "FCC", "REACH", "ISO", "GRS", "RWS", "RDS", "NSF", "BCI", "IP67", "IP68", "IPX7"];

function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[‐‑‒–—_\-]+/g, " ")
    .replace(/[’`]/g, "'")
    .replace(/\s+/g, " ");
}

const VOCABULARY: VocabularyEntry[] = [
  ...MATERIALS.map((m) => ({ forms: ([] as string[]).concat(m).map(normalizeText), category: "material" as const })),
  ...CASE_SENSITIVE_MATERIALS.map((m) => ({ forms: [m], category: "material" as const, caseSensitive: true })),
  ...CERTIFICATIONS.map((c) => ({ forms: ([] as string[]).concat(c).map(normalizeText), category: "certification" as const })),
  ...CASE_SENSITIVE_CERTIFICATIONS.map((c) => ({ forms: [c], category: "certification" as const, caseSensitive: true })),
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Whole words only, with a plural "s"/"es" allowed ("cottons", "certifications").
function termPattern(form: string, caseSensitive: boolean): RegExp {
  const body = escapeRegExp(form).replace(/ /g, "\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?:e?s)?(?![\\p{L}\\p{N}])`, caseSensitive ? "u" : "iu");
}

const COMPILED = VOCABULARY.map((entry) => ({
  entry,
  patterns: entry.forms.map((f) => termPattern(f, !!entry.caseSensitive)),
}));

const UNIT =
  "mm|cm|m|km|in|inch|inches|ft|feet|foot|yd|yards?|g|gr|grams?|kg|mg|lbs?|oz|ml|cl|dl|l|liters?|litres?|gal|gallons?|gsm|g\\/m2|g\\/m²|mah|wh|w|kw|v|hz|khz|mhz|ghz|gb|tb|mb|mp|°c|°f|%|cups?|pieces?|pcs|pack|thread count|denier|carats?|ct|k";
const NUMBER = "\\d+(?:[.,]\\d+)*";
const MEASUREMENT = new RegExp(`(?<![\\p{N}.,])(${NUMBER})(?:\\s?(?:x|×)\\s?${NUMBER})*\\s?(?:${UNIT})(?![\\p{L}\\p{N}])`, "giu");
// Greedy left-to-right matching keeps "1,000" and "2.5" whole; letters before a number do not
// hide it ("30x40cm", "IP67").
const NUMBER_TOKEN = new RegExp(NUMBER, "gu");
const SIZE_LABEL = /(?<![\p{L}\p{N}])(?:XXS|XS|XL|XXL|XXXL|[2-6]XL|(?:EU|US|UK) ?\d{1,2}(?:[.,]5)?)(?![\p{L}\p{N}])/gu;
const MADE_IN = /(?<![\p{L}])(?:made|MADE|Made)\s+(?:in|IN|In)\s+(?:the\s+)?(\p{Lu}\p{L}+(?:\s\p{Lu}\p{L}+)?)/gu;

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  single: 1, pair: 2, dozen: 12, half: 0.5,
};

/** Every value a numeric token could mean: "1,000" is 1000 or 1.0; "2,5" is 2.5. */
function numericValues(token: string): number[] {
  const values = new Set<number>();
  values.add(Number(token.replace(/,/g, ""))); // thousands with commas
  values.add(Number(token.replace(/\./g, "").replace(",", "."))); // European: 1.000,5
  values.add(Number(token.replace(",", "."))); // decimal comma
  return [...values].filter((v) => Number.isFinite(v));
}

function referenceNumbers(reference: string): Set<number> {
  const numbers = new Set<number>();
  for (const match of reference.matchAll(NUMBER_TOKEN)) for (const v of numericValues(match[0])) numbers.add(v);
  for (const word of reference.toLowerCase().match(/\p{L}+/gu) ?? []) {
    if (word in NUMBER_WORDS) numbers.add(NUMBER_WORDS[word]!);
  }
  return numbers;
}

function numberKnown(token: string, known: Set<number>): boolean {
  return numericValues(token).some((v) => known.has(v));
}

/**
 * Terms in `output` that `reference` (the product's own data, plus the merchant's
 * instructions) does not contain: materials, certifications and claims, measurements, sizes,
 * origins and bare numbers. Each term once, in order of appearance by category.
 */
export function findPossibleInventions(output: string, reference: string): PossibleInvention[] {
  const out = normalizeText(output);
  const ref = normalizeText(reference);
  const found: PossibleInvention[] = [];
  const seen = new Set<string>();
  const add = (term: string, category: InventionCategory) => {
    const key = `${category}:${term.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ term, category });
  };

  for (const { entry, patterns } of COMPILED) {
    if (!patterns.some((p) => p.test(out))) continue;
    if (patterns.some((p) => p.test(ref))) continue;
    add(entry.forms[0]!, entry.category);
  }

  const known = referenceNumbers(ref);
  const coveredNumbers = new Set<string>();
  for (const match of out.matchAll(MEASUREMENT)) {
    const numbers = match[0].match(NUMBER_TOKEN) ?? [];
    const unknown = numbers.filter((n) => !numberKnown(n, known));
    numbers.forEach((n) => coveredNumbers.add(n));
    if (unknown.length) add(match[0].trim(), "measurement");
  }
  for (const match of out.matchAll(SIZE_LABEL)) {
    if (!termPattern(match[0], false).test(ref)) add(match[0], "size");
    (match[0].match(NUMBER_TOKEN) ?? []).forEach((n) => coveredNumbers.add(n));
  }
  for (const match of out.matchAll(NUMBER_TOKEN)) {
    if (coveredNumbers.has(match[0])) continue;
    if (!numberKnown(match[0], known)) add(match[0], "number");
  }
  for (const match of out.matchAll(MADE_IN)) {
    const place = match[1]!;
    if (!termPattern(place, false).test(ref)) add(`made in ${place}`, "origin");
  }
  return found;
}

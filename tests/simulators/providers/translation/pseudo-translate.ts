// A deterministic pseudo-translation: catalog words from a small dictionary are translated,
// other words are localized per target language (accents, or a script change for Cyrillic,
// Greek and CJK targets). Numbers, codes and short words stay as they are; HTML tags and
// attributes are kept byte for byte with tag handling. Recognizably "translated" text of
// realistic length, so character counts and round trips mean something.
import { hashString } from "../generation/seeded-random";
import { dictionaryWord } from "./dictionary";
import { codePoints, splitHtml } from "./html-segments";
import { baseLanguage } from "./languages";

export interface PseudoTranslateOptions {
  /** DeepL `tag_handling=html|xml`: translate text runs only; tags are not billed. */
  tagHandling?: boolean;
  ignoreTags?: string[];
  /** Glossary entries (source term → target term), applied before anything else. */
  glossary?: Array<[string, string]>;
}

export interface PseudoTranslation {
  text: string;
  /** What DeepL bills: code points of the source text, tags excluded with tag handling. */
  billedCharacters: number;
}

const ACCENTS: Record<string, Record<string, string>> = {
  DE: { a: "ä", o: "ö", u: "ü" },
  FR: { e: "é", a: "à", o: "ô" },
  ES: { a: "á", e: "é", i: "í", o: "ó", u: "ú" },
  IT: { a: "à", e: "è", i: "ì", o: "ò", u: "ù" },
  PT: { a: "ã", o: "õ", e: "ê" },
  SV: { a: "å", o: "ö" },
  DA: { a: "å", o: "ø" },
  NB: { a: "å", o: "ø" },
  FI: { a: "ä", o: "ö" },
  ET: { o: "õ", a: "ä" },
  PL: { a: "ą", e: "ę", l: "ł", o: "ó" },
  CS: { e: "ě", c: "č", s: "š", r: "ř" },
  SK: { a: "á", c: "č", s: "š" },
  SL: { c: "č", s: "š", z: "ž" },
  HU: { o: "ő", u: "ű", e: "é" },
  RO: { a: "ă", s: "ș", t: "ț" },
  TR: { i: "ı", s: "ş", g: "ğ", c: "ç" },
  LT: { e: "ė", a: "ą", u: "ū" },
  LV: { a: "ā", e: "ē", i: "ī" },
  ID: { u: "oe" },
};

const CYRILLIC: Record<string, string> = {
  a: "а", b: "б", c: "ц", d: "д", e: "е", f: "ф", g: "г", h: "х", i: "и", j: "й", k: "к", l: "л", m: "м",
  n: "н", o: "о", p: "п", q: "к", r: "р", s: "с", t: "т", u: "у", v: "в", w: "в", x: "кс", y: "ы", z: "з",
};
const GREEK: Record<string, string> = {
  a: "α", b: "β", c: "κ", d: "δ", e: "ε", f: "φ", g: "γ", h: "η", i: "ι", j: "ι", k: "κ", l: "λ", m: "μ",
  n: "ν", o: "ο", p: "π", q: "κ", r: "ρ", s: "σ", t: "τ", u: "υ", v: "β", w: "ω", x: "ξ", y: "υ", z: "ζ",
};
const ARABIC: Record<string, string> = {
  a: "ا", b: "ب", c: "ك", d: "د", e: "ي", f: "ف", g: "غ", h: "ه", i: "ي", j: "ج", k: "ك", l: "ل", m: "م",
  n: "ن", o: "و", p: "ب", q: "ق", r: "ر", s: "س", t: "ت", u: "و", v: "ف", w: "و", x: "كس", y: "ي", z: "ز",
};
/** Code point ranges for syllabic/ideographic targets (two Latin letters → one character). */
const SYLLABLES: Record<string, [number, number]> = {
  JA: [0x30a2, 0x30f3], // katakana
  ZH: [0x4e00, 0x4fff], // common CJK ideographs
  KO: [0xac00, 0xb7ff], // hangul syllables
};

function transliterate(word: string, table: Record<string, string>): string {
  return [...word.toLowerCase()].map((c) => table[c] ?? c).join("");
}

function syllabify(word: string, [from, to]: [number, number]): string {
  let out = "";
  const lower = word.toLowerCase();
  for (let i = 0; i < lower.length; i += 2) {
    out += String.fromCodePoint(from + (hashString(lower.slice(i, i + 2)) % (to - from)));
  }
  return out;
}

function localize(word: string, language: string, target: string): string {
  if (language === "EN") {
    if (target === "EN-GB") return word.replace(/olor$/i, "olour").replace(/(\w{3})ize$/, "$1ise");
    return word.replace(/olour$/i, "olor").replace(/(\w{3})ise$/, "$1ize");
  }
  if (language === "RU" || language === "UK" || language === "BG") return transliterate(word, CYRILLIC);
  if (language === "EL") return transliterate(word, GREEK);
  if (language === "AR") return transliterate(word, ARABIC);
  if (SYLLABLES[language]) return syllabify(word, SYLLABLES[language]);
  if (language === "NL") return word.replace(/[aeou]/i, (v) => v + v.toLowerCase());
  const accents = ACCENTS[language] ?? ACCENTS.ES;
  const at = [...word].findIndex((c) => accents[c] !== undefined);
  if (at < 0) return word;
  const chars = [...word];
  chars[at] = accents[chars[at]];
  return chars.join("");
}

function matchCase(source: string, translated: string): string {
  if (source.length > 1 && source === source.toUpperCase()) return translated.toUpperCase();
  if (source[0] !== source[0].toLowerCase()) return translated[0].toUpperCase() + translated.slice(1);
  return translated;
}

function translateWord(word: string, language: string, target: string): string {
  if (/\d/.test(word) || word.length <= 2) return word;
  if (word.length > 1 && word === word.toUpperCase() && /[A-Z]/.test(word)) return word; // codes: XL, USB
  const known = dictionaryWord(word.toLowerCase(), language);
  if (known) return matchCase(word, known);
  return matchCase(word, localize(word, language, target));
}

const WORD = /[\p{L}\p{M}][\p{L}\p{M}'’-]*/gu;
const ENTITY = /(&[#\w]+;)/;
// Private-use markers keep glossary terms out of the word transform.
const GLOSSARY_MARK = "\u{F0000}";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function translateRun(run: string, language: string, target: string, glossary: Array<[string, string]>): string {
  const sorted = [...glossary].sort((a, b) => b[0].length - a[0].length);
  return run
    .split(ENTITY)
    .map((piece, index) => {
      if (index % 2 === 1) return piece; // an entity like &amp;
      let marked = piece;
      sorted.forEach(([source], n) => {
        marked = marked.replace(
          new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(source)}(?![\\p{L}\\p{N}])`, "giu"),
          `${GLOSSARY_MARK}${n}${GLOSSARY_MARK}`,
        );
      });
      return marked
        .split(new RegExp(`(${GLOSSARY_MARK}\\d+${GLOSSARY_MARK})`, "u"))
        .map((part, i) => {
          if (i % 2 === 1) return sorted[Number(part.slice(GLOSSARY_MARK.length, -GLOSSARY_MARK.length))][1];
          return part.replace(WORD, (word) => translateWord(word, language, target));
        })
        .join("");
    })
    .join("");
}

export function pseudoTranslate(text: string, targetLang: string, options: PseudoTranslateOptions = {}): PseudoTranslation {
  const target = targetLang.toUpperCase();
  const language = baseLanguage(target) ?? target;
  const glossary = options.glossary ?? [];
  if (!options.tagHandling) {
    return { text: translateRun(text, language, target, glossary), billedCharacters: codePoints(text) };
  }
  let billed = 0;
  const out = splitHtml(text, options.ignoreTags)
    .map((segment) => {
      if (segment.kind === "tag") return segment.text;
      billed += codePoints(segment.text);
      return segment.translatable ? translateRun(segment.text, language, target, glossary) : segment.text;
    })
    .join("");
  return { text: out, billedCharacters: billed };
}

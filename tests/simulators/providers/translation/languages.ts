// Languages the simulators know: DeepL's codes and names, and the words a prompt uses for
// them ("into French", "locale: fr").

export interface LanguageInfo {
  /** DeepL source code (base language). */
  code: string;
  name: string;
  /** DeepL target codes for this base language. */
  targets: string[];
  supportsFormality: boolean;
}

export const LANGUAGES: LanguageInfo[] = [
  { code: "AR", name: "Arabic", targets: ["AR"], supportsFormality: false },
  { code: "BG", name: "Bulgarian", targets: ["BG"], supportsFormality: false },
  { code: "CS", name: "Czech", targets: ["CS"], supportsFormality: false },
  { code: "DA", name: "Danish", targets: ["DA"], supportsFormality: false },
  { code: "DE", name: "German", targets: ["DE"], supportsFormality: true },
  { code: "EL", name: "Greek", targets: ["EL"], supportsFormality: false },
  { code: "EN", name: "English", targets: ["EN-GB", "EN-US"], supportsFormality: false },
  { code: "ES", name: "Spanish", targets: ["ES"], supportsFormality: true },
  { code: "ET", name: "Estonian", targets: ["ET"], supportsFormality: false },
  { code: "FI", name: "Finnish", targets: ["FI"], supportsFormality: false },
  { code: "FR", name: "French", targets: ["FR"], supportsFormality: true },
  { code: "HU", name: "Hungarian", targets: ["HU"], supportsFormality: false },
  { code: "ID", name: "Indonesian", targets: ["ID"], supportsFormality: false },
  { code: "IT", name: "Italian", targets: ["IT"], supportsFormality: true },
  { code: "JA", name: "Japanese", targets: ["JA"], supportsFormality: true },
  { code: "KO", name: "Korean", targets: ["KO"], supportsFormality: false },
  { code: "LT", name: "Lithuanian", targets: ["LT"], supportsFormality: false },
  { code: "LV", name: "Latvian", targets: ["LV"], supportsFormality: false },
  { code: "NB", name: "Norwegian (Bokmål)", targets: ["NB"], supportsFormality: false },
  { code: "NL", name: "Dutch", targets: ["NL"], supportsFormality: true },
  { code: "PL", name: "Polish", targets: ["PL"], supportsFormality: true },
  { code: "PT", name: "Portuguese", targets: ["PT-BR", "PT-PT"], supportsFormality: true },
  { code: "RO", name: "Romanian", targets: ["RO"], supportsFormality: false },
  { code: "RU", name: "Russian", targets: ["RU"], supportsFormality: true },
  { code: "SK", name: "Slovak", targets: ["SK"], supportsFormality: false },
  { code: "SL", name: "Slovenian", targets: ["SL"], supportsFormality: false },
  { code: "SV", name: "Swedish", targets: ["SV"], supportsFormality: false },
  { code: "TR", name: "Turkish", targets: ["TR"], supportsFormality: false },
  { code: "UK", name: "Ukrainian", targets: ["UK"], supportsFormality: false },
  { code: "ZH", name: "Chinese", targets: ["ZH", "ZH-HANS", "ZH-HANT"], supportsFormality: false },
];

const TARGET_NAMES: Record<string, string> = {
  "EN-GB": "English (British)",
  "EN-US": "English (American)",
  "PT-BR": "Portuguese (Brazilian)",
  "PT-PT": "Portuguese (European)",
  "ZH-HANS": "Chinese (simplified)",
  "ZH-HANT": "Chinese (traditional)",
};

export function sourceLanguages() {
  return LANGUAGES.map((l) => ({ language: l.code, name: l.name }));
}

export function targetLanguages() {
  return LANGUAGES.flatMap((l) =>
    l.targets.map((t) => ({ language: t, name: TARGET_NAMES[t] ?? l.name, supports_formality: l.supportsFormality })),
  );
}

/** The base language of a DeepL or BCP 47 code: "pt-BR" → "PT", "fr" → "FR"; undefined if unknown. */
export function baseLanguage(code: string | undefined): string | undefined {
  if (!code) return undefined;
  const base = code.split(/[-_]/)[0].toUpperCase();
  return LANGUAGES.some((l) => l.code === base) ? base : undefined;
}

export function isTargetLanguage(code: string): boolean {
  const upper = code.toUpperCase();
  return LANGUAGES.some((l) => l.targets.includes(upper) || l.code === upper);
}

/** "French" / "français" / "fr" → "FR". */
export function languageFromName(word: string): string | undefined {
  const lower = word.toLowerCase();
  const native: Record<string, string> = {
    deutsch: "DE", français: "FR", francais: "FR", español: "ES", espanol: "ES", italiano: "IT",
    nederlands: "NL", português: "PT", portugues: "PT", polski: "PL", svenska: "SV", dansk: "DA",
    norsk: "NB", suomi: "FI", 日本語: "JA", 中文: "ZH", 한국어: "KO",
  };
  if (native[lower]) return native[lower];
  const byName = LANGUAGES.find((l) => l.name.toLowerCase().split(" ")[0] === lower);
  if (byName) return byName.code;
  return baseLanguage(word.length <= 7 ? word : undefined);
}

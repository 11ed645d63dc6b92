// A DeepL account per key: characters billed this period against its limit, and glossaries.
import { randomUUID } from "node:crypto";

export interface GlossaryDictionary {
  sourceLang: string;
  targetLang: string;
  entries: Array<[string, string]>;
}

export interface Glossary {
  id: string;
  name: string;
  owner: string;
  creationTime: string;
  /** Created through /v3 (multilingual) or /v2 (one language pair). */
  multilingual: boolean;
  dictionaries: GlossaryDictionary[];
}

/** DeepL API Free allows 500,000 characters a month; Pro accounts report a very large limit. */
const FREE_LIMIT = 500_000;
const PRO_LIMIT = 1_000_000_000_000;

export class DeeplAccount {
  private readonly used = new Map<string, number>();
  readonly glossaries = new Map<string, Glossary>();

  constructor(private readonly characterQuota?: number) {}

  limit(key: string): number {
    return this.characterQuota ?? (key.endsWith(":fx") ? FREE_LIMIT : PRO_LIMIT);
  }

  charactersUsed(key: string): number {
    return this.used.get(key) ?? 0;
  }

  /** Whether billing `characters` more would go past the limit. */
  wouldExceed(key: string, characters: number): boolean {
    return this.charactersUsed(key) + characters > this.limit(key);
  }

  bill(key: string, characters: number) {
    this.used.set(key, this.charactersUsed(key) + characters);
  }

  createGlossary(owner: string, name: string, multilingual: boolean, dictionaries: GlossaryDictionary[]): Glossary {
    const glossary: Glossary = {
      id: randomUUID(),
      name,
      owner,
      creationTime: new Date().toISOString(),
      multilingual,
      dictionaries,
    };
    this.glossaries.set(glossary.id, glossary);
    return glossary;
  }

  glossary(owner: string, id: string): Glossary | undefined {
    const glossary = this.glossaries.get(id);
    return glossary && glossary.owner === owner ? glossary : undefined;
  }

  reset() {
    this.used.clear();
    this.glossaries.clear();
  }
}

/** Glossary entries from DeepL's TSV or CSV formats. */
export function parseEntries(text: string, format: string): Array<[string, string]> {
  const separator = format === "csv" ? "," : "\t";
  return text
    .split(/\r\n|\n|\r/)
    .map((line) => line.split(separator).map((cell) => cell.trim().replace(/^"|"$/g, "")))
    .filter((cells) => cells.length >= 2 && cells[0] && cells[1])
    .map((cells) => [cells[0], cells[1]] as [string, string]);
}

export function entriesToTsv(entries: Array<[string, string]>): string {
  return entries.map(([source, target]) => `${source}\t${target}`).join("\n");
}

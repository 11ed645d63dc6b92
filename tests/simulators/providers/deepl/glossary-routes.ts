// DeepL glossaries: /v2 (one language pair) and /v3 (multilingual, as DeepLClient uses).
import type { Reply } from "../http-io";
import type { Route, RouteContext } from "../dialects/dialect";
import { entriesToTsv, parseEntries, type Glossary, type GlossaryDictionary } from "./account";
import { baseLanguage } from "../translation/languages";

const message = (status: number, text: string): Reply => ({ status, body: { message: text } });
const glossaryNotFound = () => message(404, "Glossary not found");

function v2Info(glossary: Glossary) {
  const [dictionary] = glossary.dictionaries;
  return {
    glossary_id: glossary.id,
    name: glossary.name,
    ready: true,
    source_lang: dictionary.sourceLang.toLowerCase(),
    target_lang: dictionary.targetLang.toLowerCase(),
    creation_time: glossary.creationTime,
    entry_count: dictionary.entries.length,
  };
}

function v3Info(glossary: Glossary) {
  return {
    glossary_id: glossary.id,
    name: glossary.name,
    dictionaries: glossary.dictionaries.map((d) => ({
      source_lang: d.sourceLang.toLowerCase(),
      target_lang: d.targetLang.toLowerCase(),
      entry_count: d.entries.length,
    })),
    creation_time: glossary.creationTime,
  };
}

function dictionary(source: unknown, target: unknown, entries: unknown, format: unknown): GlossaryDictionary | string {
  const sourceLang = baseLanguage(String(source ?? ""));
  const targetLang = baseLanguage(String(target ?? ""));
  if (!sourceLang || !targetLang) return "Unsupported glossary source and target language pair.";
  const parsed = parseEntries(String(entries ?? ""), String(format ?? "tsv"));
  if (!parsed.length) return "Missing or invalid argument: entries";
  return { sourceLang, targetLang, entries: parsed };
}

/** v3 dictionaries arrive as JSON or as form fields "dictionaries[0].source_lang", …. */
function v3Dictionaries(body: any): Array<GlossaryDictionary | string> {
  if (Array.isArray(body?.dictionaries)) {
    return body.dictionaries.map((d: any) => dictionary(d.source_lang, d.target_lang, d.entries, d.entries_format));
  }
  const indexes = new Set<string>();
  for (const key of Object.keys(body ?? {})) {
    const match = /^dictionaries\[(\d+)\]\./.exec(key);
    if (match) indexes.add(match[1]);
  }
  return [...indexes].map((i) =>
    dictionary(body[`dictionaries[${i}].source_lang`], body[`dictionaries[${i}].target_lang`], body[`dictionaries[${i}].entries`], body[`dictionaries[${i}].entries_format`]),
  );
}

function owned({ state, apiKey, params }: RouteContext): Glossary | undefined {
  return state.deepl.glossary(apiKey, params.id);
}

export const glossaryRoutes: Route[] = [
  {
    method: "POST",
    pattern: /^\/v2\/glossaries$/,
    handle: ({ call, state, apiKey }) => {
      const body = call.body ?? {};
      if (!body.name) return message(400, "Missing or invalid argument: name");
      const dict = dictionary(body.source_lang, body.target_lang, body.entries, body.entries_format);
      if (typeof dict === "string") return message(400, dict);
      return { status: 201, body: v2Info(state.deepl.createGlossary(apiKey, String(body.name), false, [dict])) };
    },
  },
  {
    method: "GET",
    pattern: /^\/v2\/glossaries$/,
    handle: ({ state, apiKey }) => ({
      status: 200,
      body: { glossaries: [...state.deepl.glossaries.values()].filter((g) => g.owner === apiKey && g.dictionaries.length === 1).map(v2Info) },
    }),
  },
  {
    method: "GET",
    pattern: /^\/v2\/glossaries\/(?<id>[^/]+)$/,
    handle: (context) => {
      const glossary = owned(context);
      return glossary ? { status: 200, body: v2Info(glossary) } : glossaryNotFound();
    },
  },
  {
    method: "GET",
    pattern: /^\/v2\/glossaries\/(?<id>[^/]+)\/entries$/,
    handle: (context) => {
      const glossary = owned(context);
      if (!glossary) return glossaryNotFound();
      return { status: 200, body: entriesToTsv(glossary.dictionaries[0].entries), headers: { "content-type": "text/tab-separated-values" } };
    },
  },
  {
    method: "POST",
    pattern: /^\/v3\/glossaries$/,
    handle: ({ call, state, apiKey }) => {
      const body = call.body ?? {};
      if (!body.name) return message(400, "Missing or invalid argument: name");
      const dictionaries = v3Dictionaries(body);
      const problem = dictionaries.find((d): d is string => typeof d === "string");
      if (problem || !dictionaries.length) return message(400, problem ?? "Missing or invalid argument: dictionaries");
      return { status: 201, body: v3Info(state.deepl.createGlossary(apiKey, String(body.name), true, dictionaries as GlossaryDictionary[])) };
    },
  },
  {
    method: "GET",
    pattern: /^\/v3\/glossaries$/,
    handle: ({ state, apiKey }) => ({
      status: 200,
      body: { glossaries: [...state.deepl.glossaries.values()].filter((g) => g.owner === apiKey).map(v3Info) },
    }),
  },
  {
    method: "GET",
    pattern: /^\/v3\/glossaries\/(?<id>[^/]+)$/,
    handle: (context) => {
      const glossary = owned(context);
      return glossary ? { status: 200, body: v3Info(glossary) } : glossaryNotFound();
    },
  },
  {
    method: "GET",
    pattern: /^\/v3\/glossaries\/(?<id>[^/]+)\/entries$/,
    handle: (context) => {
      const glossary = owned(context);
      if (!glossary) return glossaryNotFound();
      const source = baseLanguage(context.call.query.source_lang);
      const target = baseLanguage(context.call.query.target_lang);
      const dictionaries = glossary.dictionaries
        .filter((d) => (!source || d.sourceLang === source) && (!target || d.targetLang === target))
        .map((d) => ({ source_lang: d.sourceLang.toLowerCase(), target_lang: d.targetLang.toLowerCase(), entries: entriesToTsv(d.entries), entries_format: "tsv" }));
      return dictionaries.length ? { status: 200, body: { dictionaries } } : glossaryNotFound();
    },
  },
  {
    method: "PUT",
    pattern: /^\/v3\/glossaries\/(?<id>[^/]+)\/dictionaries$/,
    handle: (context) => {
      const glossary = owned(context);
      if (!glossary) return glossaryNotFound();
      const body = context.call.body ?? {};
      const dict = dictionary(body.source_lang, body.target_lang, body.entries, body.entries_format);
      if (typeof dict === "string") return message(400, dict);
      glossary.dictionaries = [...glossary.dictionaries.filter((d) => !(d.sourceLang === dict.sourceLang && d.targetLang === dict.targetLang)), dict];
      return { status: 200, body: { source_lang: dict.sourceLang.toLowerCase(), target_lang: dict.targetLang.toLowerCase(), entry_count: dict.entries.length } };
    },
  },
  ...["v2", "v3"].map(
    (version): Route => ({
      method: "DELETE",
      pattern: new RegExp(`^\\/${version}\\/glossaries\\/(?<id>[^/]+)$`),
      handle: (context) => {
        if (!owned(context)) return glossaryNotFound();
        context.state.deepl.glossaries.delete(context.params.id);
        return { status: 204 };
      },
    }),
  ),
];

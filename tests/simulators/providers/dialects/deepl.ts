// DeepL: POST /v2/translate (form or JSON; tag_handling=html keeps tags; billed_characters
// with show_billed_characters), /v2/usage, /v2/languages, /v2/glossary-language-pairs and the
// glossary endpoints. Keys in `Authorization: DeepL-Auth-Key …`; a wrong key is 403, a spent
// quota 456, too many requests 429. deepl-node: `new Translator(key, { serverUrl: url })`.
import { glossaryRoutes } from "../deepl/glossary-routes";
import { HOSTILE_BLOCK } from "../faults";
import type { Reply } from "../http-io";
import { baseLanguage, isTargetLanguage, sourceLanguages, targetLanguages } from "../translation/languages";
import { pseudoTranslate } from "../translation/pseudo-translate";
import { randomId, type Dialect, type GenerationPlan, type Route } from "./dialect";

const message = (status: number, text: string, headers?: Record<string, string>): Reply => ({ status, headers, body: { message: text } });

function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function truthy(value: unknown): boolean {
  return value === true || value === "1" || value === "true" || value === 1;
}

/** Enough to tell the usual catalog languages apart when source_lang is omitted. */
function detectLanguage(text: string): string {
  if (/[äöüß]/i.test(text)) return "DE";
  if (/[ñ¿¡]/i.test(text)) return "ES";
  if (/[éèêàçœ]/i.test(text)) return "FR";
  if (/[\u3040-\u30ff]/.test(text)) return "JA";
  if (/[\u4e00-\u9fff]/.test(text)) return "ZH";
  if (/[\u0400-\u04ff]/.test(text)) return "RU";
  return "EN";
}

const translate: Route = {
  method: "POST",
  pattern: /^\/v2\/translate$/,
  handle({ call, state, apiKey }) {
    const body = call.body ?? {};
    const texts = list(body.text);
    if (!texts.length) return message(400, "Parameter 'text' not specified.");
    if (!body.target_lang) return message(400, "Parameter 'target_lang' not specified.");
    const target = String(body.target_lang).toUpperCase();
    if (!isTargetLanguage(target)) return message(400, "Value for 'target_lang' not supported.");
    const source = body.source_lang ? baseLanguage(String(body.source_lang)) : undefined;
    if (body.source_lang && !source) return message(400, "Value for 'source_lang' not supported.");
    const tagHandling = body.tag_handling ? String(body.tag_handling) : undefined;
    if (tagHandling && tagHandling !== "html" && tagHandling !== "xml") return message(400, "Value for 'tag_handling' not supported.");

    let glossary: Array<[string, string]> = [];
    if (body.glossary_id) {
      if (!source) return message(400, "Use of a glossary requires the source_lang parameter to be set.");
      const found = state.deepl.glossary(apiKey, String(body.glossary_id));
      if (!found) return message(400, "Invalid glossary_id.");
      const dict = found.dictionaries.find((d) => d.sourceLang === source && d.targetLang === baseLanguage(target));
      if (!dict) return message(400, "Language pair of the glossary doesn't match the language pair of the request.");
      glossary = dict.entries;
    }
    const ignoreTags = list(body.ignore_tags).flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean);
    const results = texts.map((text) => ({
      source: source ?? detectLanguage(text),
      ...pseudoTranslate(text, target, { tagHandling: Boolean(tagHandling), ignoreTags, glossary }),
    }));
    const characters = results.reduce((sum, r) => sum + r.billedCharacters, 0);
    const plan: GenerationPlan = {
      kind: "generation",
      rateTokens: 0,
      respond(fault) {
        if (state.deepl.wouldExceed(apiKey, characters)) return { reply: message(456, "Quota Exceeded"), usage: {} };
        state.deepl.bill(apiKey, characters);
        const usage = { characters };
        if (fault?.kind === "malformed-json") return { reply: { status: 200, body: '{"translations":[{"detected_source_language":"EN","text":' }, usage };
        const translations = fault?.kind === "empty-choices" ? [] : results.map((r) => ({
          detected_source_language: r.source,
          text: fault?.kind === "hostile-html" ? `${r.text}${HOSTILE_BLOCK}` : r.text,
          ...(truthy(body.show_billed_characters) ? { billed_characters: r.billedCharacters } : {}),
          ...(body.model_type ? { model_type_used: String(body.model_type) === "latency_optimized" ? "latency_optimized" : "quality_optimized" } : {}),
        }));
        return { reply: { status: 200, body: { translations } }, usage };
      },
    };
    return plan;
  },
};

const GLOSSARY_LANGUAGES = ["DA", "DE", "EN", "ES", "FR", "IT", "JA", "KO", "NB", "NL", "PL", "PT", "RU", "SV", "ZH"];

export const deeplDialect: Dialect = {
  kind: "deepl",
  defaultModels: [],
  checksKeys: true,
  routes: [
    translate,
    ...["GET", "POST"].map(
      (method): Route => ({
        method,
        pattern: /^\/v2\/usage$/,
        handle: ({ state, apiKey }) => ({
          status: 200,
          body: { character_count: state.deepl.charactersUsed(apiKey), character_limit: state.deepl.limit(apiKey) },
        }),
      }),
    ),
    ...["GET", "POST"].map(
      (method): Route => ({
        method,
        pattern: /^\/v2\/languages$/,
        handle: ({ call }) => ({
          status: 200,
          body: String(call.body?.type ?? call.query.type ?? "source") === "target" ? targetLanguages() : sourceLanguages(),
        }),
      }),
    ),
    {
      method: "GET",
      pattern: /^\/v2\/glossary-language-pairs$/,
      handle: () => ({
        status: 200,
        body: {
          supported_languages: GLOSSARY_LANGUAGES.flatMap((s) =>
            GLOSSARY_LANGUAGES.filter((t) => t !== s).map((t) => ({ source_lang: s.toLowerCase(), target_lang: t.toLowerCase() })),
          ),
        },
      }),
    },
    ...glossaryRoutes,
  ],
  presentedKey: (call) => /^DeepL-Auth-Key\s+(.+)$/i.exec(call.headers.authorization ?? "")?.[1]?.trim() ?? null,
  authError: () => message(403, "Forbidden"),
  notFound: () => message(404, "Not found"),
  rateLimited: () => message(429, "Too many requests"),
  faultReply: (status, fault) => {
    const headers = fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : undefined;
    if (status === 456) return message(456, "Quota Exceeded", headers);
    if (status === 429) return message(429, "Too many requests", headers);
    if (status === 503) return message(503, "Service unavailable", headers);
    if (status >= 500) return message(status, "Internal server error", headers);
    return message(status, `Simulated error ${status}`, headers);
  },
  responseHeaders: () => ({ "x-trace-id": randomId("", 32).toLowerCase() }),
};

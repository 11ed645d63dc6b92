// DeepL through the official deepl-node package. Notes on that SDK:
// - it talks through axios, not fetch: an injected fetch (the base-URL guard) cannot reach it,
//   so the base URL must be checked before this provider is created;
// - `maxRetries` counts attempts (N → N−1 retries) with its own backoff starting near 1 s, and
//   it ignores Retry-After; `minTimeout` is the per-attempt timeout (never below ~1 s early on);
// - its connection errors keep the axios error, whose config holds the Authorization header:
//   we read only codes and messages from it.
import * as deepl from "deepl-node";
import { connectionFailure, fromHttpFailure, unexpectedError, type ErrorContext } from "./error-mapping";
import { errorContext, type FamilyConfig } from "./family-config";
import { curatedModels, runConnectionTest, type ConnectionProbe } from "./connection-test.server";
import { ProviderError } from "./provider-error";
import { redact } from "../vault/redact";
import type { Provider, TranslateRequest, TranslateResult } from "./types";
import { normalizeDeepLUsage } from "./usage-normalizers";
import { addUsage, EMPTY_USAGE } from "./usage";

/** DeepL accepts at most 50 texts per request. */
const TEXTS_PER_REQUEST = 50;

/** Target languages DeepL only knows with a region (or script). */
const REGIONAL_TARGETS: Record<string, string> = {
  en: "en-US",
  pt: "pt-PT",
  zh: "zh-HANS",
  "zh-cn": "zh-HANS",
  "zh-hans": "zh-HANS",
  "zh-tw": "zh-HANT",
  "zh-hk": "zh-HANT",
  "zh-hant": "zh-HANT",
  "en-us": "en-US",
  "en-gb": "en-GB",
  "pt-br": "pt-BR",
  "pt-pt": "pt-PT",
  "es-419": "es-419",
};

/** Shopify locale → DeepL target code ("fr-CA" → "fr", "en" → "en-US", "pt-BR" stays). */
export function deeplTargetLanguage(locale: string): string {
  const lower = locale.trim().toLowerCase().replace(/_/g, "-");
  return REGIONAL_TARGETS[lower] ?? lower.split("-")[0];
}

/** Source languages carry no region in DeepL ("en-GB" → "en"). */
export function deeplSourceLanguage(locale: string): string {
  return locale.trim().toLowerCase().replace(/_/g, "-").split("-")[0];
}

/** deepl-node's retry count is attempts, so N retries = N + 1 attempts (0 = a single attempt). */
export function deeplMaxRetries(maxRetries: number): number {
  return maxRetries <= 0 ? 0 : maxRetries + 1;
}

function createTranslator(config: FamilyConfig): deepl.Translator {
  return new deepl.Translator(config.apiKey, {
    serverUrl: config.baseUrl.replace(/\/+$/, "").replace(/\/v2$/, ""),
    maxRetries: deeplMaxRetries(config.transport.maxRetries),
    minTimeout: config.transport.timeoutMs,
    sendPlatformInfo: false,
    appInfo: { appName: "byok-enrich", appVersion: "0.1.0" },
  });
}

const STATUS_IN_MESSAGE = /Unexpected status code: (\d{3})/;

export function mapDeepLError(err: unknown, ctx: ErrorContext, operation: "translate" | "usage"): ProviderError {
  if (err instanceof ProviderError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const body = { message: message.replace(/^[^,]*,\s*message:\s*/, "") };
  if (err instanceof deepl.AuthorizationError) return fromHttpFailure(ctx, { status: 403, body, operation });
  if (err instanceof deepl.QuotaExceededError) return fromHttpFailure(ctx, { status: 456, body, operation });
  if (err instanceof deepl.TooManyRequestsError) return fromHttpFailure(ctx, { status: 429, body, operation });
  if (err instanceof deepl.GlossaryNotFoundError) {
    return new ProviderError({
      kind: "bad_request",
      providerId: ctx.providerId,
      status: 404,
      message: `${ctx.providerName} does not know the glossary used for this translation. Pick another glossary or none.`,
      detail: redact(message, ctx.secrets),
    });
  }
  if (err instanceof deepl.ConnectionError) {
    // `err.error` is the axios error: read its code and message, never its config.
    const axios = (err as { error?: { code?: unknown; message?: unknown } }).error;
    return connectionFailure(ctx, {
      message,
      code: typeof axios?.code === "string" ? axios.code : undefined,
      cause: axios ? { code: axios.code, message: typeof axios.message === "string" ? axios.message : undefined } : undefined,
    });
  }
  if (err instanceof deepl.DeepLError && message.startsWith("Error parsing response JSON")) {
    return new ProviderError({
      kind: "server",
      providerId: ctx.providerId,
      message: `${ctx.providerName} sent a response that could not be read. Try again; if it persists, contact support.`,
      detail: redact(message, ctx.secrets),
    });
  }
  if (err instanceof deepl.DeepLError) {
    const status = STATUS_IN_MESSAGE.exec(message)?.[1];
    if (status) return fromHttpFailure(ctx, { status: Number(status), body, operation });
    if (message.startsWith("Service unavailable")) return fromHttpFailure(ctx, { status: 503, body, operation });
    if (message.startsWith("Not found")) return fromHttpFailure(ctx, { status: 404, body, operation });
    if (message.startsWith("Bad request")) return fromHttpFailure(ctx, { status: 400, body, operation });
    return new ProviderError({
      kind: "bad_request",
      providerId: ctx.providerId,
      message: `${ctx.providerName} rejected the request: ${redact(message, ctx.secrets, 200)}`,
      detail: redact(message, ctx.secrets),
    });
  }
  return unexpectedError(ctx, err);
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException("Aborted", "AbortError");
}

export function createDeepLProvider(config: FamilyConfig): Provider {
  const { definition } = config;
  const translator = createTranslator(config);
  const ctx = errorContext(config, "deepl");

  async function translate(request: TranslateRequest): Promise<TranslateResult> {
    const started = Date.now();
    const out: string[] = [];
    let usage = EMPTY_USAGE;
    const target = deeplTargetLanguage(request.target) as deepl.TargetLanguageCode;
    const source = request.source ? (deeplSourceLanguage(request.source) as deepl.SourceLanguageCode) : null;
    const options: deepl.TranslateTextOptions = {};
    if (request.html) options.tagHandling = "html";
    if (request.formality) options.formality = request.formality;
    if (request.glossaryId) {
      if (!source) {
        throw new ProviderError({
          kind: "bad_request",
          providerId: definition.id,
          message: "A DeepL glossary needs the source language; set it for this translation.",
        });
      }
      options.glossary = request.glossaryId;
    }
    for (let i = 0; i < request.texts.length; i += TEXTS_PER_REQUEST) {
      checkAborted(request.signal);
      const batch = request.texts.slice(i, i + TEXTS_PER_REQUEST);
      let results: deepl.TextResult[];
      try {
        results = await translator.translateText(batch, source, target, options);
      } catch (error) {
        // Characters of batches already translated were billed: keep them on the error.
        throw mapDeepLError(error, ctx, "translate").with({ usage });
      }
      usage = addUsage(usage, normalizeDeepLUsage(results.map((r) => r.billedCharacters)));
      if (results.length !== batch.length) {
        throw new ProviderError({
          kind: "invalid_output",
          providerId: definition.id,
          message: `${definition.displayName} returned ${results.length} translations for ${batch.length} texts. Nothing was changed; try again.`,
          usage,
        });
      }
      out.push(...results.map((r) => r.text));
    }
    return { texts: out, usage, latencyMs: Date.now() - started };
  }

  const probe: ConnectionProbe = {
    listModels: async () => curatedModels(definition),
    async usage() {
      try {
        const usage = await translator.getUsage();
        return { count: usage.character?.count ?? 0, limit: usage.character?.limit ?? 0 };
      } catch (error) {
        throw mapDeepLError(error, ctx, "usage");
      }
    },
  };

  return {
    providerId: definition.id,
    translator: { translate },
    listModels: async () => curatedModels(definition),
    testConnection: (options) => runConnectionTest(definition, ctx, probe, options),
  };
}

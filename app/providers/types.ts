// The small interfaces every provider family implements. Callers (pipeline, connection test,
// UI actions) depend on these only; each family file hides its SDK behind them.
import type { z } from "zod";
import type { NormalizedUsage } from "./usage";
import type { ProviderError } from "./provider-error";

export type { NormalizedUsage } from "./usage";
export { ProviderError, type ProviderErrorKind } from "./provider-error";

/** An image the model should look at: a URL (https: or data:) the provider can read. */
export type ImageInput =
  | { url: string }
  /** Raw base64 bytes; providers that cannot read URLs (Ollama) need this form. */
  | { base64: string; mediaType: string };

export interface GenerateRequest<T> {
  model: string;
  system: string;
  prompt: string;
  /** zod 4 schema the answer must satisfy; its JSON Schema is sent to the provider. */
  schema: z.ZodType<T>;
  /** Name of the output format (letters, digits, _ and -), e.g. "product_enrichment". */
  schemaName: string;
  images?: ImageInput[];
  maxOutputTokens?: number;
  temperature?: number;
  /** Ask the provider to cache the system prompt (Anthropic `cache_control`; OpenAI is automatic). */
  cacheSystemPrompt?: boolean;
  signal?: AbortSignal;
}

export interface GenerateResult<T> {
  object: T;
  /** Usage of every call this generate made (a repair retry included). */
  usage: NormalizedUsage;
  /** The provider's last response body, as the SDK returned it. */
  raw: unknown;
  /** The model the provider says answered (may be a dated snapshot of the requested one). */
  model: string;
  /** Wall time of the whole generate, retries and repair included. */
  latencyMs: number;
  /** Provider calls made: 1, or 2 after a repair retry. */
  calls: number;
  rateLimit?: RateLimitSnapshot;
}

export interface TextModel {
  generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>>;
}

export type Formality = "default" | "more" | "less" | "prefer_more" | "prefer_less";

export interface TranslateRequest {
  texts: string[];
  /** Source language (e.g. "en"); omitted = detected by the provider. */
  source?: string;
  /** Target locale as Shopify names it (e.g. "fr", "de", "pt-BR", "en"). */
  target: string;
  /** Texts are HTML: tags are kept and not billed. */
  html: boolean;
  glossaryId?: string;
  formality?: Formality;
  signal?: AbortSignal;
}

export interface TranslateResult {
  texts: string[];
  usage: NormalizedUsage;
  latencyMs: number;
}

export interface Translator {
  translate(request: TranslateRequest): Promise<TranslateResult>;
}

export interface ModelInfo {
  id: string;
  /** Human-readable name where the provider gives one. */
  name?: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** Models this key can use (from the provider's list, or the curated list). */
  models?: ModelInfo[];
  error?: ProviderError;
  /** DeepL: characters used and allowed in the current billing period. */
  characterUsage?: { count: number; limit: number };
  latencyMs: number;
}

export interface Provider {
  readonly providerId: string;
  readonly textModel?: TextModel;
  readonly translator?: Translator;
  /** A cheap real call proving key, host and (when given) model. */
  testConnection(options?: { model?: string; signal?: AbortSignal }): Promise<ConnectionTestResult>;
  listModels(options?: { signal?: AbortSignal }): Promise<ModelInfo[]>;
}

/** One window of a provider's rate limit, as its headers reported it. */
export interface RateLimitWindow {
  limit?: number;
  remaining?: number;
  /** When the window refills (epoch ms). */
  resetAt?: number;
}

/**
 * What a response's headers said about the key's limits, so a scheduler can learn them.
 * OpenAI: x-ratelimit-{limit,remaining,reset}-{requests,tokens} (reset as "1m3s").
 * Anthropic: anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-* (RFC 3339).
 */
export interface RateLimitSnapshot {
  requests?: RateLimitWindow;
  tokens?: RateLimitWindow;
  inputTokens?: RateLimitWindow;
  outputTokens?: RateLimitWindow;
  /** From retry-after-ms / retry-after (seconds or HTTP date). */
  retryAfterMs?: number;
  observedAt: number;
}

/** Per-SDK transport settings; tests pass small values. */
export interface TransportOptions {
  /** Injected fetch (the base-URL guard's `guardedFetch` in the hosted app). */
  fetch?: typeof globalThis.fetch;
  /** Per-attempt timeout. Default 60 s. */
  timeoutMs?: number;
  /** Retries after the first attempt on 408/409/429/5xx and connection errors. Default 2. */
  maxRetries?: number;
  /** Mistral's backoff: first delay (ms). Default 500. */
  retryInitialDelayMs?: number;
  /** Mistral's backoff: longest single delay (ms). Default 8000. */
  retryMaxDelayMs?: number;
}

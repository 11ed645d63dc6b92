// Public types of the provider simulators (re-exported by server.ts).

export type ProviderKind = "openai" | "anthropic" | "mistral" | "deepl" | "gemini" | "ollama";

export interface ProviderSimulatorOptions {
  kind: ProviderKind;
  /** 0/undefined = a random free port; always bound to 127.0.0.1. */
  port?: number;
  /** Accepted API keys. Undefined = any non-empty key. Ollama ignores keys. */
  keys?: string[];
  /** Added to every request (default 0). */
  latencyMs?: number;
  /** Requests per minute per key; exceeding it answers 429 with the provider's headers. */
  rpm?: number;
  /** Tokens per minute per key (input + max_tokens, or actual output when no max is given). */
  tpm?: number;
  /** Served by the models endpoint and accepted in requests (sensible defaults per kind). */
  models?: string[];
  /** DeepL: characters per billing period and key; beyond it the simulator answers 456. */
  characterQuota?: number;
}

export type FaultKind =
  | "malformed-json"
  | "truncated"
  | "slow"
  | "empty-choices"
  | "schema-violation"
  | "hostile-html";

/**
 * A fault applies to the next `count` generation requests (chat completions, messages,
 * /api/chat, DeepL translate) — never to model lists, usage or control endpoints, so that a
 * connection test does not consume a fault meant for a job.
 */
export interface Fault {
  /** Answer with this HTTP status and the provider's error body for it (or `body`). */
  status?: number;
  /** Raw response body to send instead of the provider's error body (e.g. a broken envelope). */
  body?: string;
  kind?: FaultKind;
  /** Extra delay before answering; `slow` defaults to 3000 ms. */
  delayMs?: number;
  /** How many requests get this fault (default 1). */
  count?: number;
  /** Sent as `retry-after` on 429/503/529 (fractions allowed, for fast tests). */
  retryAfterSeconds?: number;
  /** Provider error code, e.g. OpenAI `insufficient_quota` (implies 429 when no status). */
  errorCode?: string;
}

export interface SimulatorLimits {
  rpm?: number;
  tpm?: number;
  latencyMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The model named in the body (or path), if any. */
  model?: string;
  /** Request headers, lower-cased, without credentials. */
  headers: Record<string, string>;
  /** Parsed JSON or form body (form fields with repeats become arrays). */
  body: unknown;
  /** HTTP status the simulator answered with. */
  status?: number;
  receivedAt: number;
}

export interface SimulatorStats {
  /** Requests received (excluding the /__sim control endpoints). */
  requests: number;
  /** Requests answered 429 (rate limit or injected). */
  throttled: number;
  /** Billed input tokens, cached ones included. */
  inputTokens: number;
  /** Input tokens read from a prompt cache. */
  cachedInputTokens: number;
  outputTokens: number;
  /** DeepL billed characters. */
  characters: number;
}

export interface ProviderSimulator {
  kind: ProviderKind;
  /** Origin of the simulator; see README.md for the base URL each SDK takes. */
  url: string;
  port: number;
  inject(fault: Fault): void;
  setLimits(limits: SimulatorLimits): void;
  requests(): RecordedRequest[];
  stats(): SimulatorStats;
  reset(): void;
  close(): Promise<void>;
}

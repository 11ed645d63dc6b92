// What each provider dialect supplies to the shared request pipeline (server.ts): its
// routes, how it authenticates, and its error, rate-limit and header shapes.
import type { DeeplAccount } from "../deepl/account";
import type { IncomingCall, Reply } from "../http-io";
import type { BucketState, RateDecision } from "../rate-limiter";
import type { Fault, ProviderKind } from "../types";
import type { AutomaticPrefixCache, BreakpointCache } from "../usage/prompt-cache";

export interface UsageRecord {
  /** All input tokens, cached ones included. */
  inputTokens?: number;
  cachedInputTokens?: number;
  outputTokens?: number;
  characters?: number;
}

/** A generation request that passed validation; the pipeline applies faults and limits before it answers. */
export interface GenerationPlan {
  kind: "generation";
  model?: string;
  /** What this request counts against the tokens-per-minute budget. */
  rateTokens: number;
  /** Characters this request would bill (DeepL), checked against the quota. */
  characters?: number;
  respond(fault: Fault | undefined): { reply: Reply; usage: UsageRecord };
}

export interface SimulatorState {
  kind: ProviderKind;
  models: string[];
  automaticCache: AutomaticPrefixCache;
  breakpointCache: BreakpointCache;
  deepl: DeeplAccount;
}

export interface RouteContext {
  call: IncomingCall;
  params: Record<string, string>;
  /** The accepted key ("" where keys are not checked). */
  apiKey: string;
  state: SimulatorState;
}

export type RouteResult = Reply | GenerationPlan;

export interface Route {
  method: string;
  /** Matched against the path; named groups become params. */
  pattern: RegExp;
  handle(context: RouteContext): RouteResult | Promise<RouteResult>;
}

export interface RateLimitedInfo {
  exceeded: "requests" | "tokens";
  retryAfterMs: number;
  decision: RateDecision;
  model?: string;
  requestedTokens: number;
}

export interface LimitSnapshot {
  requests?: BucketState;
  tokens?: BucketState;
}

export interface Dialect {
  kind: ProviderKind;
  defaultModels: string[];
  routes: Route[];
  /** False for Ollama, which ignores keys. */
  checksKeys: boolean;
  /** The key the request presents, or null. */
  presentedKey(call: IncomingCall): string | null;
  /** The provider's answer to a missing or wrong key. */
  authError(key: string | null): Reply;
  /** The provider's answer to an unknown path. */
  notFound(call: IncomingCall): Reply;
  /** The provider's answer to a request beyond its rate limit. */
  rateLimited(info: RateLimitedInfo, call: IncomingCall): Reply;
  /** The provider's error body for an injected status (5xx, 429, 529, 456…). */
  faultReply(status: number, fault: Fault, call: IncomingCall): Reply;
  /** Headers on every response (rate-limit state, request ids). */
  responseHeaders(limits: LimitSnapshot): Record<string, string>;
}

/** Resolves a requested model against the served list, honouring aliases and ":latest". */
export function findModel(models: string[], requested: unknown): string | undefined {
  if (typeof requested !== "string" || !requested) return undefined;
  const name = requested.replace(/^models\//, "");
  // Dated snapshots answer to their alias and vice versa ("claude-sonnet-4-5" ↔ "…-20250929").
  const snapshotOf = (snapshot: string, alias: string) =>
    snapshot.startsWith(alias) && /^-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/.test(snapshot.slice(alias.length));
  return (
    models.find((m) => m === name) ??
    models.find((m) => m === `${name}:latest` || `${m}:latest` === name) ??
    models.find((m) => snapshotOf(m, name) || snapshotOf(name, m))
  );
}

export function randomId(prefix: string, length = 24): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let id = prefix;
  for (let i = 0; i < length; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
  return id;
}

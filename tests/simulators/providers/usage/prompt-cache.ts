// Prompt caching as the providers bill it.
// - OpenAI (and the OpenAI-compatible dialects): automatic for identical prompt prefixes of
//   at least 1,024 tokens, hits counted in 128-token steps.
// - Anthropic: explicit `cache_control` breakpoints; the prefix up to a breakpoint is written
//   once (billed as cache creation) and read by later identical prefixes within its TTL;
//   prefixes below the model's minimum are silently not cached.
import { createHash, type Hash } from "node:crypto";

/** A prompt as the cache sees it: blocks of token ids, in the provider's prefix order. */
export interface PromptBlock {
  tokens: number[];
  /** Anthropic: this block ends a cache breakpoint with this TTL. */
  breakpoint?: "5m" | "1h";
}

const TTL_MS = { "5m": 5 * 60_000, "1h": 60 * 60_000 } as const;
const OPENAI_TTL_MS = 10 * 60_000;
const OPENAI_MIN_TOKENS = 1024;
const OPENAI_STEP_TOKENS = 128;

function feed(hash: Hash, tokens: number[]) {
  if (tokens.length) hash.update(new Uint8Array(Uint32Array.from(tokens).buffer));
}

class ExpiringSet {
  private readonly entries = new Map<string, number>();
  constructor(private readonly clock: () => number) {}

  has(key: string): boolean {
    const expires = this.entries.get(key);
    if (expires === undefined) return false;
    if (expires <= this.clock()) {
      this.entries.delete(key);
      return false;
    }
    return true;
  }

  put(key: string, ttlMs: number) {
    const expires = this.clock() + ttlMs;
    this.entries.set(key, Math.max(expires, this.entries.get(key) ?? 0));
  }

  clear() {
    this.entries.clear();
  }
}

export class AutomaticPrefixCache {
  private readonly seen: ExpiringSet;

  constructor(clock: () => number = Date.now) {
    this.seen = new ExpiringSet(clock);
  }

  /** Returns the cached token count for this prompt and remembers its prefixes. */
  lookupAndStore(scope: string, tokens: number[]): number {
    if (tokens.length < OPENAI_MIN_TOKENS) return 0;
    const hash = createHash("sha1");
    let fed = 0;
    let cached = 0;
    const keys: string[] = [];
    for (let length = OPENAI_MIN_TOKENS; length <= tokens.length; length += OPENAI_STEP_TOKENS) {
      feed(hash, tokens.slice(fed, length));
      fed = length;
      const key = `${scope}|${length}|${hash.copy().digest("hex")}`;
      keys.push(key);
      if (cached === length - OPENAI_STEP_TOKENS || (cached === 0 && length === OPENAI_MIN_TOKENS)) {
        if (this.seen.has(key)) cached = length;
      }
    }
    for (const key of keys) this.seen.put(key, OPENAI_TTL_MS);
    return cached;
  }

  clear() {
    this.seen.clear();
  }
}

export interface BreakpointCacheResult {
  totalTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  cacheCreation5m: number;
  cacheCreation1h: number;
  /** Tokens neither read from nor written to the cache. */
  uncachedTokens: number;
}

export class BreakpointCache {
  private readonly stored: ExpiringSet;

  constructor(clock: () => number = Date.now) {
    this.stored = new ExpiringSet(clock);
  }

  apply(scope: string, blocks: PromptBlock[], minimumTokens: number): BreakpointCacheResult {
    const hash = createHash("sha1");
    const boundaries: { key: string; tokens: number; breakpoint?: "5m" | "1h" }[] = [];
    let cumulative = 0;
    for (const block of blocks) {
      feed(hash, block.tokens);
      cumulative += block.tokens.length;
      boundaries.push({ key: `${scope}|${hash.copy().digest("hex")}`, tokens: cumulative, breakpoint: block.breakpoint });
    }
    const totalTokens = cumulative;
    const lastBreakpoint = boundaries.map((b) => Boolean(b.breakpoint)).lastIndexOf(true);

    // Read: the longest earlier-written prefix that ends at or before the last breakpoint.
    let readIndex = -1;
    for (let i = lastBreakpoint; i >= 0; i--) {
      if (this.stored.has(boundaries[i].key)) {
        readIndex = i;
        break;
      }
    }
    const cacheReadTokens = readIndex >= 0 ? boundaries[readIndex].tokens : 0;
    if (readIndex >= 0) {
      const ttl = boundaries[readIndex].breakpoint ?? "5m";
      this.stored.put(boundaries[readIndex].key, TTL_MS[ttl]); // a hit refreshes the entry
    }

    // Write: every breakpoint past the hit whose prefix reaches the model's minimum.
    let cacheCreation5m = 0;
    let cacheCreation1h = 0;
    let writtenUpTo = cacheReadTokens;
    for (let i = readIndex + 1; i <= lastBreakpoint; i++) {
      const boundary = boundaries[i];
      if (!boundary.breakpoint || boundary.tokens < minimumTokens) continue;
      const span = boundary.tokens - writtenUpTo;
      if (boundary.breakpoint === "1h") cacheCreation1h += span;
      else cacheCreation5m += span;
      writtenUpTo = boundary.tokens;
      this.stored.put(boundary.key, TTL_MS[boundary.breakpoint]);
    }
    const cacheCreationTokens = cacheCreation5m + cacheCreation1h;
    return {
      totalTokens,
      cacheReadTokens,
      cacheCreationTokens,
      cacheCreation5m,
      cacheCreation1h,
      uncachedTokens: totalTokens - cacheReadTokens - cacheCreationTokens,
    };
  }

  clear() {
    this.stored.clear();
  }
}

/** Anthropic's documented minimum cacheable prompt length per model family. */
export function anthropicMinimumCacheableTokens(model: string): number {
  if (/haiku-(4-5|5)|opus-(4-[5-9]|5)|mythos|fable/.test(model)) return 4096;
  if (/haiku-3|3-5-haiku|3-haiku/.test(model)) return 2048;
  return 1024;
}

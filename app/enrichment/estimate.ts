import type { z } from "zod";
import type { CatalogProduct } from "../catalog/product";
import { costOf, type CacheWriteTtl, type CostBreakdown } from "../pricing/cost";
import type { Prices } from "../pricing/price-table";
import { strictJsonSchema } from "../providers/output-schema";
import type { NormalizedUsage } from "../providers/usage";
import { addUsage, EMPTY_USAGE } from "../providers/usage";
import { createPromptBuilder, type EnrichmentPrompt, type JobPromptInput, type PromptBuilder } from "./prompt";
import { OUTPUT_ENVELOPE_TOKENS, type TaskContext, type TaskId } from "./tasks";
import { countTokens } from "./tokens";

// Estimates before spending: input tokens counted with a real tokenizer (o200k_base) on the
// exact prompt that will be sent, expected output tokens per task from the task limits, in the
// one usage shape that pricing turns into money.
//
// What the count includes, and what is approximate:
// - system + user text: counted exactly (o200k_base; other providers' tokenizers differ).
// - the output schema: providers put it into the prompt in their own rendering; we count the
//   tokens of the JSON Schema the adapters send (providers/output-schema strictJsonSchema,
//   compact JSON) as the overhead. The provider's own wrapping of it is not public (±20 tokens).
// - chat framing: 3 tokens per message and 3 to prime the reply (OpenAI's documented format),
//   CHAT_FRAMING_TOKENS for the two messages.
// - images: a fixed IMAGE_INPUT_TOKENS each (OpenAI high detail, 1024×1024: 85 + 4 tiles × 170),
//   overridable per model.

export const TOKENS_PER_MESSAGE = 3;
export const REPLY_PRIMING_TOKENS = 3;
export const CHAT_FRAMING_TOKENS = 2 * TOKENS_PER_MESSAGE + REPLY_PRIMING_TOKENS;
export const IMAGE_INPUT_TOKENS = 765;

/** OpenAI caches prompts from 1024 tokens on, in 128-token steps; Anthropic's minimum is 1024–4096 by model. */
export const MIN_CACHEABLE_PREFIX_TOKENS = 1024;
export const CACHE_STEP_TOKENS = 128;

export interface PromptTokenCount {
  system: number;
  user: number;
  /** JSON Schema overhead of the output schema. */
  schema: number;
  framing: number;
  images: number;
  total: number;
  /** The part that is the same for every product of a job: schema + system + its framing. */
  stablePrefix: number;
}

/** Tokens of the output schema as the adapters send it: the overhead of structured output. */
export function schemaOverheadTokens(schema: z.ZodType): number {
  return countTokens(JSON.stringify(strictJsonSchema(schema)));
}

export function countPromptTokens(
  prompt: EnrichmentPrompt,
  opts: { imageTokens?: number; schemaTokens?: number; systemTokens?: number } = {},
): PromptTokenCount {
  const system = opts.systemTokens ?? countTokens(prompt.system);
  const user = countTokens(prompt.prompt);
  const schema = opts.schemaTokens ?? schemaOverheadTokens(prompt.schema);
  const images = prompt.images.length * (opts.imageTokens ?? IMAGE_INPUT_TOKENS);
  const framing = CHAT_FRAMING_TOKENS;
  return {
    system,
    user,
    schema,
    framing,
    images,
    total: system + user + schema + framing + images,
    stablePrefix: schema + system + TOKENS_PER_MESSAGE,
  };
}

/**
 * How the provider caches the stable prefix:
 * - "automatic" (OpenAI, Gemini, DeepSeek): prefixes ≥ 1024 tokens are cached with no write
 *   charge; every request after the first `warmupRequests` reads the prefix from cache.
 * - "explicit" (Anthropic with cache_control): the first request writes the prefix (billed as
 *   cacheWrite), the later ones read it.
 * - "none": no caching (Mistral, Ollama, batch APIs where the discount replaces it).
 * Simplification: the cache is assumed to stay warm for the whole job (it does at a steady
 * request rate; OpenAI keeps prefixes 5-10 minutes idle).
 */
export type CacheMode = "automatic" | "explicit" | "none";

export interface EstimateOptions extends JobPromptInput {
  caching?: CacheMode;
  /** Requests sent before the cache is warm (about the job's concurrency). Default 1. */
  warmupRequests?: number;
  /** The model's smallest cacheable prefix. Default 1024. */
  minCacheableTokens?: number;
  imageTokens?: number;
  /** Keep each item's estimate in the result (off for catalog-sized jobs). Default true. */
  keepItems?: boolean;
}

export interface ItemEstimate {
  productId: string;
  input: PromptTokenCount;
  outputByTask: Partial<Record<TaskId, number>>;
  /** This request's expected usage (cache split applied by its place in the job). */
  usage: NormalizedUsage;
}

export interface JobEstimate {
  itemCount: number;
  usage: NormalizedUsage;
  outputByTask: Partial<Record<TaskId, number>>;
  cache: { mode: CacheMode; prefixTokens: number; cachedTokensPerRequest: number };
  items: ItemEstimate[];
}

function cacheableTokens(prefix: number, min: number): number {
  if (prefix < min) return 0;
  return Math.floor(prefix / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS;
}

/** Usage for one request: input split into cached and uncached by the item's place in the job. */
function usageFor(input: number, output: number, cached: number, index: number, mode: CacheMode, warmup: number): NormalizedUsage {
  let cacheRead = 0;
  let cacheWrite = 0;
  if (cached > 0 && mode !== "none") {
    if (index >= warmup) cacheRead = cached;
    else if (mode === "explicit") cacheWrite = cached;
  }
  return {
    // noCache counts every input token billed at the plain input price; a cache write is billed
    // at the write price instead (Anthropic), so it leaves noCache.
    inputTokens: { total: input, noCache: input - cacheRead - cacheWrite, cacheRead, cacheWrite },
    outputTokens: output,
    characters: 0,
  };
}

/**
 * A running estimate for a job, fed one product at a time (a catalog is streamed, not held):
 * the prompt builder, system and schema token counts are computed once.
 */
export function createJobEstimator(options: EstimateOptions) {
  const builder: PromptBuilder = createPromptBuilder(options);
  const mode = options.caching ?? "automatic";
  const warmup = Math.max(1, options.warmupRequests ?? 1);
  const systemTokens = countTokens(builder.system);
  const schemaTokens = schemaOverheadTokens(builder.schema);
  const prefixTokens = schemaTokens + systemTokens + TOKENS_PER_MESSAGE;
  const cached = mode === "none" ? 0 : cacheableTokens(prefixTokens, options.minCacheableTokens ?? MIN_CACHEABLE_PREFIX_TOKENS);
  const ctx: TaskContext = { attributes: options.instructions.attributes, limits: builder.limits, instructions: options.instructions };
  const keepItems = options.keepItems ?? true;

  let total: NormalizedUsage = EMPTY_USAGE;
  let count = 0;
  const outputByTask: Partial<Record<TaskId, number>> = {};
  const items: ItemEstimate[] = [];

  return {
    /** The estimate for the next product of the job. */
    add(product: CatalogProduct): ItemEstimate {
      const prompt = builder.build(product);
      const input = countPromptTokens(prompt, { imageTokens: options.imageTokens, schemaTokens, systemTokens });
      const perTask: Partial<Record<TaskId, number>> = {};
      let output = OUTPUT_ENVELOPE_TOKENS;
      for (const task of builder.tasks) {
        const tokens = task.expectedOutputTokens(ctx, product);
        perTask[task.id] = tokens;
        outputByTask[task.id] = (outputByTask[task.id] ?? 0) + tokens;
        output += tokens;
      }
      const usage = usageFor(input.total, output, Math.min(cached, input.total), count, mode, warmup);
      const item: ItemEstimate = { productId: product.id, input, outputByTask: perTask, usage };
      total = addUsage(total, usage);
      count++;
      if (keepItems) items.push(item);
      return item;
    },
    result(): JobEstimate {
      return {
        itemCount: count,
        usage: total,
        outputByTask: { ...outputByTask },
        cache: { mode, prefixTokens, cachedTokensPerRequest: cached },
        items: [...items],
      };
    },
  };
}

/** One product's estimate, as the first (uncached) request of a job. */
export function estimateItem(product: CatalogProduct, options: EstimateOptions): ItemEstimate {
  return createJobEstimator({ ...options, keepItems: false }).add(product);
}

/** The job's estimate: every product's, summed (cache reads for items after the warm-up). */
export function estimateJob(products: Iterable<CatalogProduct>, options: EstimateOptions): JobEstimate {
  const estimator = createJobEstimator(options);
  for (const product of products) estimator.add(product);
  return estimator.result();
}

// ── Cost ────────────────────────────────────────────────────────────────────────────────────

/** A price row, a shop override's prices, or priceFor's (ok) answer: whatever costOf takes. */
export type PriceInput = Prices | { prices: Prices };

export interface JobCostEstimate {
  estimate: JobEstimate;
  cost: CostBreakdown;
}

/**
 * The job's estimated cost: the usage estimate × the assigned model's prices (app/pricing's
 * costOf, decimal arithmetic). `batch` bills at the batch prices where the model has them.
 */
export function estimateJobCost(
  products: Iterable<CatalogProduct>,
  prices: PriceInput,
  options: EstimateOptions & { batch?: boolean; cacheWriteTtl?: CacheWriteTtl },
): JobCostEstimate {
  const estimate = estimateJob(products, options);
  return { estimate, cost: costOfEstimate(estimate, prices, options) };
}

/** Cost of an estimate already made (e.g. by a streaming createJobEstimator). */
export function costOfEstimate(
  estimate: Pick<JobEstimate, "usage">,
  prices: PriceInput,
  options: { batch?: boolean; cacheWriteTtl?: CacheWriteTtl } = {},
): CostBreakdown {
  return costOf(estimate.usage, prices, { batch: options.batch, cacheWriteTtl: options.cacheWriteTtl });
}

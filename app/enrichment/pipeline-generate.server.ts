// Generate: each pending item is claimed (a conditional update, so two runners never take the
// same one), its prompt built, the assigned model called through the scheduler, the answer
// checked (finalizeEnrichment) and turned into a proposal. Every provider call goes into the
// ledger, failures included. A failing item never stops the job; a failing provider does: the
// fallback takes over after repeated failures or at once on a failure no retry can fix (wrong
// key, no quota, unknown model), and without a fallback the job pauses with the reason. Before
// each call the budget is checked with that call's estimate: a call that would cross a cap is
// not made, and the job pauses.
import type { JobItem } from "@prisma/client";
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { checkBudget } from "../budget/budgets.server";
import type { CatalogProduct } from "../catalog/product";
import { recordUsageEvent } from "../ledger/ledger.server";
import { costOf, Decimal, toDecimal } from "../pricing/cost";
import { guardedFetch } from "../providers/base-url-guard.server";
import { createProvider } from "../providers/factory.server";
import { ProviderError, type ProviderErrorKind } from "../providers/provider-error";
import type { GenerateResult } from "../providers/types";
import { EMPTY_USAGE } from "../providers/usage";
import { ProviderKeyNotFoundError, withDecryptedKey } from "../vault/provider-keys.server";
import type { AssignedModel } from "../assignments/assignments.server";
import { claimPendingItems, jsonOf } from "../jobs/job-store.server";
import type { ItemEstimateDoc, Lane } from "../jobs/job-types";
import { itemStatusOf, proposalFromResult } from "../jobs/proposal";
import { finalizeEnrichment } from "./output";
import type { EnrichmentPrompt } from "./prompt";
import type { JobRun } from "./pipeline-run.server";

export type GenerateOutcome =
  /** No pending item is left and none is being generated. */
  | "done"
  /** Nothing left for this runner, but other runners are still generating. */
  | "waiting"
  /** The job was paused or cancelled (by the merchant, or for a provider problem). */
  | "stopped"
  /** The next call would cross a budget cap: the job was paused. */
  | "budget";

type ItemOutcome = "ok" | "failed" | "retry" | "budget" | "stop";

/** Failures no retry of the same call can fix: the key, the account or the model is the problem. */
const LANE_FATAL: ReadonlySet<ProviderErrorKind> = new Set(["auth", "quota", "unknown_model", "refused_url", "bad_request"]);

let defaultProviderFetch: typeof fetch | undefined;
function providerFetch(run: JobRun): typeof fetch {
  if (run.deps.providerFetch) return run.deps.providerFetch;
  // Bound late, so a replaced globalThis.fetch (the demo's simulator routing) is honoured.
  defaultProviderFetch ??= guardedFetch({ fetch: (input, init) => globalThis.fetch(input, init) });
  return defaultProviderFetch;
}

function stringSettings(settings: Record<string, unknown>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, typeof v === "string" ? v : v == null ? undefined : String(v)]));
}

function asProviderError(error: unknown, provider: string): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof ProviderKeyNotFoundError) {
    return new ProviderError({ kind: "auth", providerId: provider, message: "The provider key for this work was deleted. Assign another key, then resume." });
  }
  return new ProviderError({ kind: "server", providerId: provider, message: `The call failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500) });
}

async function callModel(run: JobRun, assigned: AssignedModel, prompt: EnrichmentPrompt, maxOutputTokens: number, lane: Lane) {
  return withDecryptedKey(run.shop, assigned.providerKeyId, async (credentials) => {
    const provider = createProvider({
      providerId: credentials.provider,
      apiKey: credentials.apiKey,
      baseUrl: credentials.baseUrl ?? undefined,
      settings: stringSettings(credentials.settings),
      fetch: providerFetch(run),
      transport: run.deps.providerTransport,
    });
    if (!provider.textModel) {
      throw new ProviderError({ kind: "bad_request", providerId: credentials.provider, message: `${credentials.provider} cannot write product copy; assign a text model.` });
    }
    return provider.textModel.generate({
      model: assigned.model,
      system: prompt.system,
      prompt: prompt.prompt,
      schema: prompt.schema,
      schemaName: prompt.schemaName,
      images: prompt.images.map((image) => ({ url: image.url })),
      maxOutputTokens,
      cacheSystemPrompt: run.caching(lane) === "explicit",
      signal: run.signal,
    });
  });
}

/** The output limit for an item: room for the expected answer plus a wide margin (a cut answer is wasted money). */
function outputLimit(expected: number): number {
  return Math.max(1024, Math.ceil(expected * 2.5) + 256);
}

async function release(run: JobRun, item: JobItem, data: Prisma.JobItemUpdateManyMutationInput = {}): Promise<void> {
  await prisma.jobItem.updateMany({
    where: { id: item.id, status: "generating", claimedBy: run.deps.workerId },
    data: { status: "pending", claimedBy: null, claimedAt: null, ...data },
  });
}

async function settle(run: JobRun, item: JobItem, data: Prisma.JobItemUpdateManyMutationInput): Promise<boolean> {
  // Only while the claim is still ours: had this runner been taken for dead, the item is someone
  // else's now. claimedBy stays as the record of who generated it.
  const { count } = await prisma.jobItem.updateMany({
    where: { id: item.id, status: "generating", claimedBy: run.deps.workerId },
    data,
  });
  return count === 1;
}

export async function pauseJob(run: JobRun, reason: "budget" | "provider", message: string): Promise<void> {
  const { count } = await prisma.enrichmentJob.updateMany({
    where: { id: run.id, status: { in: ["queued", "running"] } },
    data: { status: "paused", pausedReason: reason, error: message.slice(0, 1000) },
  });
  if (count) run.emit({ type: "job-paused", jobId: run.id, reason, message });
}

async function switchToFallback(run: JobRun, reason: string): Promise<void> {
  run.lane = "fallback";
  const { count } = await prisma.enrichmentJob.updateMany({ where: { id: run.id, activeLane: "primary" }, data: { activeLane: "fallback" } });
  if (count) run.emit({ type: "lane-switched", jobId: run.id, to: "fallback", reason });
}

/** What this item's call is expected to cost on a lane (for the budget check). */
async function expectedCost(run: JobRun, estimate: ItemEstimateDoc | null, lane: Lane): Promise<{ amount: Decimal; currency: string } | null> {
  if (!estimate) return null;
  const price = await run.price(lane);
  if (!price) return null;
  if (lane === "primary" && estimate.cost !== null) return { amount: toDecimal(estimate.cost), currency: price.prices.currency };
  return { amount: costOf(estimate.usage, price.prices).amount, currency: price.prices.currency };
}

async function generateOne(run: JobRun, item: JobItem, stopped: () => boolean): Promise<ItemOutcome> {
  if (stopped()) {
    await release(run, item);
    return "stop";
  }
  const lane = run.lane;
  const assigned = run.assigned(lane);
  const product = jsonOf<CatalogProduct>(item.product);
  const estimate = jsonOf<ItemEstimateDoc | null>(item.estimate);

  let prompt: EnrichmentPrompt;
  try {
    prompt = run.builder().build(product);
  } catch (error) {
    await settle(run, item, { status: "failed", attempts: { increment: 1 }, error: `Could not build the request: ${(error as Error).message}`.slice(0, 1000) });
    return "failed";
  }

  const expected = await expectedCost(run, estimate, lane);
  if (expected && !run.job.preview) {
    const check = await checkBudget({
      shop: run.shop,
      context: run.config.context,
      additionalCost: run.reserved.add(expected.amount),
      currency: expected.currency,
      subject: "The next call",
    });
    if (!check.ok) {
      await release(run, item);
      await pauseJob(run, "budget", `${check.message} The job is paused before that call; raise the cap or wait for next month, then resume.`);
      return "budget";
    }
  }
  const reservation = expected?.amount ?? new Decimal(0);
  run.reserved = run.reserved.add(reservation);

  const expectedOutput = estimate?.usage.outputTokens ?? 600;
  const maxOutputTokens = outputLimit(expectedOutput);
  const started = Date.now();
  let result: GenerateResult<unknown>;
  try {
    result = await run.deps.scheduler.schedule(
      { providerKeyId: assigned.providerKeyId, model: assigned.model },
      { inputTokens: estimate?.usage.inputTokens.total ?? 2000, outputTokens: expectedOutput, maxOutputTokens },
      () => callModel(run, assigned, prompt, maxOutputTokens, lane),
      { signal: run.signal },
    );
  } catch (thrown) {
    run.reserved = run.reserved.sub(reservation);
    if (run.signal?.aborted) throw thrown; // the runner is stopping: the claim is recovered later
    return failedCall(run, item, lane, assigned, asProviderError(thrown, assigned.provider), Date.now() - started);
  }
  run.reserved = run.reserved.sub(reservation);
  run.failures[lane] = 0;

  const price = await run.price(lane);
  const recorded = await recordUsageEvent({
    shop: run.shop,
    provider: assigned.provider,
    model: result.model || assigned.model,
    context: run.config.context,
    providerKeyId: assigned.providerKeyId,
    jobId: run.id,
    itemId: item.id,
    usage: result.usage,
    latencyMs: result.latencyMs,
    outcome: "ok",
    price: price ?? undefined,
  });

  const finalized = finalizeEnrichment(result.object, {
    product,
    tasks: run.config.tasks,
    shopDomain: run.shop,
    instructions: run.config.instructions,
  });
  const common = {
    attempts: { increment: 1 },
    lane,
    usage: result.usage as unknown as Prisma.InputJsonValue,
    cost: recorded.cost?.toFixed() ?? null,
  };
  const fatal = finalized.errors.filter((e) => e.fatal);
  if (fatal.length) {
    await settle(run, item, { ...common, status: "failed", error: `The answer could not be used: ${fatal.map((e) => e.message).join("; ")}`.slice(0, 1000) });
    run.emit({ type: "item-failed", jobId: run.id, itemId: item.id, error: fatal[0]!.message });
    return "failed";
  }
  const proposal = proposalFromResult(finalized, run.job.preview ? "review" : run.config.mode, { provider: assigned.provider, model: result.model || assigned.model });
  const status = itemStatusOf(proposal);
  const ok = await settle(run, item, { ...common, status, error: null, proposal: proposal as unknown as Prisma.InputJsonValue });
  if (ok) run.emit({ type: "item-generated", jobId: run.id, itemId: item.id, status, lane });
  return "ok";
}

async function failedCall(run: JobRun, item: JobItem, lane: Lane, assigned: AssignedModel, error: ProviderError, latencyMs: number): Promise<ItemOutcome> {
  const price = await run.price(lane);
  await recordUsageEvent({
    shop: run.shop,
    provider: assigned.provider,
    model: assigned.model,
    context: run.config.context,
    providerKeyId: assigned.providerKeyId,
    jobId: run.id,
    itemId: item.id,
    usage: error.usage ?? EMPTY_USAGE,
    latencyMs,
    outcome: error.kind,
    errorMessage: error.message,
    price: price ?? undefined,
  });
  run.failures[lane]++;
  const laneFatal = LANE_FATAL.has(error.kind);
  const fallback = run.config.assignment.fallback;

  if (lane === "primary" && fallback && run.lane === "primary" && (laneFatal || run.failures.primary >= run.settings.fallbackAfterFailures)) {
    await switchToFallback(run, laneFatal ? error.message : `${run.failures.primary} failures in a row: ${error.message}`);
    await release(run, item); // tried again on the fallback, not counted against the item
    return "retry";
  }
  if (lane === "primary" && run.lane === "fallback") {
    await release(run, item); // another call switched lanes meanwhile: this item goes to the fallback too
    return "retry";
  }
  if (laneFatal) {
    await release(run, item);
    await pauseJob(run, "provider", `${error.message} The job is paused; fix the key or the assignment, then resume.`);
    return "stop";
  }
  const attempts = item.attempts + 1;
  if (error.transient && attempts < run.settings.maxAttempts) {
    await release(run, item, { attempts, error: error.message.slice(0, 1000) });
    return "retry";
  }
  await settle(run, item, {
    status: "failed",
    attempts,
    lane,
    usage: (error.usage ?? EMPTY_USAGE) as unknown as Prisma.InputJsonValue,
    error: error.message.slice(0, 1000),
  });
  run.emit({ type: "item-failed", jobId: run.id, itemId: item.id, error: error.message });
  return "failed";
}

/**
 * Generates the job's pending items with up to `generateConcurrency` calls in flight, claiming
 * more as calls finish, until none is left or the job stops. `afterClaim` runs between claims
 * (the pipeline writes approved items there when enough have piled up).
 */
export async function generateItems(run: JobRun, afterClaim?: () => Promise<void>): Promise<GenerateOutcome> {
  for (;;) {
    const stop = await generateRound(run, afterClaim);
    if (stop) return stop;
    const generating = await prisma.jobItem.count({ where: { jobId: run.id, status: "generating" } });
    if (generating > 0) return "waiting";
    // Items released for another try after the last claim: go round again.
    const pending = await prisma.jobItem.count({ where: { jobId: run.id, status: "pending" } });
    if (pending === 0) return "done";
  }
}

async function generateRound(run: JobRun, afterClaim?: () => Promise<void>): Promise<"stopped" | "budget" | null> {
  let stop: "stopped" | "budget" | null = null;
  const queue: JobItem[] = [];
  let exhausted = false;
  let claiming: Promise<void> | null = null;

  const refill = async () => {
    if (afterClaim) await afterClaim();
    const job = await run.refresh();
    if (job.status !== "running" && job.status !== "queued") {
      stop ??= "stopped";
      return;
    }
    const items = await claimPendingItems(run.id, run.deps.workerId, run.settings.generateConcurrency * 2);
    if (items.length === 0) exhausted = true;
    queue.push(...items);
  };

  const next = async (): Promise<JobItem | null> => {
    while (queue.length === 0 && !exhausted && !stop) {
      claiming ??= refill().finally(() => (claiming = null));
      await claiming;
    }
    return stop ? null : (queue.shift() ?? null);
  };

  const slot = async () => {
    for (let item = await next(); item; item = await next()) {
      run.signal?.throwIfAborted();
      const outcome = await generateOne(run, item, () => stop !== null);
      if (outcome === "budget") stop = "budget";
      else if (outcome === "stop") stop ??= "stopped";
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, run.settings.generateConcurrency) }, slot));
  // Claimed but never started (the job stopped meanwhile): back to pending.
  for (const item of queue.splice(0)) await release(run, item);
  return stop;
}

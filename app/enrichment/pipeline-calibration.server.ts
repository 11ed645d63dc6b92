// Estimates learn from this shop's own runs. Input tokens are counted exactly on the prompt;
// output tokens can only be expected (per task, from its limits) — and what a model actually
// writes for a shop's products (how many attributes its data states, how long its copy runs)
// differs. Every earlier call of the same model on the same work (previews included) left its
// real output in the ledger beside the item's expectation: their ratio corrects the next estimate.
import prisma from "../db.server";
import type { NormalizedUsage } from "../providers/usage";
import { jsonOf } from "../jobs/job-store.server";
import type { ItemEstimateDoc } from "../jobs/job-types";

export interface OutputCalibration {
  /** Actual output tokens ÷ expected, over `samples` earlier calls (1 = no correction). */
  ratio: number;
  samples: number;
}

export const NO_CALIBRATION: OutputCalibration = { ratio: 1, samples: 0 };

/** Fewer samples than this leave the expectation as it is. */
const MIN_SAMPLES = 3;
const MAX_SAMPLES = 500;
/** A correction is never larger than this either way (one odd run must not distort the next). */
const MAX_FACTOR = 2;

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export async function outputCalibration(input: {
  shop: string;
  provider: string;
  model: string;
  context: string;
  tasks: readonly string[];
  attributeKeys: readonly string[];
}): Promise<OutputCalibration> {
  const calls = await prisma.usageEvent.findMany({
    where: { shop: input.shop, provider: input.provider, context: input.context, outcome: "ok", itemId: { not: null }, model: { startsWith: input.model } },
    orderBy: { createdAt: "desc" },
    take: MAX_SAMPLES,
    select: { itemId: true, outputTokens: true },
  });
  if (calls.length < MIN_SAMPLES) return NO_CALIBRATION;
  const items = await prisma.jobItem.findMany({
    where: { id: { in: calls.map((c) => c.itemId!) } },
    select: { id: true, estimate: true, job: { select: { tasks: true, attributes: true } } },
  });
  const expectedById = new Map<string, number>();
  for (const item of items) {
    const tasks = jsonOf<string[]>(item.job.tasks);
    const keys = jsonOf<{ key: string }[]>(item.job.attributes).map((a) => a.key);
    const estimate = jsonOf<ItemEstimateDoc | null>(item.estimate);
    // Only the same work: the same tasks and attributes (the expectation is per task and attribute).
    if (!estimate || !sameList(tasks, input.tasks) || !sameList(keys, input.attributeKeys)) continue;
    const expected = estimate.expectedOutputTokens ?? estimate.usage.outputTokens;
    if (expected > 0) expectedById.set(item.id, expected);
  }
  let actual = 0;
  let expected = 0;
  let samples = 0;
  for (const call of calls) {
    const e = expectedById.get(call.itemId!);
    if (e === undefined) continue;
    actual += call.outputTokens;
    expected += e;
    samples++;
  }
  if (samples < MIN_SAMPLES || expected === 0) return NO_CALIBRATION;
  const ratio = Math.min(MAX_FACTOR, Math.max(1 / MAX_FACTOR, actual / expected));
  return { ratio: Math.round(ratio * 1000) / 1000, samples };
}

/** The usage with its output tokens corrected. */
export function calibrated(usage: NormalizedUsage, calibration: OutputCalibration): NormalizedUsage {
  if (calibration.ratio === 1) return usage;
  return { ...usage, outputTokens: Math.round(usage.outputTokens * calibration.ratio) };
}

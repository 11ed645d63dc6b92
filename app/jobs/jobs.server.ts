// What routes call: the job store's functions, with this process's job runtime started first so
// a new or resumed job is picked up at once. Routes stay thin: authenticate, parse, call one of these.
import { advanceJob, revertJobItems } from "../enrichment/pipeline.server";
import * as store from "./job-store.server";
import { appPipelineDeps, ensureJobRuntime } from "./runtime.server";
import { heartbeat, newWorkerId, retireWorker } from "./workers.server";

export {
  cancelJob,
  decideAll,
  decideFields,
  getItem,
  getJob,
  getJobView,
  listItems,
  listJobs,
  pauseJob,
  JobInputError,
  JobNotFoundError,
  JobStateError,
  type CreateJobInput,
  type FieldDecisionInput,
  type JobView,
} from "./job-store.server";

export async function createEnrichmentJob(input: store.CreateJobInput) {
  await ensureJobRuntime();
  return store.createJob(input);
}

export async function startEnrichmentJob(shop: string, jobId: string) {
  await ensureJobRuntime();
  return store.startJob(shop, jobId);
}

export async function resumeEnrichmentJob(shop: string, jobId: string) {
  await ensureJobRuntime();
  return store.resumeJob(shop, jobId);
}

export async function publishEnrichmentJob(shop: string, jobId: string) {
  await ensureJobRuntime();
  return store.publishJob(shop, jobId);
}

export async function revertEnrichmentJob(shop: string, jobId: string) {
  await ensureJobRuntime();
  return store.requestJobRevert(shop, jobId);
}

/** Runs `fn` as a short-lived worker of this request (its claims are released when it ends). */
async function asRequestWorker<T>(fn: (workerId: string) => Promise<T>): Promise<T> {
  const workerId = newWorkerId("request");
  await heartbeat(workerId);
  try {
    return await fn(workerId);
  } finally {
    await retireWorker(workerId).catch(() => {});
  }
}

/**
 * "Preview on 3 products": real calls on a sample of the selection (the first products when it is
 * a filter or the whole catalog), never written. Runs within the request and returns the preview
 * job, whose items carry the proposals (and whose calls are in the ledger).
 */
export async function previewEnrichment(input: Omit<store.CreateJobInput, "preview" | "mode" | "autoStart">, sampleSize = 3) {
  const scope = input.scope.kind === "ids" ? { kind: "ids" as const, ids: input.scope.ids.slice(0, sampleSize) } : input.scope;
  const job = await store.createJob({ ...input, scope, preview: true, mode: "review" });
  const deps = appPipelineDeps();
  await asRequestWorker(async (workerId) => {
    const run = { ...deps, workerId, settings: { ...deps.settings, previewSize: sampleSize } };
    for (let step = 0; step < 10; step++) {
      await advanceJob(run, job.id);
      const current = await store.getJob(input.shop, job.id);
      if (!["queued", "running"].includes(current.status)) break;
    }
  });
  return store.getJobView(input.shop, job.id);
}

/** Reverts a few written items now, from the diff view (direct mutations). */
export async function revertItemsNow(shop: string, jobId: string, itemIds: string[]) {
  return asRequestWorker((workerId) => revertJobItems({ ...appPipelineDeps(), workerId }, shop, jobId, itemIds));
}

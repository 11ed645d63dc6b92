// The enrichment pipeline, one direction: pull → estimate → generate → (review) → write → done;
// and revert. `advanceJob` takes a job as far as it can go now and returns; it is safe to call
// again at any time (after a crash, from another runner at the same time): every step either
// holds the job's lease (pull) or claims its items with conditional updates (generate, write),
// and every step's progress is in the database.
import prisma from "../db.server";
import { acquireJobLease, countItems, releaseJobLease, recoverStaleClaims, skipCancelledItems } from "../jobs/job-store.server";
import type { JobCounts, JobStatus } from "../jobs/job-types";
import { heartbeat } from "../jobs/workers.server";
import { generateItems } from "./pipeline-generate.server";
import { pullAndEstimate } from "./pipeline-pull.server";
import { JobRun, type PipelineDeps } from "./pipeline-run.server";
import { revertItems, writeApproved } from "./pipeline-write.server";
import { EnrichmentConfigError } from "./prompt";

export { DEFAULT_PIPELINE_SETTINGS, JobRun, type PipelineDeps, type PipelineEvent, type PipelineSettings } from "./pipeline-run.server";

export type AdvanceResult =
  /** Nothing more to do now: finished, paused, awaiting the merchant, or another runner has the rest. */
  | { state: "idle"; status: string }
  | { state: "missing" };

const RUNNABLE: readonly string[] = ["queued", "running"];

async function markRunning(run: JobRun): Promise<void> {
  if (run.job.status === "queued") {
    await prisma.enrichmentJob.updateMany({
      where: { id: run.id, status: "queued" },
      data: { status: "running", startedAt: run.job.startedAt ?? new Date() },
    });
  }
  await run.refresh();
}

async function failJob(run: JobRun, message: string): Promise<void> {
  await prisma.enrichmentJob.updateMany({
    where: { id: run.id, status: { in: ["queued", "running"] } },
    data: { status: "failed", error: message.slice(0, 1000), finishedAt: new Date() },
  });
  run.emit({ type: "job-finished", jobId: run.id, status: "failed" });
}

function waitingForReview(counts: JobCounts): boolean {
  return (counts.byStatus.generated ?? 0) + (counts.byStatus.needs_review ?? 0) > 0;
}

/**
 * Ends the job when nothing is left in flight: awaiting_review while results wait for a person,
 * completed otherwise. Only from running/queued, so a pause or cancel meanwhile wins.
 */
async function finish(run: JobRun, phase: "write" | "revert"): Promise<void> {
  const counts = await countItems(run.id);
  const inFlight = (counts.byStatus.pending ?? 0) + (counts.byStatus.generating ?? 0) + (counts.byStatus.writing ?? 0) + (counts.byStatus.approved ?? 0);
  if (inFlight > 0) return; // another runner is still at it
  const review = phase === "write" && waitingForReview(counts);
  const status: JobStatus = review ? "awaiting_review" : "completed";
  const { count } = await prisma.enrichmentJob.updateMany({
    where: { id: run.id, status: { in: ["queued", "running"] }, phase },
    data: {
      status,
      phase: review ? "write" : "done",
      counts: counts as object,
      finishedAt: review ? null : new Date(),
      actualCost: (await prisma.usageEvent.aggregate({ where: { jobId: run.id }, _sum: { cost: true } }))._sum.cost ?? null,
    },
  });
  if (count) run.emit({ type: "job-finished", jobId: run.id, status });
}

/**
 * Takes the job as far as it can go now. Resumes wherever the database says it stands: a pull
 * with a stored bulk operation polls it, items left generating by a gone runner are generated
 * again, a submitted bulk write is polled rather than submitted again.
 */
export async function advanceJob(deps: PipelineDeps, jobId: string): Promise<AdvanceResult> {
  const job = await prisma.enrichmentJob.findUnique({ where: { id: jobId } });
  if (!job) return { state: "missing" };
  const run = new JobRun(deps, job);
  await heartbeat(deps.workerId);
  await recoverStaleClaims(run.settings.staleWorkerMs, { jobId });

  for (;;) {
    deps.signal?.throwIfAborted();
    await run.refresh();
    if (!RUNNABLE.includes(run.job.status)) {
      // Even a paused or cancelled job finishes a bulk write Shopify already has.
      if (await hasUnfinishedWrites(run)) await writeApproved(run, { onlyUnfinished: true });
      if (run.job.status === "cancelled") await skipCancelledItems(run.id);
      return { state: "idle", status: run.job.status };
    }
    await markRunning(run);
    try {
      switch (run.job.phase) {
        case "pull": {
          if (!(await acquireJobLease(run.id, deps.workerId, run.settings.staleWorkerMs))) return { state: "idle", status: run.job.status };
          try {
            if (run.job.phase === "pull") await pullAndEstimate(run);
          } finally {
            await releaseJobLease(run.id, deps.workerId);
          }
          continue;
        }
        case "generate": {
          const outcome = await generateItems(run, async () => {
            const approved = await prisma.jobItem.count({ where: { jobId: run.id, status: "approved", writeBatchId: null } });
            if (approved >= run.settings.writeWhileGeneratingAt && !run.job.preview) await writeApproved(run);
          });
          if (outcome === "budget") {
            // What was generated and approved before the cap is complete: write it, keep the rest pending.
            if (!run.job.preview) await writeApproved(run);
            continue;
          }
          if (outcome === "stopped") continue; // paused or cancelled: the loop's check ends it
          if (outcome === "waiting") return { state: "idle", status: (await run.refresh()).status };
          await prisma.enrichmentJob.updateMany({ where: { id: run.id, phase: "generate" }, data: { phase: "write" } });
          continue;
        }
        case "write": {
          if (!run.job.preview) await writeApproved(run);
          await finish(run, "write");
          const status = (await run.refresh()).status;
          if (RUNNABLE.includes(status)) return { state: "idle", status }; // others still writing
          continue;
        }
        case "revert": {
          await revertItems(run);
          await finish(run, "revert");
          const status = (await run.refresh()).status;
          if (RUNNABLE.includes(status)) return { state: "idle", status };
          continue;
        }
        default: {
          await finish(run, "write");
          await prisma.enrichmentJob.updateMany({
            where: { id: run.id, status: { in: ["queued", "running"] }, phase: "done" },
            data: { status: "completed", finishedAt: new Date() },
          });
          continue;
        }
      }
    } catch (error) {
      if (deps.signal?.aborted) throw error;
      if (error instanceof EnrichmentConfigError) {
        await failJob(run, error.message);
        continue;
      }
      throw error;
    }
  }
}

async function hasUnfinishedWrites(run: JobRun): Promise<boolean> {
  const count = await prisma.jobWriteBatch.count({ where: { jobId: run.id, kind: "write", status: { not: "done" }, owner: null } });
  return count > 0;
}

/** Reverts some written items of a job now (a handful: direct mutations), e.g. from the diff view. */
export async function revertJobItems(deps: PipelineDeps, shop: string, jobId: string, itemIds: string[]) {
  const job = await prisma.enrichmentJob.findFirst({ where: { id: jobId, shop } });
  if (!job) throw new Error("This job does not exist.");
  await heartbeat(deps.workerId);
  return revertItems(new JobRun(deps, job), itemIds);
}

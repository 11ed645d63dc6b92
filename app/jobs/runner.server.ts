// The in-process job runner (the default: no services besides the database). A loop in the app
// server's process that keeps a heartbeat, recovers claims of runners that are gone, and takes
// every runnable job as far as it can go. Restarting the process resumes every job from the
// state in the database. The same class runs inside `npm run worker` when there is no Redis.
import { shopsIn, type ShopScope } from "./shop-scope";
import { advanceJob, type PipelineDeps } from "../enrichment/pipeline.server";
import prisma from "../db.server";
import { onJobRunnable } from "./job-notifier";
import { jobsWithOrphanBatches, recoverStaleClaims, runnableJobIds } from "./job-store.server";
import { DEFAULT_HEARTBEAT_MS, DEFAULT_STALE_AFTER_MS, heartbeat, newWorkerId, pruneWorkers, retireWorker } from "./workers.server";

export interface JobRunnerOptions {
  deps: Omit<PipelineDeps, "workerId" | "signal"> & { workerId?: string };
  /** How often to look for runnable jobs when nobody signals one (default 2 s). */
  pollIntervalMs?: number;
  heartbeatMs?: number;
  /** Jobs this runner works on at once (default 4). */
  maxConcurrentJobs?: number;
  /** Only these shops' jobs (a dedicated runner); default: every shop's. */
  shops?: ShopScope;
  /** Consecutive unexpected errors after which a job is marked failed (default 5). */
  maxJobErrors?: number;
  log?: (line: string) => void;
}

export class JobRunner {
  readonly workerId: string;
  private readonly controller = new AbortController();
  private readonly active = new Map<string, Promise<void>>();
  private readonly errors = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private again = false;
  private stopped = false;
  private unsubscribe?: () => void;
  private readonly deps: PipelineDeps;

  constructor(private readonly options: JobRunnerOptions) {
    this.workerId = options.deps.workerId ?? newWorkerId("runner");
    this.deps = { ...options.deps, workerId: this.workerId, signal: this.controller.signal };
  }

  private get staleAfterMs(): number {
    return this.options.deps.settings?.staleWorkerMs ?? DEFAULT_STALE_AFTER_MS;
  }

  async start(): Promise<this> {
    await heartbeat(this.workerId);
    const every = this.options.heartbeatMs ?? Math.min(DEFAULT_HEARTBEAT_MS, Math.max(50, Math.floor(this.staleAfterMs / 4)));
    this.heartbeatTimer = setInterval(() => void heartbeat(this.workerId).catch(() => {}), every);
    this.heartbeatTimer.unref?.();
    this.unsubscribe = onJobRunnable(() => this.wake());
    this.schedule(0);
    return this;
  }

  /** Looks for work now (a job was created, resumed, published…). */
  wake(): void {
    if (this.stopped) return;
    if (this.sweeping) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.sweep(), ms);
    this.timer.unref?.();
  }

  private async sweep(): Promise<void> {
    if (this.stopped || this.sweeping) return;
    this.sweeping = (async () => {
      try {
        const filter = { shops: shopsIn(this.options.shops) };
        await recoverStaleClaims(this.staleAfterMs, filter);
        const ids = [...new Set([...(await runnableJobIds(50, filter)), ...(await jobsWithOrphanBatches(50, filter))])];
        for (const id of ids) {
          if (this.active.size >= (this.options.maxConcurrentJobs ?? 4)) break;
          if (!this.active.has(id)) this.active.set(id, this.run(id));
        }
        if (Math.random() < 0.01) await pruneWorkers();
      } catch (error) {
        if (!this.stopped) this.options.log?.(`[jobs] sweep failed: ${message(error)}`);
      }
    })();
    await this.sweeping;
    this.sweeping = undefined;
    const again = this.again;
    this.again = false;
    this.schedule(again ? 0 : (this.options.pollIntervalMs ?? 2000));
  }

  private async run(jobId: string): Promise<void> {
    try {
      await advanceJob(this.deps, jobId);
      this.errors.delete(jobId);
    } catch (error) {
      if (this.stopped) return;
      const count = (this.errors.get(jobId) ?? 0) + 1;
      this.errors.set(jobId, count);
      this.options.log?.(`[jobs] job ${jobId} step failed (${count}): ${message(error)}`);
      if (count >= (this.options.maxJobErrors ?? 5)) {
        await prisma.enrichmentJob
          .updateMany({
            where: { id: jobId, status: { in: ["queued", "running"] } },
            data: { status: "failed", error: `Stopped after repeated errors: ${message(error)}`.slice(0, 1000), finishedAt: new Date() },
          })
          .catch(() => {});
        this.errors.delete(jobId);
      }
    } finally {
      this.active.delete(jobId);
      if (!this.stopped) this.wake();
    }
  }

  /** Resolves when every job this runner took has reached a point where it waits (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.active.size > 0 || this.sweeping) {
      await Promise.allSettled([...this.active.values(), this.sweeping]);
    }
  }

  /**
   * Stops: calls in flight are abandoned, this runner's claims are released at once (a clean
   * stop need not wait for its heartbeat to go stale) and the heartbeat stops.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    clearInterval(this.heartbeatTimer);
    this.controller.abort(new Error("job runner stopping"));
    await Promise.allSettled([...this.active.values(), this.sweeping]);
    await releaseClaims(this.workerId).catch(() => {});
    await retireWorker(this.workerId).catch(() => {});
  }
}

/** Gives back everything a worker holds (used on a clean stop). */
export async function releaseClaims(workerId: string): Promise<void> {
  await prisma.jobItem.updateMany({ where: { status: "generating", claimedBy: workerId }, data: { status: "pending", claimedBy: null, claimedAt: null } });
  await prisma.jobWriteBatch.updateMany({ where: { owner: workerId, status: { not: "done" } }, data: { owner: null } });
  await prisma.enrichmentJob.updateMany({ where: { leaseOwner: workerId }, data: { leaseOwner: null } });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Beyond one machine: with REDIS_URL set, "this job can advance" becomes a BullMQ message, and
// any number of worker processes (`npm run worker`) take them. A message only says which job; the
// job's state stays in the database, and items are claimed there with conditional updates, so two
// workers on the same job split its items and never generate or write one twice. Each job gets a
// few messages (slots), so several workers can work on one large job at once. A sweep in every
// worker re-sends messages for runnable jobs, so a lost message or a dead worker only delays work.
import { shopsIn, type ShopScope } from "./shop-scope";
import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { advanceJob, type PipelineDeps } from "../enrichment/pipeline.server";
import { onJobRunnable } from "./job-notifier";
import { jobsWithOrphanBatches, recoverStaleClaims, runnableJobIds } from "./job-store.server";
import { releaseClaims } from "./runner.server";
import { DEFAULT_STALE_AFTER_MS, heartbeat, newWorkerId, retireWorker } from "./workers.server";

export const QUEUE_NAME = "byok-enrichment";

/** Redis key prefix of the queue (separate installs or test runs on one Redis use their own). */
function queuePrefix(): string {
  return process.env.JOB_QUEUE_PREFIX || "bull";
}

export interface AdvanceMessage {
  jobId: string;
}

function redisConnection(url: string): Redis {
  // BullMQ's blocking commands need maxRetriesPerRequest: null.
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** Sends "advance" messages: the app server uses this instead of running jobs itself. */
export class JobQueueProducer {
  private readonly connection: Redis;
  readonly queue: Queue<AdvanceMessage>;
  private unsubscribe?: () => void;

  constructor(
    redisUrl: string,
    /** Messages per job: how many workers may work on one job at once. */
    private readonly slots = 4,
  ) {
    this.connection = redisConnection(redisUrl);
    this.queue = new Queue<AdvanceMessage>(QUEUE_NAME, { connection: this.connection, prefix: queuePrefix() });
  }

  /** Relays the app's "job runnable" signals to the queue. */
  listen(): this {
    this.unsubscribe = onJobRunnable((jobId) => this.enqueue(jobId));
    return this;
  }

  /**
   * One message per slot, with a fixed id: while a slot's message waits or runs, repeated
   * signals add nothing (BullMQ keeps ids unique); a running slot re-reads the database anyway,
   * and the sweep covers a signal that arrived just as a slot finished.
   */
  async enqueue(jobId: string): Promise<void> {
    await this.queue.addBulk(
      Array.from({ length: this.slots }, (_, slot) => ({
        name: "advance",
        data: { jobId },
        opts: { jobId: `${jobId}-${slot}`, removeOnComplete: true, removeOnFail: true },
      })),
    );
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.queue.close();
    this.connection.disconnect();
  }
}

export interface QueueWorkerOptions {
  redisUrl: string;
  deps: Omit<PipelineDeps, "workerId" | "signal"> & { workerId?: string };
  /** Messages this process handles at once (default 4). */
  concurrency?: number;
  /** How often the sweep re-sends messages for runnable jobs (default 5 s). */
  sweepIntervalMs?: number;
  slots?: number;
  /** Only these shops' jobs (a dedicated worker pool); default: every shop's. */
  shops?: ShopScope;
  log?: (line: string) => void;
}

/** A worker process's side: takes messages and advances their jobs. */
export class JobQueueWorker {
  readonly workerId: string;
  private readonly controller = new AbortController();
  private readonly connection: Redis;
  private readonly producer: JobQueueProducer;
  private worker?: Worker<AdvanceMessage>;
  private timer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private readonly deps: PipelineDeps;

  constructor(private readonly options: QueueWorkerOptions) {
    this.workerId = options.deps.workerId ?? newWorkerId("queue-worker");
    this.deps = { ...options.deps, workerId: this.workerId, signal: this.controller.signal };
    this.connection = redisConnection(options.redisUrl);
    this.producer = new JobQueueProducer(options.redisUrl, options.slots);
  }

  private get staleAfterMs(): number {
    return this.options.deps.settings?.staleWorkerMs ?? DEFAULT_STALE_AFTER_MS;
  }

  async start(): Promise<this> {
    await heartbeat(this.workerId);
    this.heartbeatTimer = setInterval(() => void heartbeat(this.workerId).catch(() => {}), Math.max(50, Math.floor(this.staleAfterMs / 4)));
    this.worker = new Worker<AdvanceMessage>(
      QUEUE_NAME,
      async (job: Job<AdvanceMessage>) => {
        await advanceJob(this.deps, job.data.jobId);
      },
      { connection: this.connection, concurrency: this.options.concurrency ?? 4, prefix: queuePrefix() },
    );
    this.worker.on("failed", (job, error) => {
      if (!this.controller.signal.aborted) this.options.log?.(`[worker] job ${job?.data.jobId} step failed: ${error.message}`);
    });
    const sweep = async () => {
      try {
        const filter = { shops: shopsIn(this.options.shops) };
        await recoverStaleClaims(this.staleAfterMs, filter);
        for (const id of new Set([...(await runnableJobIds(50, filter)), ...(await jobsWithOrphanBatches(50, filter))])) await this.producer.enqueue(id);
      } catch (error) {
        if (!this.controller.signal.aborted) this.options.log?.(`[worker] sweep failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    await sweep();
    this.timer = setInterval(() => void sweep(), this.options.sweepIntervalMs ?? 5000);
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.heartbeatTimer);
    this.controller.abort(new Error("worker stopping"));
    await this.worker?.close(true).catch(() => {});
    await this.producer.close().catch(() => {});
    this.connection.disconnect();
    await releaseClaims(this.workerId).catch(() => {});
    await retireWorker(this.workerId).catch(() => {});
  }
}

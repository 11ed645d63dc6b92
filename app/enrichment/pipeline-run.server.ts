// What one runner needs to work on one job: its dependencies (Shopify access, the provider call
// scheduler, settings), the job's snapshotted configuration, and what is worth computing once
// per job (the prompt builder, prices). Shared by the pipeline's steps.
import type { EnrichmentJob } from "@prisma/client";
import prisma from "../db.server";
import type { ShopifyAdmin } from "../catalog/admin-client";
import type { WaitOptions } from "../catalog/bulk-operation";
import { Decimal } from "../pricing/cost";
import { priceFor, type KnownPrice } from "../pricing/prices.server";
import type { CreateProviderOptions } from "../providers/factory.server";
import { getProviderDefinition } from "../providers/registry";
import type { CallScheduler } from "../jobs/scheduler-port";
import { jobConfig, type JobConfig } from "../jobs/job-store.server";
import type { AssignedModel } from "../assignments/assignments.server";
import type { Lane } from "../jobs/job-types";
import { createPromptBuilder, type PromptBuilder } from "./prompt";
import type { CacheMode } from "./estimate";

export interface PipelineSettings {
  /** Items one runner generates at once (the scheduler may allow fewer per key). */
  generateConcurrency: number;
  /** Generation attempts per item for transient provider failures. */
  maxAttempts: number;
  /** Consecutive failures of the primary after which the fallback takes over. */
  fallbackAfterFailures: number;
  /** Items per write batch (one staged file and bulk mutation each). */
  writeBatchSize: number;
  /** Up to this many items of a batch are written with direct mutations. */
  directWriteThreshold: number;
  /** Approved items that trigger a write while generation still runs. */
  writeWhileGeneratingAt: number;
  /** Selections of up to this many ids are pulled with nodes(); more with a bulk query. */
  maxNodesSelection: number;
  /** Preview jobs generate at most this many items. */
  previewSize: number;
  /** A worker whose heartbeat is older than this is gone; its claims are recovered. */
  staleWorkerMs: number;
  /** Bulk operation polling. */
  wait: Omit<WaitOptions, "signal">;
}

export const DEFAULT_PIPELINE_SETTINGS: PipelineSettings = {
  generateConcurrency: 8,
  maxAttempts: 3,
  fallbackAfterFailures: 3,
  writeBatchSize: 5000,
  directWriteThreshold: 10,
  writeWhileGeneratingAt: 5000,
  maxNodesSelection: 250,
  previewSize: 3,
  staleWorkerMs: 30_000,
  wait: {},
};

/** Something worth knowing happened (progress display, logs, tests). Never required for correctness. */
export type PipelineEvent =
  | { type: "pulled"; jobId: string; items: number }
  | { type: "item-generated"; jobId: string; itemId: string; status: string; lane: Lane }
  | { type: "item-failed"; jobId: string; itemId: string; error: string }
  | { type: "lane-switched"; jobId: string; to: Lane; reason: string }
  | { type: "job-paused"; jobId: string; reason: string; message: string }
  | { type: "write-submitted"; jobId: string; batchId: string; operationId: string; items: number }
  | { type: "write-done"; jobId: string; batchId: string; written: number; conflicts: number; failed: number }
  | { type: "job-finished"; jobId: string; status: string };

export interface PipelineDeps {
  /** This runner's worker id (heartbeat kept by the runner). */
  workerId: string;
  /** Admin API access for a shop (the app: its offline session). */
  adminFor(shop: string): Promise<ShopifyAdmin>;
  scheduler: CallScheduler;
  /** The fetch providers use: the base-URL guard's in the app. */
  providerFetch?: typeof fetch;
  /** SDK timeouts and retries (tests pass small values). */
  providerTransport?: CreateProviderOptions["transport"];
  settings?: Partial<PipelineSettings>;
  signal?: AbortSignal;
  onEvent?: (event: PipelineEvent) => void;
}

export class JobRun {
  readonly settings: PipelineSettings;
  config: JobConfig;
  lane: Lane;
  /** Consecutive failures per lane seen by this runner. */
  readonly failures: Record<Lane, number> = { primary: 0, fallback: 0 };
  /** Estimated cost of this runner's calls in flight (counted against budgets before the ledger has them). */
  reserved = new Decimal(0);
  private adminPromise?: Promise<ShopifyAdmin>;
  private builderValue?: PromptBuilder;
  private readonly prices = new Map<string, Promise<KnownPrice | null>>();

  constructor(
    readonly deps: PipelineDeps,
    public job: EnrichmentJob,
  ) {
    this.settings = { ...DEFAULT_PIPELINE_SETTINGS, ...deps.settings, wait: { ...DEFAULT_PIPELINE_SETTINGS.wait, ...deps.settings?.wait } };
    this.config = jobConfig(job);
    this.lane = job.activeLane === "fallback" && this.config.assignment.fallback ? "fallback" : "primary";
  }

  get id(): string {
    return this.job.id;
  }

  get shop(): string {
    return this.job.shop;
  }

  get signal(): AbortSignal | undefined {
    return this.deps.signal;
  }

  emit(event: PipelineEvent): void {
    try {
      this.deps.onEvent?.(event);
    } catch {
      // a listener's problem is not the job's
    }
  }

  admin(): Promise<ShopifyAdmin> {
    this.adminPromise ??= this.deps.adminFor(this.shop);
    return this.adminPromise;
  }

  /** Re-reads the job row (status changes by the merchant, the active lane). */
  async refresh(): Promise<EnrichmentJob> {
    this.job = await prisma.enrichmentJob.findUniqueOrThrow({ where: { id: this.job.id } });
    if (this.job.activeLane === "fallback" && this.config.assignment.fallback) this.lane = "fallback";
    return this.job;
  }

  assigned(lane: Lane = this.lane): AssignedModel {
    const model = lane === "fallback" ? this.config.assignment.fallback : this.config.assignment.primary;
    return model ?? this.config.assignment.primary;
  }

  /** The prompt builder for this job's tasks, instructions and data scope (built once). */
  builder(): PromptBuilder {
    this.builderValue ??= createPromptBuilder({
      tasks: this.config.tasks,
      instructions: this.config.instructions,
      dataScope: this.config.assignment.dataScope,
      shopDomain: this.shop,
      imagesEnabled: this.config.tasks.includes("imageAlt"),
    });
    return this.builderValue;
  }

  caching(lane: Lane = this.lane): CacheMode {
    return getProviderDefinition(this.assigned(lane).provider)?.capabilities.promptCaching ?? "none";
  }

  /** The shop's price for a lane's model (null when none is known: calls are recorded unpriced). */
  price(lane: Lane = this.lane): Promise<KnownPrice | null> {
    const { provider, model } = this.assigned(lane);
    const key = `${provider}/${model}`;
    let price = this.prices.get(key);
    if (!price) {
      price = priceFor(this.shop, provider, model).then((p) => (p.ok ? p : null));
      this.prices.set(key, price);
    }
    return price;
  }
}

// The app backend as the admin action extensions see it. The admin adds
// `Authorization: Bearer <id token>` to every fetch to the app's own URL, and resolves relative
// paths against the app URL, so these calls carry no credentials of their own. The shop is
// always the token's: nothing here names one.

export type ExtensionTrigger = "bulk_action" | "product_page";

export interface TaskOption {
  id: string;
  available: boolean;
  /** Why a task cannot be chosen now (e.g. alt text without a vision-capable model). */
  reason: string | null;
}

export interface EnrichmentOptions {
  /** A provider and model can do the work; otherwise `message` says what to set up. */
  ready: boolean;
  message: string | null;
  provider: { name: string; model: string; label: string } | null;
  tasks: TaskOption[];
  defaultTasks: string[];
  maxProducts: number;
}

export interface EstimateSummary {
  itemCount: number;
  /** Decimal string in `currency`; null when no price is known for the model. */
  cost: string | null;
  currency: string;
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  budget: { ok: boolean; message?: string };
}

export interface JobSummary {
  id: string;
  status: string;
  phase: string;
  mode: string;
  itemCount: number;
  estimate: EstimateSummary | null;
  error: string | null;
  /** The job's page in the app, e.g. /app/jobs/<id>. */
  path: string;
}

export class BackendError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "BackendError";
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) },
    });
  } catch {
    throw new BackendError("The app could not be reached. Check your connection and try again.", 0);
  }
  const body = (await response.json().catch(() => null)) as (T & { error?: string }) | null;
  if (!response.ok || body === null) {
    throw new BackendError(body?.error ?? `The app answered ${response.status}.`, response.status);
  }
  return body;
}

const post = <T>(path: string, body: unknown) => call<T>(path, { method: "POST", body: JSON.stringify(body) });

export const backend = {
  options: () => call<EnrichmentOptions>("/api/enrichment/options"),
  /** start: false waits after the estimate (the job's status becomes awaiting_start). */
  createJob: (input: { trigger: ExtensionTrigger; productIds: string[]; tasks: string[]; start: boolean }) =>
    post<{ job: JobSummary }>("/api/enrichment/jobs", input).then((r) => r.job),
  job: (id: string) => call<{ job: JobSummary }>(`/api/enrichment/jobs/${encodeURIComponent(id)}`).then((r) => r.job),
  start: (id: string) => post<{ job: JobSummary }>(`/api/enrichment/jobs/${encodeURIComponent(id)}`, { intent: "start" }).then((r) => r.job),
  cancel: (id: string) => post<{ job: JobSummary }>(`/api/enrichment/jobs/${encodeURIComponent(id)}`, { intent: "cancel" }).then((r) => r.job),
};

/** Still reading products or estimating: the job has no estimate yet and is being worked on. */
export function isEstimating(job: JobSummary): boolean {
  return job.estimate === null && (job.status === "queued" || job.status === "running");
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Polls the job until its estimate is there or it stopped (failed, cancelled). A large
 * selection is read with a bulk query, which takes a while: the wait grows up to 5 s.
 */
export async function waitForEstimate(id: string, signal: AbortSignal): Promise<JobSummary | null> {
  let delay = 700;
  for (;;) {
    const job = await backend.job(id);
    if (!isEstimating(job)) return job;
    await sleep(delay, signal);
    if (signal.aborted) return null;
    delay = Math.min(5000, Math.round(delay * 1.4));
  }
}

/** The admin opens the app at this page (the `app:` protocol resolves against the app URL). */
export function appLink(path: string): string {
  return `app:${path.replace(/^\/+/, "")}`;
}

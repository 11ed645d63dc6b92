// Progress of a job as the merchant reads it: how many products are done out of how many, and
// roughly how long the rest takes at the pace so far. Pure, so the loader computes it once.
import type { ItemStatus, JobCounts } from "../../jobs/job-types";

/** Items still waiting for a provider call. */
const NOT_GENERATED: readonly ItemStatus[] = ["pending", "generating"];
/** Items the write step still has to publish. */
const TO_WRITE: readonly ItemStatus[] = ["approved", "writing"];

export interface JobProgress {
  phase: "reading" | "generating" | "publishing" | "reverting" | "done";
  total: number;
  done: number;
  /** 0–100. */
  percent: number;
  /** Seconds left at the pace so far; null when there is no pace yet or nothing is left. */
  etaSeconds: number | null;
}

function count(counts: JobCounts, statuses: readonly ItemStatus[]): number {
  return statuses.reduce((sum, s) => sum + (counts.byStatus[s] ?? 0), 0);
}

export function jobProgress(input: {
  phase: string;
  status: string;
  counts: JobCounts;
  startedAt: Date | string | null;
  now: Date;
}): JobProgress {
  const { counts } = input;
  const total = counts.total;
  let phase: JobProgress["phase"];
  let done: number;
  if (input.phase === "pull") {
    phase = "reading";
    done = 0;
  } else if (input.phase === "generate") {
    phase = "generating";
    done = total - count(counts, NOT_GENERATED);
  } else if (input.phase === "write") {
    const left = count(counts, TO_WRITE);
    phase = left > 0 ? "publishing" : "done";
    done = total - count(counts, NOT_GENERATED) - (left > 0 ? left : 0);
  } else if (input.phase === "revert") {
    phase = "reverting";
    done = total - (counts.byStatus.written ?? 0);
  } else {
    phase = "done";
    done = total;
  }
  done = Math.max(0, Math.min(done, total));
  const percent = total === 0 ? (phase === "done" ? 100 : 0) : Math.round((done / total) * 100);
  const running = input.status === "running" || input.status === "queued";
  let etaSeconds: number | null = null;
  if (running && input.startedAt && done > 0 && done < total && phase !== "reading") {
    const elapsed = (input.now.getTime() - new Date(input.startedAt).getTime()) / 1000;
    if (elapsed > 0) etaSeconds = Math.round((elapsed / done) * (total - done));
  }
  return { phase, total, done, percent, etaSeconds };
}

/** "less than a minute", "about 4 minutes", "about 2 hours". */
export function formatEta(seconds: number): string {
  if (seconds < 60) return "less than a minute";
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
  const hours = Math.round(minutes / 60);
  return `about ${hours} hours`;
}

// Job runner processes announce themselves with a heartbeat. A claim on an item, a job's lease
// and a write batch name a worker, and stay valid while that worker's heartbeat is fresh: when a
// process dies, its claims are taken over by the next live worker, however long the calls it
// was making would have taken.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import prisma from "../db.server";

export const DEFAULT_HEARTBEAT_MS = 5_000;
export const DEFAULT_STALE_AFTER_MS = 30_000;

export function newWorkerId(prefix = "worker"): string {
  return `${prefix}-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

export async function heartbeat(workerId: string, now = new Date()): Promise<void> {
  await prisma.jobWorker.upsert({
    where: { id: workerId },
    create: { id: workerId, host: hostname(), pid: process.pid, lastSeenAt: now },
    update: { lastSeenAt: now },
  });
}

/** Ids of the workers whose heartbeat is fresh. */
export async function liveWorkerIds(staleAfterMs = DEFAULT_STALE_AFTER_MS, now = new Date()): Promise<string[]> {
  const rows = await prisma.jobWorker.findMany({
    where: { lastSeenAt: { gt: new Date(now.getTime() - staleAfterMs) } },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

export async function isWorkerLive(workerId: string, staleAfterMs = DEFAULT_STALE_AFTER_MS, now = new Date()): Promise<boolean> {
  const row = await prisma.jobWorker.findUnique({ where: { id: workerId }, select: { lastSeenAt: true } });
  return !!row && row.lastSeenAt.getTime() > now.getTime() - staleAfterMs;
}

/** Forgets workers not seen for a day (their claims were recovered long ago). */
export async function pruneWorkers(now = new Date()): Promise<void> {
  await prisma.jobWorker.deleteMany({ where: { lastSeenAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } });
}

/** Stops announcing (a clean shutdown); claims of this worker become recoverable at once. */
export async function retireWorker(workerId: string): Promise<void> {
  await prisma.jobWorker.deleteMany({ where: { id: workerId } });
}

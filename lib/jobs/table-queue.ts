import "server-only";
import { db, type Db } from "@/lib/db";
import { encodeJobPayload } from "@/lib/db/rows/job";
import { parseJsonText } from "@/lib/db/rows/json";
import type { ClaimedJob, JobInfo, QueueBackend } from "./backend";
import { backoffMs, type BackoffPolicy } from "./backoff";
import type { JobSpec } from "./define-job";

/**
 * The embedded queue on the Job table (SQLite; it uses only portable Prisma operations):
 *  - claim is a compare-and-set: read the oldest runnable row, then updateMany on
 *    (id, status, attempts); attempts is bumped by every claim, so of two workers racing
 *    for one row exactly one update matches;
 *  - lockedAt is a lease renewed by heartbeat(); a `running` row whose lease is older than
 *    leaseMs belongs to a dead worker (crash, kill -9, power loss) and is claimable again.
 * It claims jobs of any name, so a row no worker knows (a job removed from the code) fails
 * visibly instead of waiting forever.
 */
export type DbTx = Pick<Db, "job">;

export async function enqueueTableJob<T>(spec: JobSpec<T>, data: T, opts: { client?: DbTx; runAfter?: Date }): Promise<{ id: string }> {
  const client = opts.client ?? db;
  const row = await client.job.create({
    data: { name: spec.name, payload: encodeJobPayload(data), maxAttempts: spec.maxAttempts, runAfter: opts.runAfter ?? new Date() },
    select: { id: true },
  });
  return { id: String(row.id) };
}

/** The row's id; a string that is not one (a pg-boss uuid) names no row. */
const rowId = (id: string): number => (/^\d{1,15}$/.test(id) ? Number(id) : -1);

export async function claimNextJob(workerId: string, leaseMs: number, now = new Date()): Promise<ClaimedJob | null> {
  const staleBefore = new Date(now.getTime() - leaseMs);
  for (let tries = 0; tries < 8; tries++) {
    const cand = await db.job.findFirst({
      where: {
        OR: [
          { status: "queued", runAfter: { lte: now } },
          { status: "running", lockedAt: { lt: staleBefore } },
        ],
      },
      orderBy: [{ runAfter: "asc" }, { id: "asc" }],
      select: { id: true, name: true, payload: true, status: true, attempts: true, maxAttempts: true },
    });
    if (!cand) return null;
    const won = await db.job.updateMany({
      where: { id: cand.id, status: cand.status, attempts: cand.attempts },
      data: { status: "running", lockedAt: now, lockedBy: workerId, attempts: { increment: 1 } },
    });
    if (won.count === 1) {
      return { id: String(cand.id), name: cand.name, payload: cand.payload, attempts: cand.attempts + 1, maxAttempts: cand.maxAttempts, recovered: cand.status === "running" };
    }
  }
  return null;
}

export const tableQueue: QueueBackend = {
  kind: "table",
  claim: (workerId, _names, leaseMs) => claimNextJob(workerId, leaseMs),

  async heartbeat(job, workerId) {
    const r = await db.job.updateMany({ where: { id: rowId(job.id), lockedBy: workerId, status: "running" }, data: { lockedAt: new Date() } });
    return r.count === 1;
  },

  async complete(job, workerId) {
    const r = await db.job.updateMany({ where: { id: rowId(job.id), lockedBy: workerId, status: "running" }, data: { status: "done", lockedAt: null, lastError: null } });
    return r.count === 1;
  },

  async fail(job, workerId, error, opts: { permanent: boolean; backoff: BackoffPolicy }) {
    const final = opts.permanent || job.attempts >= job.maxAttempts;
    const r = await db.job.updateMany({
      where: { id: rowId(job.id), lockedBy: workerId, status: "running" },
      data: final
        ? { status: "failed", lockedAt: null, lastError: error.slice(0, 4000) }
        : { status: "queued", lockedAt: null, lockedBy: null, lastError: error.slice(0, 4000), runAfter: new Date(Date.now() + backoffMs(job.attempts, opts.backoff)) },
    });
    if (r.count === 0) return "lease-lost";
    return final ? "failed" : "retry";
  },

  async release(job, workerId) {
    // The claim counted this attempt: un-count it, so a deploy's restarts use up no attempts.
    await db.job.updateMany({
      where: { id: rowId(job.id), lockedBy: workerId, status: "running" },
      data: { status: "queued", lockedAt: null, lockedBy: null, runAfter: new Date(), attempts: { decrement: 1 } },
    });
  },
};

export async function getTableJob(id: string): Promise<JobInfo | null> {
  const r = await db.job.findUnique({ where: { id: rowId(id) } });
  if (!r) return null;
  return {
    id: String(r.id),
    name: r.name,
    payload: parseJsonText(r.payload),
    status: r.status as JobInfo["status"],
    attempts: r.attempts,
    maxAttempts: r.maxAttempts,
    lastError: r.lastError,
    runAfter: r.runAfter,
  };
}

export async function listTableJobs(opts: { name?: string; limit?: number } = {}): Promise<JobInfo[]> {
  const rows = await db.job.findMany({ where: opts.name ? { name: opts.name } : {}, orderBy: { id: "desc" }, take: opts.limit ?? 1000, select: { id: true } });
  return (await Promise.all(rows.map((r) => getTableJob(String(r.id))))).filter((j): j is JobInfo => j !== null);
}

import "server-only";
import { db, type Db } from "@/lib/db";
import { encodeJobPayload } from "@/lib/db/rows/job";
import type { JobSpec } from "./define-job";
import { JOB_SPECS, type TJobName, type TJobPayload } from "./job-specs";

/**
 * The DB-backed queue on the Job table. It uses only portable Prisma operations so the
 * same code runs on SQLite and PostgreSQL:
 *  - claim is a compare-and-set: read the oldest runnable row, then updateMany on
 *    (id, status, attempts); attempts is bumped by every claim, so of two workers racing
 *    for one row exactly one update matches;
 *  - lockedAt is a lease renewed by heartbeat(); a `running` row whose lease is older than
 *    leaseMs belongs to a dead worker (crash, kill -9, power loss) and is claimable again.
 */
export type DbTx = Pick<Db, "job">;

export interface ClaimedJob {
  id: number;
  name: string;
  payload: string;
  attempts: number;
  maxAttempts: number;
  /** The previous holder's lease expired: this run recovers a crashed attempt. */
  recovered: boolean;
}

export interface EnqueueOptions {
  /** The transaction to enqueue in (so a row and its job are created together). */
  client?: DbTx;
  runAfter?: Date;
}

/** Queues a job by name; its payload is checked against the job's schema now (and again when it runs). */
export async function enqueueJob<N extends TJobName>(name: N, payload: TJobPayload<N>, opts: EnqueueOptions = {}) {
  const spec: JobSpec<unknown> | undefined = Object.hasOwn(JOB_SPECS, name) ? JOB_SPECS[name] : undefined;
  if (!spec) throw new Error(`no job named ${name}`);
  return enqueueSpec(spec, payload, opts);
}

/** Queues a job of a spec that need not be in JOB_SPECS (the queue's own tests). */
export async function enqueueSpec<T>(spec: JobSpec<T>, payload: NoInfer<T>, opts: EnqueueOptions = {}) {
  const data = spec.schema.parse(payload);
  const client = opts.client ?? db;
  return client.job.create({
    data: { name: spec.name, payload: encodeJobPayload(data), maxAttempts: spec.maxAttempts, runAfter: opts.runAfter ?? new Date() },
    select: { id: true },
  });
}

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
      const { status, ...rest } = cand;
      return { ...rest, attempts: cand.attempts + 1, recovered: status === "running" };
    }
  }
  return null;
}

/** Renews the lease; false when this worker no longer holds the job. */
export async function heartbeat(jobId: number, workerId: string): Promise<boolean> {
  const r = await db.job.updateMany({ where: { id: jobId, lockedBy: workerId, status: "running" }, data: { lockedAt: new Date() } });
  return r.count === 1;
}

export async function completeJob(jobId: number, workerId: string): Promise<void> {
  await db.job.updateMany({ where: { id: jobId, lockedBy: workerId, status: "running" }, data: { status: "done", lockedAt: null, lastError: null } });
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 10 * 60_000 };

/** Delay before attempt n+1 after attempt n failed: base·2^(n-1), capped. */
export function backoffMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Records a failed attempt. Returns "retry" (requeued with backoff) or "failed" (for good). */
export async function failJob(
  job: Pick<ClaimedJob, "id" | "attempts" | "maxAttempts">,
  workerId: string,
  error: string,
  opts: { permanent?: boolean; backoff?: BackoffPolicy; now?: Date } = {},
): Promise<"retry" | "failed"> {
  const final = opts.permanent || job.attempts >= job.maxAttempts;
  const now = opts.now ?? new Date();
  await db.job.updateMany({
    where: { id: job.id, lockedBy: workerId, status: "running" },
    data: final
      ? { status: "failed", lockedAt: null, lastError: error.slice(0, 4000) }
      : { status: "queued", lockedAt: null, lockedBy: null, lastError: error.slice(0, 4000), runAfter: new Date(now.getTime() + backoffMs(job.attempts, opts.backoff)) },
  });
  return final ? "failed" : "retry";
}

import "server-only";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import type { JobInfo, QueueBackend } from "./backend";
import type { JobSpec } from "./define-job";
import { JOB_SPECS, type TJobName, type TJobPayload } from "./job-specs";
import { enqueueTableJob, getTableJob, tableQueue } from "./table-queue";

/**
 * The queue, whichever runs it: pg-boss on PostgreSQL (pg-boss-queue.ts), the Job table on
 * SQLite (table-queue.ts). Callers enqueue by name and never learn which; pg-boss is
 * loaded only on PostgreSQL.
 */
export { backoffMs, DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff";
export type { ClaimedJob, JobInfo, QueueBackend } from "./backend";

/** A transaction (or the client) to enqueue in, so that a row and its job commit together. */
export type DbTx = Pick<Db, "job" | "$queryRawUnsafe">;

export interface EnqueueOptions {
  /** The transaction to enqueue in (so a row and its job are created together). */
  client?: DbTx;
  runAfter?: Date;
}

const pgBossModule = () => import("./pg-boss-queue");

/** The queue of this process's database. */
export async function queueBackend(): Promise<QueueBackend> {
  return env.dbKind === "postgres" ? (await pgBossModule()).pgBossQueue : tableQueue;
}

/** Queues a job by name; its payload is checked against the job's schema now (and again when it runs). */
export async function enqueueJob<N extends TJobName>(name: N, payload: TJobPayload<N>, opts: EnqueueOptions = {}): Promise<{ id: string }> {
  const spec: JobSpec<unknown> | undefined = Object.hasOwn(JOB_SPECS, name) ? JOB_SPECS[name] : undefined;
  if (!spec) throw new Error(`no job named ${name}`);
  return enqueueSpec(spec, payload, opts);
}

/** Queues a job of a spec that need not be in JOB_SPECS (the queue's own tests). */
export async function enqueueSpec<T>(spec: JobSpec<T>, payload: NoInfer<T>, opts: EnqueueOptions = {}): Promise<{ id: string }> {
  const data = spec.schema.parse(payload);
  if (env.dbKind === "postgres") return (await pgBossModule()).enqueuePgBossJob(spec, data, opts);
  return enqueueTableJob(spec, data, opts);
}

export async function getJob(id: string): Promise<JobInfo | null> {
  return env.dbKind === "postgres" ? (await pgBossModule()).getPgBossJob(id) : getTableJob(id);
}

/** Jobs waiting or running of one name (e.g. not to queue a second retention sweep). */
export async function countPendingJobs(name: TJobName): Promise<number> {
  if (env.dbKind === "postgres") return (await pgBossModule()).countPgBossPending(name);
  const { db } = await import("@/lib/db");
  return db.job.count({ where: { name, status: { in: ["queued", "running"] } } });
}

/** pg-boss: cancels the waiting ingests of a deleted bundle (the Job table's rows go in deleteBundle's transaction). */
export async function cancelJobsOfBundle(bundleId: string): Promise<void> {
  if (env.dbKind === "postgres") await (await pgBossModule()).cancelPgBossJobsOfBundle("ingest-bundle", bundleId);
}

/** Jobs newest first (operators' and tests' view), whichever queue holds them. */
export async function listJobs(opts: { name?: TJobName; limit?: number } = {}): Promise<JobInfo[]> {
  if (env.dbKind === "postgres") return (await pgBossModule()).listPgBossJobs(opts);
  const { listTableJobs } = await import("./table-queue");
  return listTableJobs(opts);
}

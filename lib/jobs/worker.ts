import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import { db } from "@/lib/db";
import { decodeJobPayload } from "@/lib/db/rows/job";
import type { ClaimedJob, QueueBackend } from "./backend";
import { DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff";
import { LeaseLostError, PermanentJobError, WorkerStoppingError, type JobDefinition, type JobRegistry } from "./define-job";
import { jobLog, type LogFields, type LogLevel } from "./job-log";
import { queueBackend } from "./queue";

export interface WorkerOptions {
  /** The jobs this worker runs, by name (lib/jobs/registry.ts JOBS); a handler is loaded when a job of it runs. */
  jobs: JobRegistry;
  workerId?: string;
  /** The queue; default: pg-boss on PostgreSQL, the Job table on SQLite (queue.ts). */
  backend?: QueueBackend;
  /** A lease older than this is taken as a dead worker's. Heartbeats come every leaseMs/3. Default: per queue, below. */
  leaseMs?: number;
  pollMs?: number;
  backoff?: BackoffPolicy;
  /** Jobs run at once (each loop claims its own; the claim is a compare-and-set). Default 1. */
  concurrency?: number;
  /** pg-boss: how often this process sweeps stale leases and drains dead letters (0: before every claim). */
  sweepMs?: number;
}

export type RunOutcome = "done" | "retry" | "failed" | "lease-lost" | "released";
export type RunResult = { job: ClaimedJob; outcome: RunOutcome } | null;

/**
 * A running job whose lease is older than this belongs to a dead worker. The Job table's
 * claim takes such a row over; on pg-boss any worker's sweep retries it. pg-boss's is
 * short, since that is how long a kill -9'd worker's job waits (its beat costs one UPDATE
 * per job every 5 s); the table's stays as it was (one SQLite writer is precious).
 */
export const DEFAULT_LEASE_MS = 60_000;
export const PG_BOSS_LEASE_MS = 15_000;
export const leaseMsOf = (backend: QueueBackend): number => (backend.kind === "pg-boss" ? PG_BOSS_LEASE_MS : DEFAULT_LEASE_MS);
const DEFAULTS = { pollMs: 1_000, sweepMs: 2_000 };

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
}

const bundleOf = (payload: unknown): string | undefined => {
  const b = (payload as { bundleId?: unknown } | null)?.bundleId;
  return typeof b === "string" ? b : undefined;
};

let lastHousekeeping = 0;
/** pg-boss: retry the jobs of dead workers, and turn dead letters into onFailed. At most once per sweepMs per process. */
async function housekeep(backend: QueueBackend, jobs: JobRegistry, leaseMs: number, sweepMs: number, workerId: string): Promise<void> {
  if (!backend.deadLetters || Date.now() - lastHousekeeping < sweepMs) return;
  lastHousekeeping = Date.now();
  const pg = await import("./pg-boss-queue");
  for (const s of await pg.sweepStaleLeases(leaseMs)) {
    jobLog("warn", `job of worker ${s.workerId} had no heartbeat for ${Math.round(leaseMs / 1000)} s: retried`, { worker: workerId, queue: s.queue, job: s.jobId });
  }
  await pg.drainDeadLetters(jobs, (level, msg, fields, ...rest) => jobLog(level, msg, { worker: workerId, ...fields }, ...rest));
}

/** Claims and runs at most one job. Used by the loop below and directly by tests. */
export async function runNextJob(opts: WorkerOptions & { workerId: string; stopSignal?: AbortSignal }): Promise<RunResult> {
  const backend = opts.backend ?? (await queueBackend());
  const leaseMs = opts.leaseMs ?? leaseMsOf(backend);
  await housekeep(backend, opts.jobs, leaseMs, opts.sweepMs ?? DEFAULTS.sweepMs, opts.workerId);
  if (opts.stopSignal?.aborted) return null;
  const job = await backend.claim(opts.workerId, Object.keys(opts.jobs), leaseMs);
  if (!job) return null;
  let def: JobDefinition<any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  let payload: unknown;
  let payloadOk = false;
  const fields = (): LogFields => ({ worker: opts.workerId, queue: job.name, job: job.id, bundle: bundleOf(payload) });
  const say = (level: LogLevel, msg: string, ...rest: unknown[]) => jobLog(level, msg, fields(), ...rest);
  const failFor = async (reason: string, permanent: boolean) => {
    const outcome = await backend.fail(job, opts.workerId, reason, { permanent, backoff: opts.backoff ?? DEFAULT_BACKOFF });
    if (outcome === "lease-lost") return { job, outcome } as const;
    say(outcome === "failed" ? "error" : "warn", outcome === "failed" ? `failed for good: ${reason}` : `attempt ${job.attempts} failed, will retry: ${reason}`);
    if (outcome === "failed") {
      // pg-boss put it in the dead-letter queue: draining runs onFailed (here, at once).
      if (backend.deadLetters) await housekeep(backend, opts.jobs, leaseMs, 0, opts.workerId).catch((e) => say("error", "dead letters", e));
      else if (def?.onFailed && payloadOk) await def.onFailed(payload, reason).catch((e) => say("error", "onFailed hook threw", e));
    }
    return { job, outcome } as const;
  };
  const load = Object.hasOwn(opts.jobs, job.name) ? opts.jobs[job.name] : undefined;
  if (!load) return failFor(`no job named ${job.name} is registered`, true);
  try {
    def = await load();
  } catch (e) {
    // A handler module that does not load (a broken deploy) may load after a fix: retried.
    return failFor(`job ${job.name} could not be loaded: ${e instanceof Error ? e.message : String(e)}`, false);
  }
  const parsed = decodeJobPayload(job.payload, def.schema);
  if (!parsed.success) return failFor(`invalid payload: ${parsed.error.message}`, true);
  payload = parsed.data;
  payloadOk = true;
  // The table: a dead worker's lease expired on the last attempt; that attempt counts, so stop here.
  if (job.attempts > job.maxAttempts) return failFor("worker stopped during the last attempt (lease expired)", true);
  if (job.recovered) say("warn", `recovering after an expired lease (attempt ${job.attempts}/${job.maxAttempts})`);

  const abort = new AbortController();
  const onStop = () => abort.abort(new WorkerStoppingError());
  opts.stopSignal?.addEventListener("abort", onStop, { once: true });
  const beat = setInterval(() => {
    backend
      .heartbeat(job, opts.workerId)
      .then((held) => held || abort.abort(new LeaseLostError()))
      .catch((e) => say("warn", "heartbeat failed", e));
  }, Math.max(50, Math.floor(leaseMs / 3)));
  const stopped = () => abort.signal.aborted && abort.signal.reason instanceof WorkerStoppingError;
  try {
    await def.handle(payload, { jobId: job.id, attempt: job.attempts, maxAttempts: job.maxAttempts, signal: abort.signal, log: (m, ...rest) => say("info", m, ...rest) });
    if (stopped()) return await release();
    if (abort.signal.aborted) return { job, outcome: "lease-lost" };
    if (!(await backend.complete(job, opts.workerId))) return { job, outcome: "lease-lost" };
    return { job, outcome: "done" };
  } catch (e) {
    if (stopped()) return await release();
    if (abort.signal.aborted || e instanceof LeaseLostError) return { job, outcome: "lease-lost" };
    return failFor(e instanceof Error ? e.message : String(e), e instanceof PermanentJobError);
  } finally {
    clearInterval(beat);
    opts.stopSignal?.removeEventListener("abort", onStop);
  }

  async function release() {
    await backend.release(job!, opts.workerId);
    say("warn", "worker stopping: job released to the queue");
    return { job: job!, outcome: "released" } as const;
  }
}

export interface RunningWorker {
  id: string;
  /**
   * Stops claiming, lets running jobs finish for up to graceMs (default: as long as they
   * take), then releases the rest to the queue (another worker takes them at once).
   */
  stop: (opts?: { graceMs?: number }) => Promise<void>;
}

/** The liveness row of this worker process (QueueWorker), for /api/health's "workers seen". */
const WORKER_BEAT_MS = 5_000;

/**
 * The polling loops: `concurrency` of them, each running one job at a time. An ingest's
 * analysis runs in its own process (lib/ingest/child), so parallel jobs use several cores
 * while this process only writes their rows.
 */
export function startWorker(opts: WorkerOptions): RunningWorker {
  const workerId = opts.workerId ?? newWorkerId();
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  let stopped = false;
  const stopAll = new AbortController();
  const wakers = new Set<() => void>();
  const beatRow = () =>
    db.queueWorker
      .upsert({
        where: { id: workerId },
        create: { id: workerId, host: os.hostname(), pid: process.pid, concurrency, beatAt: new Date() },
        update: { beatAt: new Date() },
      })
      .catch((e) => jobLog("warn", "worker liveness row", { worker: workerId }, e));
  // Kept so that stop() writes after the last beat: a beat landing later would re-create the
  // row (upsert) without its stoppedAt.
  let beating: Promise<unknown> = beatRow();
  // Every start makes a new row: those not seen for a week go (health shows 10 minutes).
  void db.queueWorker.deleteMany({ where: { beatAt: { lt: new Date(Date.now() - 7 * 86_400_000) } } }).catch(() => {});
  const beat = setInterval(() => (beating = beatRow()), WORKER_BEAT_MS);
  beat.unref();
  // pg-boss: the sweep of dead workers' leases runs on its own timer too, so that a worker
  // whose every slot is busy (a long ingest) still puts a killed worker's job back at once.
  const sweepMs = opts.sweepMs ?? DEFAULTS.sweepMs;
  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    void (async () => {
      const backend = opts.backend ?? (await queueBackend());
      await housekeep(backend, opts.jobs, opts.leaseMs ?? leaseMsOf(backend), 0, workerId);
    })()
      .catch((e) => jobLog("warn", "sweep failed", { worker: workerId }, e))
      .finally(() => (sweeping = false));
  }, Math.max(100, sweepMs));
  sweep.unref();
  const loop = async () => {
    while (!stopped) {
      let ran: RunResult = null;
      try {
        ran = await runNextJob({ ...opts, workerId, stopSignal: stopAll.signal });
      } catch (e) {
        jobLog("error", "worker loop error", { worker: workerId }, e);
      }
      if (!ran && !stopped) {
        await new Promise<void>((r) => {
          const wake = () => (wakers.delete(wake), r());
          wakers.add(wake);
          setTimeout(wake, opts.pollMs ?? DEFAULTS.pollMs);
        });
      }
    }
  };
  const loops = Promise.all(Array.from({ length: concurrency }, loop));
  return {
    id: workerId,
    stop: async ({ graceMs }: { graceMs?: number } = {}) => {
      stopped = true;
      for (const wake of [...wakers]) wake();
      let timer: NodeJS.Timeout | undefined;
      if (graceMs !== undefined) timer = setTimeout(() => stopAll.abort(), graceMs);
      await loops;
      clearTimeout(timer);
      clearInterval(beat);
      clearInterval(sweep);
      await beating;
      const now = new Date();
      await db.queueWorker
        .upsert({ where: { id: workerId }, create: { id: workerId, host: os.hostname(), pid: process.pid, concurrency, beatAt: now, stoppedAt: now }, update: { beatAt: now, stoppedAt: now } })
        .catch(() => {});
    },
  };
}

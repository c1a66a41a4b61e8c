import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import { decodeJobPayload } from "@/lib/db/rows/job";
import { LeaseLostError, PermanentJobError, type JobDefinition, type JobRegistry } from "./define-job";
import { claimNextJob, completeJob, failJob, heartbeat, DEFAULT_BACKOFF, type BackoffPolicy, type ClaimedJob } from "./queue";

export interface WorkerOptions {
  /** The jobs this worker runs, by name (lib/jobs/registry.ts JOBS); a handler is loaded when a job of it runs. */
  jobs: JobRegistry;
  workerId?: string;
  /** A lease older than this is taken as a dead worker's. Heartbeats come every leaseMs/3. */
  leaseMs?: number;
  pollMs?: number;
  backoff?: BackoffPolicy;
  /** Jobs run at once (each loop claims its own; the claim is a compare-and-set). Default 1. */
  concurrency?: number;
}

export type RunResult = { job: ClaimedJob; outcome: "done" | "retry" | "failed" | "lease-lost" } | null;

/** A running job whose lease is older than this (by default) belongs to a dead worker. */
export const DEFAULT_LEASE_MS = 60_000;
const DEFAULTS = { leaseMs: DEFAULT_LEASE_MS, pollMs: 1_000 };

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
}

/** Claims and runs at most one job. Used by the loop below and directly by tests. */
export async function runNextJob(opts: WorkerOptions & { workerId: string }): Promise<RunResult> {
  const leaseMs = opts.leaseMs ?? DEFAULTS.leaseMs;
  const job = await claimNextJob(opts.workerId, leaseMs);
  if (!job) return null;
  let def: JobDefinition<any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  const log = (msg: string, ...rest: unknown[]) => console.log(`[${job.name}] #${job.id} ${msg}`, ...rest);
  const failFor = async (reason: string, permanent: boolean) => {
    const outcome = await failJob(job, opts.workerId, reason, { permanent, backoff: opts.backoff ?? DEFAULT_BACKOFF });
    log(outcome === "failed" ? `failed for good: ${reason}` : `attempt ${job.attempts} failed, will retry: ${reason}`);
    if (outcome === "failed" && def?.onFailed && payloadOk) await def.onFailed(payload, reason).catch((e) => log("onFailed hook threw", e));
    return { job, outcome } as const;
  };
  let payload: unknown;
  let payloadOk = false;
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
  // A dead worker's lease expired on the last attempt: that attempt counts, so stop here.
  if (job.attempts > job.maxAttempts) return failFor("worker stopped during the last attempt (lease expired)", true);
  if (job.recovered) log(`recovering after an expired lease (attempt ${job.attempts}/${job.maxAttempts})`);

  const abort = new AbortController();
  const beat = setInterval(() => {
    heartbeat(job.id, opts.workerId)
      .then((held) => held || abort.abort(new LeaseLostError()))
      .catch((e) => log("heartbeat failed", e));
  }, Math.max(50, Math.floor(leaseMs / 3)));
  try {
    await def.handle(payload, { jobId: job.id, attempt: job.attempts, maxAttempts: job.maxAttempts, signal: abort.signal, log });
    if (abort.signal.aborted) return { job, outcome: "lease-lost" };
    await completeJob(job.id, opts.workerId);
    return { job, outcome: "done" };
  } catch (e) {
    if (abort.signal.aborted || e instanceof LeaseLostError) return { job, outcome: "lease-lost" };
    return failFor(e instanceof Error ? e.message : String(e), e instanceof PermanentJobError);
  } finally {
    clearInterval(beat);
  }
}

export interface RunningWorker {
  id: string;
  stop: () => Promise<void>;
}

/**
 * The polling loops: `concurrency` of them, each running one job at a time. An ingest's
 * analysis runs in its own process (lib/ingest/child), so parallel jobs use several cores
 * while this process only writes their rows.
 */
export function startWorker(opts: WorkerOptions): RunningWorker {
  const workerId = opts.workerId ?? newWorkerId();
  let stopped = false;
  const wakers = new Set<() => void>();
  const loop = async () => {
    while (!stopped) {
      let ran: RunResult = null;
      try {
        ran = await runNextJob({ ...opts, workerId });
      } catch (e) {
        console.error("[worker] loop error", e);
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
  const loops = Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, loop));
  return {
    id: workerId,
    stop: async () => {
      stopped = true;
      for (const wake of [...wakers]) wake();
      await loops;
    },
  };
}

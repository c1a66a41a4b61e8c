import type { BackoffPolicy } from "./backoff";

/**
 * What a worker needs of a queue. Two implement it: the Job table (table-queue.ts: SQLite,
 * the embedded default) and pg-boss (pg-boss-queue.ts: PostgreSQL). Handlers never see which
 * one runs them: worker.ts drives either through this interface.
 */
export interface ClaimedJob {
  id: string;
  name: string;
  /** The payload as JSON text (checked against the job's schema before the handler runs). */
  payload: string;
  /** 1-based number of this attempt. */
  attempts: number;
  maxAttempts: number;
  /** The previous holder's lease expired: this run recovers a crashed attempt. */
  recovered: boolean;
}

export type FailOutcome = "retry" | "failed" | "lease-lost";

/** A job as an operator or a test sees it, whichever queue holds it. */
export interface JobInfo {
  id: string;
  name: string;
  payload: unknown;
  status: "queued" | "running" | "done" | "failed" | "cancelled";
  /** Attempts started so far. */
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  runAfter: Date;
}

export interface QueueBackend {
  readonly kind: "table" | "pg-boss";
  /** Claims the next runnable job of one of `names` (the table claims any name: see table-queue.ts). */
  claim(workerId: string, names: readonly string[], leaseMs: number): Promise<ClaimedJob | null>;
  /** Renews the lease; false when this worker no longer holds the job. */
  heartbeat(job: ClaimedJob, workerId: string): Promise<boolean>;
  /** false when this worker no longer held the job (it was swept; another worker owns the run). */
  complete(job: ClaimedJob, workerId: string): Promise<boolean>;
  /** Records a failed attempt: requeued with backoff, or failed for good (permanent, or the last attempt). */
  fail(job: ClaimedJob, workerId: string, error: string, opts: { permanent: boolean; backoff: BackoffPolicy }): Promise<FailOutcome>;
  /** Gives a job back unfinished (a stopping worker): runnable at once, the attempt not counted. */
  release(job: ClaimedJob, workerId: string): Promise<void>;
  /**
   * pg-boss only: jobs that died for good go to a dead-letter queue, whose entries a worker
   * turns into the handler's onFailed (so a job whose worker was killed on its last attempt
   * still marks its bundle failed). Absent: the worker calls onFailed itself.
   */
  readonly deadLetters?: boolean;
}

import type { z } from "zod";

/**
 * A job is declared once (STYLE habit 5): its spec (a name, a zod schema for its payload,
 * its attempts) in lib/jobs/job-specs.ts, which enqueuing uses without loading any handler,
 * and its handler, which the worker loads through lib/jobs/registry.ts when it runs the job.
 * The payload is checked when the job is enqueued and again when it runs; an invalid payload
 * fails the job permanently. Handlers must be safe to re-run: a job whose worker died is run again.
 */
export interface JobContext {
  /** The queue's id of the job: the Job row's id on SQLite, pg-boss's uuid on PostgreSQL. */
  jobId: string;
  /** 1-based attempt number of this run. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when this worker lost the job's lease (another worker now owns it), or stops and releases the job. */
  signal: AbortSignal;
  log: (message: string, ...rest: unknown[]) => void;
}

/** What enqueuing needs of a job: its name, payload schema and attempts (lib/jobs/job-specs.ts). */
export interface JobSpec<TPayload = unknown> {
  name: string;
  schema: z.ZodType<TPayload>;
  maxAttempts: number;
}

export interface JobDefinition<TPayload = unknown> extends JobSpec<TPayload> {
  handle: (payload: TPayload, ctx: JobContext) => Promise<void>;
  /** Called once when the job has failed for good (permanent error or attempts used up). */
  onFailed?: (payload: TPayload, reason: string) => Promise<void>;
}

/** Loads a job's handler module; a worker calls it when it runs a job of that name. */
export type JobLoader = () => Promise<JobDefinition<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Job name → handler loader: what a worker runs (lib/jobs/registry.ts JOBS; tests pass their own). */
export type JobRegistry = Readonly<Record<string, JobLoader>>;

export function defineJob<TPayload>(def: Omit<JobDefinition<TPayload>, "maxAttempts"> & { maxAttempts?: number }): JobDefinition<TPayload> {
  return { maxAttempts: 3, ...def };
}

/** Thrown by a handler for failures that another attempt cannot fix. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

/** Thrown inside a handler when its lease was lost: the worker leaves the row alone. */
export class LeaseLostError extends Error {
  constructor() {
    super("job lease lost");
    this.name = "LeaseLostError";
  }
}

/** The abort reason when a stopping worker gives a job back before it finished (SIGTERM past the grace period). */
export class WorkerStoppingError extends Error {
  constructor() {
    super("worker stopping: job released");
    this.name = "WorkerStoppingError";
  }
}

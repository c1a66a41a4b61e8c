import type { z } from "zod";

/**
 * A job is declared once (STYLE habit 5): a name, a zod schema for its payload, and a
 * handler. The payload is checked when the job runs; an invalid payload fails the job
 * permanently. Handlers must be safe to re-run: a job whose worker died is run again.
 */
export interface JobContext {
  jobId: number;
  /** 1-based attempt number of this run. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when this worker lost the job's lease (another worker now owns it) or stops. */
  signal: AbortSignal;
  log: (message: string, ...rest: unknown[]) => void;
}

export interface JobDefinition<TPayload = unknown> {
  name: string;
  schema: z.ZodType<TPayload>;
  maxAttempts: number;
  handle: (payload: TPayload, ctx: JobContext) => Promise<void>;
  /** Called once when the job has failed for good (permanent error or attempts used up). */
  onFailed?: (payload: TPayload, reason: string) => Promise<void>;
}

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

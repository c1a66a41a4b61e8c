import type { z } from "zod";
import { parseJsonText } from "./json";

/**
 * The Job row's JSON column. Job.payload's schema is its job's own (lib/jobs/job-specs.ts):
 * checked when the job is enqueued, and again when a worker runs it.
 */

export function encodeJobPayload(payload: unknown): string {
  return JSON.stringify(payload);
}

/** Text that is not JSON reads as no payload, which the job's schema then refuses. */
export function decodeJobPayload<T>(text: string, schema: z.ZodType<T>) {
  return schema.safeParse(parseJsonText(text));
}

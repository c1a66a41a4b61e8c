import { z } from "zod";
import type { JobSpec } from "./define-job";

/**
 * Every job by name: its payload schema and attempts, all that enqueuing needs. A leaf
 * (zod only), so code that enqueues (lib/commands) and the handlers (lib/ingest) both import
 * it without importing each other; the handlers themselves are in lib/jobs/registry.ts.
 */

export const ZIngestBundlePayload = z.object({ bundleId: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/) });

/** Scheduled by the worker (lib/retention/schedule-retention.ts): expire old bundles, measure disk use. */
export const ZRetentionSweepPayload = z.object({});

export const JOB_SPECS = {
  "ingest-bundle": { name: "ingest-bundle", schema: ZIngestBundlePayload, maxAttempts: 3 },
  "retention-sweep": { name: "retention-sweep", schema: ZRetentionSweepPayload, maxAttempts: 1 },
} as const satisfies Record<string, JobSpec<unknown>>;

export type TJobName = keyof typeof JOB_SPECS;
export type TJobPayload<N extends TJobName> = z.infer<(typeof JOB_SPECS)[N]["schema"]>;

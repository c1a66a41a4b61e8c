import "server-only";
import type { JobLoader } from "./define-job";
import type { TJobName } from "./job-specs";

// Every job the worker runs, by name (STYLE habit 5). Loaded lazily: a handler imports
// lib/jobs, so lib/jobs imports no handler statically, and enqueuing loads none.
export const JOBS = {
  "ingest-bundle": () => import("@/lib/ingest/ingest-bundle-job").then((m) => m.ingestBundleJob),
  "retention-sweep": () => import("@/lib/retention/retention-sweep-job").then((m) => m.retentionSweepJob),
} as const satisfies Record<TJobName, JobLoader>;

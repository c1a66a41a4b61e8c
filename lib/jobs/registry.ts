import "server-only";
import type { JobDefinition } from "./define-job";
import { ingestBundleJob } from "@/lib/ingest/ingest-bundle-job";

// Every job the worker runs, listed explicitly (STYLE habit 5).
export const JOBS: readonly JobDefinition<any>[] = [ingestBundleJob]; // eslint-disable-line @typescript-eslint/no-explicit-any

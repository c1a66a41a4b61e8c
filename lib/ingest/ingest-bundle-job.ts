import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { BundleUnusableError, type AnalyzeProgress } from "@/lib/analyze/types";
import fs from "node:fs/promises";
import { defineJob, LeaseLostError, PermanentJobError, type JobContext } from "@/lib/jobs/define-job";
import { JOB_SPECS } from "@/lib/jobs/job-specs";
import { blobStore, type StoredArtifact } from "@/lib/storage";
import { runAnalysisChild } from "./child/run-analysis-child";
import { beginIngest } from "./begin-ingest";
import { finishIngest } from "./finish-ingest";
import { runTimelineLoad } from "./load/run-timeline-load";
import type { TLoadTarget } from "./load/protocol";
import { createProgressReporter } from "./progress-reporter";
import { pruneTimelineGenerations } from "./prune-timeline-generations";
import { removeStaleSpools, timelineSpoolPath } from "./timeline-spool";

/** Artifact bodies above this are not kept for the viewer (the analyser passes null). */
export const STORE_MAX_BYTES = 64 * 1024 * 1024;

// Ingest one uploaded bundle in two phases (issue 16). 1: the analysis child analyses the
// stored original and spools the timeline to a file; artifacts, then findings and the flip to
// ready/partial in one go: the findings are shown. 2: a loader child bulk-loads the spool on
// its own connection and flips the timeline visible in its last transaction. A failure in
// either phase retries the whole job as a new generation.
export const ingestBundleJob = defineJob({
  ...JOB_SPECS["ingest-bundle"],
  handle: async ({ bundleId }, ctx) => {
    try {
      await runIngest(bundleId, ctx);
    } catch (e) {
      if (ctx.signal.aborted || e instanceof LeaseLostError) throw e;
      // Shown while the job waits for its next attempt; onFailed overwrites it for good.
      // Users see this reason: drop the server's data directory from any path in it.
      const msg = (e instanceof Error ? e.message : String(e)).split(`${env.dataDir}/`).join("");
      await db.bundle.updateMany({ where: { id: bundleId }, data: { status: "queued", stage: "retrying", error: msg.slice(0, 2000) } });
      if (e instanceof BundleUnusableError) throw new PermanentJobError(`bundle unusable: ${msg}`);
      if (e instanceof PermanentJobError) throw new PermanentJobError(msg);
      throw new Error(msg, { cause: e });
    }
  },
  onFailed: async ({ bundleId }, reason) => {
    const r = await db.bundle.updateMany({ where: { id: bundleId }, data: { status: "failed", stage: "failed", error: reason.slice(0, 2000) } });
    // Deleted while ingesting: the run may have re-created files after deleteBundle removed them.
    if (r.count === 0) await blobStore.removeBundle(bundleId);
  },
});

/** Timeline rows from one ingest above which PostgreSQL's statistics are refreshed. */
const ANALYZE_AFTER_ROWS = 100_000;

async function runIngest(bundleId: string, ctx: JobContext): Promise<void> {
  const { generation, originalPath } = await beginIngest(bundleId);
  ctx.log(`analysing ${bundleId} (generation ${generation}, attempt ${ctx.attempt})`);
  // An earlier run's timeline rows go in short batches while this run works (never shown meanwhile).
  const pruning = pruneTimelineGenerations(bundleId, generation, { signal: ctx.signal }).catch((e) => {
    ctx.log(`pruning older timeline rows of ${bundleId} failed (the next run retries)`, e);
    return 0;
  });
  const spoolPath = timelineSpoolPath(env.dataDir, bundleId, generation);
  const stale = await removeStaleSpools(env.dataDir, bundleId, spoolPath);
  if (stale) ctx.log(`removed ${stale} timeline spool(s) of an earlier run of ${bundleId}`);
  try {
    const progress = createProgressReporter(bundleId, generation);
    const stored = new Map<string, StoredArtifact>();
    // The analysis, artifact compression, the model's blobs and the timeline spool happen in a
    // child process with its own budgets (lib/ingest/child); this process writes the findings.
    const { outcome, usage, timeline } = await runAnalysisChild(
      { bundleId, originalPath, storeMaxBytes: STORE_MAX_BYTES, timelineKeep: 5000, spoolPath },
      {
        budgets: { memoryMiB: env.NETBUNDLE_INGEST_MEMORY_MIB, cpuSeconds: env.NETBUNDLE_INGEST_CPU_SECONDS, wallSeconds: env.NETBUNDLE_INGEST_WALL_SECONDS },
        signal: ctx.signal,
        onProgress: (p: AnalyzeProgress) => progress.report(p),
        onArtifact: (meta, s) => void stored.set(meta.path, s),
      },
    );
    await progress.done();
    await db.bundle.updateMany({ where: { id: bundleId, generation }, data: { stage: "saving", progress: 0.97 } });
    ctx.signal.throwIfAborted();
    // Phase 1: findings shown (status ready/partial, timelineState still "loading").
    const status = await finishIngest({ bundleId, generation, result: outcome, stored, events: timeline });
    if (status === "superseded") throw new LeaseLostError();
    ctx.log(`${bundleId} findings ${status}: ${outcome.findings.length} findings, ${stored.size} artifacts stored; analysis ${usage.cpuSeconds.toFixed(1)} s CPU, ${usage.maxRssMiB} MiB peak RSS; loading ${timeline.written} timeline events`);
    // Phase 2: the timeline, on a connection of the loader's own.
    const target: TLoadTarget = env.dbKind === "postgres" ? { kind: "postgres", url: env.DATABASE_URL! } : { kind: "sqlite", file: env.sqliteFile };
    const loaded = await runTimelineLoad({ target, spoolPath, bundleId, generation, total: timeline.written }, { signal: ctx.signal });
    if (loaded.status === "superseded") throw new LeaseLostError();
    // PostgreSQL plans the timeline's trigram index from table statistics: right after a large
    // load it has none for the new rows and scans instead (2.1 s for a 1k-match search at 1M
    // events, 46 ms once analysed; ANALYZE itself took 0.9 s there).
    if (env.dbKind === "postgres" && loaded.rows >= ANALYZE_AFTER_ROWS) await db.$executeRawUnsafe('ANALYZE "TimelineEvent"');
    ctx.log(`${bundleId} timeline ready: ${loaded.rows} events`);
  } finally {
    await fs.rm(spoolPath, { force: true });
  }
  await pruning;
}

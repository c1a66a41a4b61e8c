import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { BundleUnusableError, type AnalyzeProgress } from "@/lib/analyze/types";
import type { TimelineEvent } from "@/lib/model/types";
import { defineJob, LeaseLostError, PermanentJobError, type JobContext } from "@/lib/jobs/define-job";
import { JOB_SPECS } from "@/lib/jobs/job-specs";
import { blobStore, type StoredArtifact } from "@/lib/storage";
import { runAnalysisChild } from "./child/run-analysis-child";
import { beginIngest } from "./begin-ingest";
import { finishIngest } from "./finish-ingest";
import { indexTimelineText } from "./index-timeline-text";
import { createProgressReporter } from "./progress-reporter";
import { createTimelineWriter } from "./timeline-writer";

/** Artifact bodies above this are not kept for the viewer (the analyser passes null). */
export const STORE_MAX_BYTES = 64 * 1024 * 1024;

// Ingest one uploaded bundle: analyse the stored original in a child process, write timeline
// events as they come, then write artifacts and findings and flip the status in one go.
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
  const progress = createProgressReporter(bundleId, generation);
  const events = createTimelineWriter(bundleId, { signal: ctx.signal });
  const stored = new Map<string, StoredArtifact>();
  // The analysis, artifact compression and the model's blobs happen in a child process with
  // its own budgets (lib/ingest/child); this process does the database writes only, so one
  // writer per SQLite file and the generation guard stay here.
  const { outcome, usage } = await runAnalysisChild(
    { bundleId, originalPath, storeMaxBytes: STORE_MAX_BYTES, timelineKeep: 5000 },
    {
      budgets: { memoryMiB: env.NETBUNDLE_INGEST_MEMORY_MIB, cpuSeconds: env.NETBUNDLE_INGEST_CPU_SECONDS, wallSeconds: env.NETBUNDLE_INGEST_WALL_SECONDS },
      signal: ctx.signal,
      onProgress: (p: AnalyzeProgress) => progress.report(p),
      onEvents: (batch: TimelineEvent[]) => events.add(batch),
      onArtifact: (meta, s) => void stored.set(meta.path, s),
    },
  );
  const eventStats = await events.flush();
  await indexTimelineText(bundleId);
  await progress.done();
  await db.bundle.updateMany({ where: { id: bundleId, generation }, data: { stage: "saving", progress: 0.97 } });
  ctx.signal.throwIfAborted();
  const status = await finishIngest({ bundleId, generation, result: outcome, stored, events: eventStats });
  if (status === "superseded") throw new LeaseLostError();
  // PostgreSQL plans the timeline's trigram index from table statistics: right after a large
  // load it has none for the new rows and scans instead (2.1 s for a 1k-match search at 1M
  // events, 46 ms once analysed; ANALYZE itself took 0.9 s there).
  if (env.dbKind === "postgres" && eventStats.written >= ANALYZE_AFTER_ROWS) await db.$executeRawUnsafe('ANALYZE "TimelineEvent"');
  ctx.log(`${bundleId} ${status}: ${outcome.findings.length} findings, ${eventStats.written} events, ${stored.size} artifacts stored; analysis ${usage.cpuSeconds.toFixed(1)} s CPU, ${usage.maxRssMiB} MiB peak RSS`);
}

import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { BundleUnusableError, type AnalyzeProgress, type StoredArtifactMeta } from "@/lib/analyze/types";
import type { TimelineEvent } from "@/lib/model/types";
import { defineJob, LeaseLostError, PermanentJobError, type JobContext } from "@/lib/jobs/define-job";
import { JOB_SPECS } from "@/lib/jobs/job-specs";
import { blobStore, type StoredArtifact } from "@/lib/storage";
import { beginIngest } from "./begin-ingest";
import { finishIngest } from "./finish-ingest";
import { createProgressReporter } from "./progress-reporter";
import { createTimelineWriter } from "./timeline-writer";

/** Artifact bodies above this are not kept for the viewer (the analyser passes null). */
export const STORE_MAX_BYTES = 64 * 1024 * 1024;

// Ingest one uploaded bundle: analyse the stored original, stream timeline events and
// artifact texts out as they come, then write findings and flip the status in one go.
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

async function runIngest(bundleId: string, ctx: JobContext): Promise<void> {
  // Loaded when a job runs, so the queue and upload path work while lib/analyze is absent.
  const { analyzeBundle } = await import("@/lib/analyze/analyze-bundle");
  const { generation, originalPath } = await beginIngest(bundleId);
  ctx.log(`analysing ${bundleId} (generation ${generation}, attempt ${ctx.attempt})`);
  const progress = createProgressReporter(bundleId, generation);
  const events = createTimelineWriter(bundleId, { signal: ctx.signal });
  const stored = new Map<string, StoredArtifact>();
  const result = await analyzeBundle(originalPath, {
    storeMaxBytes: STORE_MAX_BYTES,
    timelineKeep: 5000,
    onProgress: (p: AnalyzeProgress) => progress.report(p),
    onEvents: (batch: TimelineEvent[]) => events.add(batch),
    onArtifactBody: async (meta: StoredArtifactMeta, body: Buffer | null) => {
      ctx.signal.throwIfAborted();
      if (!body) return;
      const s = await blobStore.putArtifact(bundleId, meta.path, body);
      if (s) stored.set(meta.path, s);
    },
  });
  const eventStats = await events.flush();
  await progress.done();
  await db.bundle.updateMany({ where: { id: bundleId, generation }, data: { stage: "saving", progress: 0.97 } });
  ctx.signal.throwIfAborted();
  await blobStore.putModel(bundleId, result.model);
  const status = await finishIngest({ bundleId, generation, result, stored, events: eventStats });
  if (status === "superseded") throw new LeaseLostError();
  ctx.log(`${bundleId} ${status}: ${result.findings.length} findings, ${eventStats.written} events, ${stored.size} artifacts stored`);
}

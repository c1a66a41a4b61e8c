import { analyzeBundle } from "@/lib/analyze/analyze-bundle";
import { BundleUnusableError } from "@/lib/analyze/types";
import { blobStore } from "@/lib/storage";
import { outcomeOf } from "../analysis-outcome";
import { createSpoolWriter } from "../timeline-spool";
import type { ChildMessage, ParentMessage, StartMessage } from "./protocol";

/**
 * The analysis child's side (`netbundle __ingest-child`, forked by run-analysis-child.ts):
 * waits for one "start", analyses that original, stores artifact texts and the model, sends
 * the outcome and exits. Runs with its own heap limit; the parent enforces CPU and wall clock.
 * Compression (gzip of artifact texts and model pieces) happens here, off the server's loop.
 */
/**
 * Artifact texts kept for the viewer per bundle, at most. Each costs a file and a gzip (and
 * the kernel's file creation dominates: a bundle of 100k one-byte members took 38-54 s of CPU
 * to store them all); a collector bundle of a 200-netns node has ~5,000 and a sosreport a
 * few thousand.
 */
const MAX_STORED_TEXTS = 20_000;

export async function runAnalysisChild(): Promise<number> {
  if (!process.send) {
    process.stderr.write("netbundle: __ingest-child is started by the ingest job (it needs an IPC channel)\n");
    return 2;
  }
  const start = await new Promise<StartMessage>((resolve) => process.on("message", (m: ParentMessage) => m.type === "start" && resolve(m)));
  // The parent going away (server stopped, job aborted) ends the analysis too.
  let finished = false;
  process.on("disconnect", () => finished || process.exit(70));
  const send = (m: ChildMessage) =>
    new Promise<void>((resolve, reject) => process.send!(m, undefined, {}, (e) => (e ? reject(e) : resolve())));
  let storedCount = 0;
  let notStored = 0;
  let lastStage = "";
  let lastProgress = 0;
  try {
    const spool = await createSpoolWriter(start.spoolPath);
    const result = await analyzeBundle(start.originalPath, {
      storeMaxBytes: start.storeMaxBytes,
      timelineKeep: start.timelineKeep,
      onProgress: (progress) => {
        // A journal reports progress thousands of times; the parent stores it every 500 ms.
        const now = Date.now();
        if (progress.stage === lastStage && now - lastProgress < 200) return;
        lastStage = progress.stage;
        lastProgress = now;
        void send({ type: "progress", progress }).catch(() => undefined);
      },
      onEvents: (batch) => spool.add(batch),
      onArtifactBody: async (meta, body) => {
        if (!body) return;
        if (storedCount >= MAX_STORED_TEXTS) {
          notStored++;
          return;
        }
        const stored = await blobStore.putArtifact(start.bundleId, meta.path, body);
        if (stored) {
          storedCount++;
          await send({ type: "artifact", meta, stored });
        }
      },
    });
    // Said once, as a bundle error: the artifacts are all listed and analysed, only their texts are not kept.
    if (notStored > 0) result.errors.push(`viewer texts kept for the first ${MAX_STORED_TEXTS} artifacts only; ${notStored} more are listed without their text`);
    const timeline = await spool.close();
    await blobStore.putModel(start.bundleId, result.model);
    const ru = process.resourceUsage();
    const usage = { cpuSeconds: (ru.userCPUTime + ru.systemCPUTime) / 1e6, maxRssMiB: Math.round(ru.maxRSS / 1024) };
    await send({ type: "result", outcome: outcomeOf(result), usage, timeline });
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await send({ type: "error", kind: e instanceof BundleUnusableError ? "unusable" : "error", message }).catch(() => undefined);
    return 1;
  } finally {
    // The open channel would keep this process alive after the outcome went out.
    finished = true;
    process.disconnect();
  }
}

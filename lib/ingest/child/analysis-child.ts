import { analyzeBundle } from "@/lib/analyze/analyze-bundle";
import { BundleUnusableError } from "@/lib/analyze/types";
import { blobStore } from "@/lib/storage";
import { outcomeOf } from "../analysis-outcome";
import type { ChildMessage, ParentMessage, StartMessage } from "./protocol";

/**
 * The analysis child's side (`netbundle __ingest-child`, forked by run-analysis-child.ts):
 * waits for one "start", analyses that original, stores artifact texts and the model, sends
 * the outcome and exits. Runs with its own heap limit; the parent enforces CPU and wall clock.
 * Compression (gzip of artifact texts and model pieces) happens here, off the server's loop.
 */
export async function runAnalysisChild(): Promise<number> {
  if (!process.send) {
    process.stderr.write("netbundle: __ingest-child is started by the ingest job (it needs an IPC channel)\n");
    return 2;
  }
  const acks = new Map<number, () => void>();
  const start = await new Promise<StartMessage>((resolve) => {
    process.on("message", (m: ParentMessage) => {
      if (m.type === "start") resolve(m);
      if (m.type !== "ack") return;
      acks.get(m.seq)?.();
      acks.delete(m.seq);
    });
  });
  // The parent going away (server stopped, job aborted) ends the analysis too.
  let finished = false;
  process.on("disconnect", () => finished || process.exit(70));
  const send = (m: ChildMessage) =>
    new Promise<void>((resolve, reject) => process.send!(m, undefined, {}, (e) => (e ? reject(e) : resolve())));
  let seq = 0;
  let lastStage = "";
  let lastProgress = 0;
  try {
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
      onEvents: async (batch) => {
        const n = ++seq;
        const acked = new Promise<void>((resolve) => acks.set(n, resolve));
        await send({ type: "events", seq: n, batch });
        await acked;
      },
      onArtifactBody: async (meta, body) => {
        if (!body) return;
        const stored = await blobStore.putArtifact(start.bundleId, meta.path, body);
        if (stored) await send({ type: "artifact", meta, stored });
      },
    });
    await blobStore.putModel(start.bundleId, result.model);
    const ru = process.resourceUsage();
    const usage = { cpuSeconds: (ru.userCPUTime + ru.systemCPUTime) / 1e6, maxRssMiB: Math.round(ru.maxRSS / 1024) };
    await send({ type: "result", outcome: outcomeOf(result), usage });
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

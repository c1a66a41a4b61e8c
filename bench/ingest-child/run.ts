// Ingest isolation benchmark (#15): one bundle analysed in this process (the old way, the
// baseline) and then in the analysis child (lib/ingest/child), with this process's worst
// event-loop stall during each (what every other request on the server would wait), wall
// time, and the child's CPU and peak RSS (the figures the NETBUNDLE_INGEST_* defaults rest on).
// usage: NETBUNDLE_DATA_DIR=/tmp/nb-bench-child npx tsx --conditions=react-server bench/ingest-child/run.ts [BUNDLE]
//   (default BUNDLE: /tmp/nb-bench-ingest.tar.gz, built by bench/ingest/run.mjs)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { analyzeBundle } from "@/lib/analyze/analyze-bundle";
import { runAnalysisChild } from "@/lib/ingest/child/run-analysis-child";
import { blobStore } from "@/lib/storage";

const file = process.argv[2] ?? "/tmp/nb-bench-ingest.tar.gz";
if (!fs.existsSync(file)) throw new Error(`${file} missing: build it with node bench/ingest/run.mjs (or pass a bundle)`);

/** Runs `work` while a 10 ms timer measures how late it fires: the worst stall of this loop. */
async function withLoopStall<T>(work: () => Promise<T>): Promise<{ value: T; worstStallMs: number; seconds: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
  }, 10);
  const t0 = performance.now();
  try {
    const value = await work();
    return { value, worstStallMs: Math.round(worst), seconds: (performance.now() - t0) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

// The old ingest job's work in this process: analysis, then artifact texts and the model
// compressed and stored (gzipSync per 2,000-line member) on this loop.
const inProcess = await withLoopStall(async () => {
  const r = await analyzeBundle(file, {
    storeMaxBytes: 64 << 20,
    timelineKeep: 5000,
    onEvents: () => undefined,
    onArtifactBody: async (meta, body) => void (body && (await blobStore.putArtifact("benchinproc", meta.path, body))),
  });
  await blobStore.putModel("benchinproc", r.model);
  return r;
});
// The child spools the timeline to a file (lib/ingest/timeline-spool.ts); removed below.
const spoolPath = path.join(os.tmpdir(), `nb-bench-child-${process.pid}.spool`);
const child = await withLoopStall(() =>
  runAnalysisChild(
    { bundleId: "benchchild", originalPath: file, storeMaxBytes: 64 << 20, timelineKeep: 5000, spoolPath },
    {
      budgets: { memoryMiB: 2048, cpuSeconds: 600, wallSeconds: 3600 },
      onProgress: () => {},
      onArtifact: () => {},
    },
  ),
);
fs.rmSync(spoolPath, { force: true });
const events = child.value.timeline.written;
const mib = (fs.statSync(file).size / 1048576).toFixed(1);
console.log(`bundle                 ${mib} MiB (${file}), ${events} timeline events`);
console.log(`in-process analysis    ${inProcess.seconds.toFixed(2)} s wall, worst loop stall ${inProcess.worstStallMs} ms (blobs compressed and stored here, as before #15)`);
console.log(`child analysis         ${child.seconds.toFixed(2)} s wall, worst loop stall ${child.worstStallMs} ms (blobs compressed and stored by the child)`);
console.log(`child usage            ${child.value.usage.cpuSeconds.toFixed(1)} s CPU, ${child.value.usage.maxRssMiB} MiB peak RSS`);
console.log(`stall ratio            ${(child.worstStallMs / Math.max(1, inProcess.worstStallMs)).toFixed(3)} (child / in-process; lower is better)`);
for (const id of ["benchchild", "benchinproc"]) await blobStore.removeBundle(id);

// One web ingest of BUNDLE on a fresh database, the way the web app runs it: the upload
// route's code stores the original and queues the job (lib/commands/create-bundle-from-upload),
// the in-process worker the embedded server starts (lib/jobs/start-worker) runs it, and the
// status query the bundle page's poller reads (lib/queries/get-bundle-status) is polled until
// the findings show and until the timeline is in. Prints one JSON line.
// usage: npx tsx --conditions=react-server bench/web-ingest/web-once.ts sqlite|postgres BUNDLE
// (run by bench/web-ingest/run.mjs, which also times `netbundle analyze` of the same file)
import fs from "node:fs";
import path from "node:path";
import { createTempPostgres, createTempSqlite } from "@/test/support/db/create-temp-database";

const [kind, file] = process.argv.slice(2);
if ((kind !== "sqlite" && kind !== "postgres") || !file) throw new Error("usage: web-once.ts sqlite|postgres BUNDLE");
// The poller in the browser asks every second; this asks every 50 ms so the figures are not
// rounded up to the next second (the query is the same).
const POLL_MS = 50;

const tmp = kind === "postgres" ? await createTempPostgres("nb-bench-web-pg-") : await createTempSqlite("nb-bench-web-");
try {
  const { createBundleFromUpload } = await import("@/lib/commands/create-bundle-from-upload");
  const { startInProcessWorker } = await import("@/lib/jobs/start-worker");
  const { getBundleStatus } = await import("@/lib/queries/get-bundle-status");
  const { UNFILED_CASE_ID } = await import("@/lib/cases/cases");
  const { db } = await import("@/lib/db");
  const worker = await startInProcessWorker();
  if (!worker) throw new Error("NETBUNDLE_WORKER=0: no worker to run the ingest");
  const size = fs.statSync(file).size;
  const t0 = performance.now();
  const up = await createBundleFromUpload({ body: fs.createReadStream(file), caseId: UNFILED_CASE_ID, fileName: path.basename(file), declaredBytes: size });
  const stored = performance.now();
  if (!up.id) throw new Error("duplicate upload on a fresh database");
  let findings: number | null = null;
  let complete: number | null = null;
  let indexed: number | null = null;
  let last: Awaited<ReturnType<typeof getBundleStatus>> = null;
  for (;;) {
    last = await getBundleStatus({ bundleId: up.id });
    const now = performance.now();
    if (!last) throw new Error("bundle vanished");
    if (last.status === "failed") throw new Error(`ingest failed: ${last.error}`);
    // Findings are visible once the status is ready/partial (they are written in the same
    // transaction); complete once the timeline is in too (`done` of the status query).
    if (findings === null && (last.status === "ready" || last.status === "partial")) findings = now;
    // SQLite: the timeline is shown (complete) before its text index is filled; searches read
    // rows until then. Timed too: the job's real end.
    if (findings !== null && last.done) complete ??= now;
    if (complete !== null && !last.textIndexing) indexed = now;
    if (indexed !== null) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const events = await db.timelineEvent.count({ where: { bundleId: up.id } });
  const findingRows = await db.finding.count({ where: { bundleId: up.id } });
  await worker.stop();
  await db.$disconnect();
  console.log(JSON.stringify({
    kind,
    storedSeconds: +((stored - t0) / 1000).toFixed(2),
    findingsSeconds: +((findings! - t0) / 1000).toFixed(2),
    completeSeconds: +((complete! - t0) / 1000).toFixed(2),
    indexedSeconds: +((indexed! - t0) / 1000).toFixed(2),
    status: last.status,
    events,
    findings: findingRows,
  }));
} finally {
  await tmp.cleanup();
}
// The worker's retention timer and the pg pool would keep the process alive.
process.exit(0);

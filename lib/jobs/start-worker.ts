import "server-only";
import { prepareDb } from "@/lib/db";
import { env } from "@/lib/env";
import { blobStore } from "@/lib/storage";
import { scheduleRetention } from "@/lib/retention/schedule-retention";
import { jobLog } from "./job-log";
import { JOBS } from "./registry";
import { startWorker, type RunningWorker } from "./worker";

const g = globalThis as unknown as { __netbundleWorker?: RunningWorker };

/** What a worker process runs: the job loops and the retention schedule, with its stop. */
export async function startJobWorker(opts: { concurrency: number }): Promise<{ worker: RunningWorker; stop: (graceMs?: number) => Promise<void> }> {
  await prepareDb();
  // Uploads cut off by a crash or restart stay as tmp/*.part; nothing can resume them.
  const swept = await blobStore.sweepTemp(6 * 3600_000).catch(() => 0);
  if (swept) jobLog("info", `removed ${swept} stale partial upload(s)`);
  const worker = startWorker({ jobs: JOBS, concurrency: opts.concurrency });
  const stopRetention = scheduleRetention();
  jobLog("info", `started (${env.dbKind === "postgres" ? "PostgreSQL, pg-boss" : "SQLite, Job table"}; ${opts.concurrency} at once)`, { worker: worker.id });
  return {
    worker,
    stop: async (graceMs) => {
      stopRetention();
      await worker.stop({ graceMs });
      if (env.dbKind === "postgres") await (await import("./pg-boss-queue")).closePgBoss();
    },
  };
}

/** A web server's SIGTERM: running jobs get this long, then go back to the queue. */
const IN_PROCESS_GRACE_MS = 20_000;

/**
 * Starts the web server's own worker once per process (dev hot reloads re-run
 * instrumentation), unless NETBUNDLE_WORKER=0 (web replicas with separate `netbundle worker`s).
 */
export async function startInProcessWorker(): Promise<RunningWorker | null> {
  if (env.NETBUNDLE_WORKER === "0") {
    // A web replica only enqueues, but starts pg-boss now (its schema, the queues): else the
    // first upload's transaction would wait for that inside Prisma's transaction timeout.
    if (env.dbKind === "postgres") await (await import("./pg-boss-queue")).pgBoss();
    return null;
  }
  if (g.__netbundleWorker) return g.__netbundleWorker;
  const { worker, stop } = await startJobWorker({ concurrency: env.NETBUNDLE_INGEST_CONCURRENCY });
  g.__netbundleWorker = worker;
  const onSignal = () => void stop(IN_PROCESS_GRACE_MS).then(() => process.exit(0));
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  return worker;
}

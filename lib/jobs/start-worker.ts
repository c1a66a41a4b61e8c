import "server-only";
import { prepareDb } from "@/lib/db";
import { env } from "@/lib/env";
import { blobStore } from "@/lib/storage";
import { scheduleRetention } from "@/lib/retention/schedule-retention";
import { JOBS } from "./registry";
import { startWorker, type RunningWorker } from "./worker";

const g = globalThis as unknown as { __netbundleWorker?: RunningWorker };

/**
 * Starts the worker once per process (dev hot reloads re-run instrumentation).
 */
export async function startInProcessWorker(): Promise<RunningWorker | null> {
  if (env.NETBUNDLE_WORKER === "0") return null;
  if (g.__netbundleWorker) return g.__netbundleWorker;
  await prepareDb();
  // Uploads cut off by a crash or restart stay as tmp/*.part; nothing can resume them.
  const swept = await blobStore.sweepTemp(6 * 3600_000).catch(() => 0);
  if (swept) console.log(`[worker] removed ${swept} stale partial upload(s)`);
  const w = startWorker({ jobs: JOBS, concurrency: env.NETBUNDLE_INGEST_CONCURRENCY });
  g.__netbundleWorker = w;
  const stopRetention = scheduleRetention();
  console.log(`[worker] started ${w.id} (${env.dbKind}, ${env.NETBUNDLE_INGEST_CONCURRENCY} at once)`);
  const stop = () => {
    stopRetention();
    void w.stop().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return w;
}

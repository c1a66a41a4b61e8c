import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { JOBS } from "./registry";
import { startWorker, type RunningWorker } from "./worker";

const g = globalThis as unknown as { __netbundleWorker?: RunningWorker };

/**
 * Starts the worker once per process (dev hot reloads re-run instrumentation). On SQLite,
 * WAL lets the web server read while the worker writes a million timeline rows.
 */
export async function startInProcessWorker(): Promise<RunningWorker | null> {
  if (env.NETBUNDLE_WORKER === "0") return null;
  if (g.__netbundleWorker) return g.__netbundleWorker;
  if (env.dbKind === "sqlite") await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  const w = startWorker({ jobs: JOBS });
  g.__netbundleWorker = w;
  console.log(`[worker] started ${w.id} (${env.dbKind})`);
  const stop = () => void w.stop().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return w;
}

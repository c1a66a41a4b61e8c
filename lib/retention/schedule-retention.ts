import "server-only";
import { env } from "@/lib/env";
import { countPendingJobs, enqueueJob } from "@/lib/jobs/queue";

/** Queues a retention-sweep unless one is already waiting or running (several workers may tick). */
export async function enqueueRetentionSweep(): Promise<boolean> {
  const pending = await countPendingJobs("retention-sweep");
  if (pending > 0) return false;
  await enqueueJob("retention-sweep", {});
  return true;
}

/**
 * Every NETBUNDLE_RETENTION_INTERVAL_MS the worker queues a retention-sweep job (the first a
 * minute after start, not during start-up's ingest backlog). Returns the stop function.
 */
export function scheduleRetention({ intervalMs = env.NETBUNDLE_RETENTION_INTERVAL_MS, firstAfterMs = 60_000 }: { intervalMs?: number; firstAfterMs?: number } = {}): () => void {
  const tick = () => void enqueueRetentionSweep().catch((e) => console.error("[retention-sweep] could not queue", e));
  let every: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    tick();
    every = setInterval(tick, intervalMs);
    every.unref();
  }, firstAfterMs);
  first.unref();
  return () => {
    clearTimeout(first);
    if (every) clearInterval(every);
  };
}

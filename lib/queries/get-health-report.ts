import "server-only";
import { db } from "@/lib/db";
import { blobStore, type StoreHealth } from "@/lib/storage";
import { DEFAULT_LEASE_MS } from "@/lib/jobs/worker";

/** Workers that finished a job this recently count as seen. */
const SEEN_WITHIN_MS = 10 * 60_000;

export interface HealthReport {
  ok: boolean;
  db: { ok: boolean; ms: number };
  store: StoreHealth;
  queue: { queued: number; running: number; failed: number; stale: number; oldestQueuedSeconds: number | null };
  /** Worker ids holding a live lease or done with a job in the last 10 minutes, with when. */
  workers: { id: string; lastSeen: string; running: number }[];
}

/**
 * What an operator needs to see whether the service works: the database answers, the blob
 * store is usable, the queue drains (depth, leases gone stale) and which workers are alive.
 * Bounded work: counts by status, and the distinct workers of recent rows.
 */
export async function getHealthReport(now = new Date()): Promise<HealthReport> {
  const t0 = Date.now();
  const dbOk = await db.$queryRawUnsafe("SELECT 1").then(
    () => true,
    () => false,
  );
  const dbMs = Date.now() - t0;
  const store = await blobStore.health();
  if (!dbOk) return { ok: false, db: { ok: false, ms: dbMs }, store, queue: { queued: 0, running: 0, failed: 0, stale: 0, oldestQueuedSeconds: null }, workers: [] };
  const staleBefore = new Date(now.getTime() - DEFAULT_LEASE_MS);
  const [byStatus, stale, oldest, recent] = await Promise.all([
    db.job.groupBy({ by: ["status"], _count: { _all: true } }),
    db.job.count({ where: { status: "running", lockedAt: { lt: staleBefore } } }),
    db.job.findFirst({ where: { status: "queued" }, orderBy: { runAfter: "asc" }, select: { runAfter: true } }),
    db.job.groupBy({
      by: ["lockedBy", "status"],
      where: { lockedBy: { not: null }, OR: [{ status: "running", lockedAt: { gte: staleBefore } }, { updatedAt: { gte: new Date(now.getTime() - SEEN_WITHIN_MS) } }] },
      _max: { updatedAt: true, lockedAt: true },
      _count: { _all: true },
    }),
  ]);
  const count = (s: string) => byStatus.find((r) => r.status === s)?._count._all ?? 0;
  const workers = new Map<string, { id: string; lastSeen: Date; running: number }>();
  for (const r of recent) {
    const id = r.lockedBy!;
    const seen = [r._max.updatedAt, r._max.lockedAt].filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0] ?? now;
    const w = workers.get(id) ?? { id, lastSeen: seen, running: 0 };
    if (seen > w.lastSeen) w.lastSeen = seen;
    if (r.status === "running") w.running += r._count._all;
    workers.set(id, w);
  }
  return {
    ok: store.ok,
    db: { ok: true, ms: dbMs },
    store,
    queue: {
      queued: count("queued"),
      running: count("running"),
      failed: count("failed"),
      stale,
      oldestQueuedSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.runAfter.getTime()) / 1000)) : null,
    },
    workers: [...workers.values()].sort((a, b) => b.lastSeen.getTime() - a.lastSeen.getTime()).slice(0, 50).map((w) => ({ id: w.id, lastSeen: w.lastSeen.toISOString(), running: w.running })),
  };
}

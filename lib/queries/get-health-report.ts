import "server-only";
import { db } from "@/lib/db";
import { parseJsonText } from "@/lib/db/rows/json";
import { blobStore, type StoreHealth } from "@/lib/storage";
import { env } from "@/lib/env";
import { DEFAULT_LEASE_MS, PG_BOSS_LEASE_MS } from "@/lib/jobs/worker";

/** Workers that finished a job this recently count as seen. */
const SEEN_WITHIN_MS = 10 * 60_000;

export interface HealthReport {
  ok: boolean;
  db: { ok: boolean; ms: number };
  store: StoreHealth;
  queue: {
    /** Which queue runs the jobs: pg-boss on PostgreSQL, the Job table on SQLite. */
    backend: "pg-boss" | "table";
    queued: number;
    running: number;
    /** Jobs that failed for good (dead), still kept (pg-boss archives them after 7 days). */
    failed: number;
    stale: number;
    oldestQueuedSeconds: number | null;
    /** pg-boss: dead letters whose onFailed has not run yet (it is retried). */
    deadUnhandled?: number;
  };
  /** The newest jobs that failed for good, with the bundle and the reason. */
  dead: { id: string; name: string; bundleId: string | null; error: string | null; failedAt: string }[];
  /** Workers whose liveness row beat in the last 10 minutes, or holding a live lease or done with a job then (the Job table), with when. */
  workers: { id: string; lastSeen: string; running: number; stopped?: boolean }[];
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
  const backend = env.dbKind === "postgres" ? "pg-boss" : "table";
  if (!dbOk) return { ok: false, db: { ok: false, ms: dbMs }, store, queue: { backend, queued: 0, running: 0, failed: 0, stale: 0, oldestQueuedSeconds: null }, dead: [], workers: [] };
  const seenSince = new Date(now.getTime() - SEEN_WITHIN_MS);
  const rows = await db.queueWorker.findMany({ where: { beatAt: { gte: seenSince } }, orderBy: { beatAt: "desc" }, take: 50 });
  const live = rows.map((w) => ({ id: w.id, lastSeen: w.beatAt, running: 0, stopped: w.stoppedAt !== null }));
  if (backend === "pg-boss") {
    const { pgBossHealth } = await import("@/lib/jobs/pg-boss-queue");
    const got = await Promise.all([pgBossHealth(PG_BOSS_LEASE_MS), db.jobLease.groupBy({ by: ["workerId"], _count: { _all: true } })]).catch(() => null);
    // The queue's schema not readable (pg-boss never started, its pool cannot connect): not healthy.
    if (!got) return { ok: false, db: { ok: true, ms: dbMs }, store, queue: { backend, queued: 0, running: 0, failed: 0, stale: 0, oldestQueuedSeconds: null }, dead: [], workers: [] };
    const [q, leases] = got;
    for (const l of leases) {
      const w = live.find((x) => x.id === l.workerId);
      if (w) w.running = l._count._all;
    }
    const { dead, ...counts } = q;
    return { ok: store.ok, db: { ok: true, ms: dbMs }, store, queue: { backend, ...counts }, dead, workers: live.map((w) => ({ ...w, lastSeen: w.lastSeen.toISOString() })) };
  }
  const staleBefore = new Date(now.getTime() - DEFAULT_LEASE_MS);
  const [byStatus, stale, oldest, recent, failedRows] = await Promise.all([
    db.job.groupBy({ by: ["status"], _count: { _all: true } }),
    db.job.count({ where: { status: "running", lockedAt: { lt: staleBefore } } }),
    db.job.findFirst({ where: { status: "queued" }, orderBy: { runAfter: "asc" }, select: { runAfter: true } }),
    db.job.groupBy({
      by: ["lockedBy", "status"],
      where: { lockedBy: { not: null }, OR: [{ status: "running", lockedAt: { gte: staleBefore } }, { updatedAt: { gte: new Date(now.getTime() - SEEN_WITHIN_MS) } }] },
      _max: { updatedAt: true, lockedAt: true },
      _count: { _all: true },
    }),
    db.job.findMany({ where: { status: "failed" }, orderBy: { updatedAt: "desc" }, take: 20, select: { id: true, name: true, payload: true, lastError: true, updatedAt: true } }),
  ]);
  const count = (s: string) => byStatus.find((r) => r.status === s)?._count._all ?? 0;
  const workers = new Map<string, { id: string; lastSeen: Date; running: number; stopped?: boolean }>(live.map((w) => [w.id, w]));
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
      backend,
      queued: count("queued"),
      running: count("running"),
      failed: count("failed"),
      stale,
      oldestQueuedSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.runAfter.getTime()) / 1000)) : null,
    },
    dead: failedRows.map((r) => ({ id: String(r.id), name: r.name, bundleId: bundleIdOf(r.payload), error: r.lastError, failedAt: r.updatedAt.toISOString() })),
    workers: [...workers.values()]
      .sort((a, b) => b.lastSeen.getTime() - a.lastSeen.getTime())
      .slice(0, 50)
      .map((w) => ({ id: w.id, lastSeen: w.lastSeen.toISOString(), running: w.running, ...(w.stopped ? { stopped: true } : {}) })),
  };
}

function bundleIdOf(payload: string): string | null {
  const b = (parseJsonText(payload) as { bundleId?: unknown } | undefined)?.bundleId;
  return typeof b === "string" ? b : null;
}

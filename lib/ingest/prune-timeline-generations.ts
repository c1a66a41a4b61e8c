import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * Rows deleted per statement. On SQLite each deleted row also leaves the FTS5 index (the
 * delete trigger of migration 0005), and the statement runs on the calling thread (the web
 * server's, in the embedded mode): ~2k rows take a few milliseconds.
 */
const ROWS_PER_DELETE = 2_000;

/**
 * Deletes a bundle's timeline rows of generations older than `current` (an earlier run's,
 * complete or crashed), in short statements with a pause between, so neither SQLite's write
 * lock nor a PostgreSQL transaction is held long. No read sees those rows meanwhile (reads
 * take Bundle.timelineGeneration's only). Stops when a newer run began (it prunes for itself)
 * or the bundle is gone. Returns the rows deleted.
 */
export async function pruneTimelineGenerations(bundleId: string, current: number, opts: { pauseMs?: number; signal?: AbortSignal } = {}): Promise<number> {
  let deleted = 0;
  for (;;) {
    if (opts.signal?.aborted) return deleted;
    const b = await db.bundle.findUnique({ where: { id: bundleId }, select: { generation: true } });
    if (!b || b.generation !== current) return deleted;
    // One statement (Prisma's deleteMany of 2k ids passes the adapter's parameter limit), on
    // the (bundleId, generation, ts) index.
    const n = await db.$executeRawUnsafe(
      env.dbKind === "postgres"
        ? `DELETE FROM "TimelineEvent" WHERE "id" IN (SELECT "id" FROM "TimelineEvent" WHERE "bundleId" = $1 AND "generation" < $2 LIMIT ${ROWS_PER_DELETE})`
        : `DELETE FROM "TimelineEvent" WHERE "id" IN (SELECT "id" FROM "TimelineEvent" WHERE "bundleId" = ? AND "generation" < ? LIMIT ${ROWS_PER_DELETE})`,
      bundleId,
      current,
    );
    if (n === 0) return deleted;
    deleted += n;
    await sleep(opts.pauseMs ?? 5);
  }
}

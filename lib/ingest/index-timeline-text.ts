import "server-only";
// Not the ingest job's path any more (that is the spool and lib/ingest/load, issue 16): tests
// and bench/timeline seed timelines through Prisma with this.
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * Rows indexed per statement. SQLite statements run on the calling thread, so one statement
 * over a 400k-event bundle held the server's event loop for over 2 s; a range this size
 * takes ~0.1 s, and the loop turns between ranges.
 */
const ROWS_PER_STATEMENT = 20_000;

/**
 * Adds a bundle's timeline rows to the SQLite text index (migration 0005): once, after its
 * timeline is written and before it is shown as ready, by id ranges. PostgreSQL's GIN index
 * keeps itself. Rows of an attempt that crashed before this are never indexed; the next
 * attempt deletes them (the delete trigger tolerates rows the index does not have).
 */
export async function indexTimelineText(bundleId: string, kind = env.dbKind): Promise<void> {
  if (kind !== "sqlite") return;
  const span = await db.timelineEvent.aggregate({ where: { bundleId }, _min: { id: true }, _max: { id: true } });
  const [first, last] = [span._min.id, span._max.id];
  if (first === null || last === null) return;
  for (let from = first; from <= last; from += ROWS_PER_STATEMENT) {
    await db.$executeRawUnsafe(
      `INSERT INTO "TimelineEventFts"(rowid, "text") SELECT "id", "text" FROM "TimelineEvent" WHERE "bundleId" = ? AND "id" >= ? AND "id" < ?`,
      bundleId,
      from,
      from + ROWS_PER_STATEMENT,
    );
    await yieldToLoop();
  }
}

import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * Adds a bundle's timeline rows to the SQLite text index (migration 0005): once, after its
 * timeline is written and before it is shown as ready, in one statement. PostgreSQL's GIN
 * index keeps itself. Rows of an attempt that crashed before this are never indexed; the
 * next attempt deletes them (the delete trigger tolerates rows the index does not have).
 */
export async function indexTimelineText(bundleId: string, kind = env.dbKind): Promise<void> {
  if (kind !== "sqlite") return;
  await db.$executeRawUnsafe(`INSERT INTO "TimelineEventFts"(rowid, "text") SELECT "id", "text" FROM "TimelineEvent" WHERE "bundleId" = ?`, bundleId);
}

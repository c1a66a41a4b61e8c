import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { TTimelineScope } from "./shown-timeline-generation";
import { ftsPhrase, MIN_INDEXED_QUERY, type TTextPlan } from "./timeline-event-sql";

/**
 * Past this many matches (in all bundles) reading the matches by id costs more than testing
 * every row: bench/timeline at 1M events, a term in every row took 1.4 s through the index
 * and 0.9 s as a scan, while 1k matches took 0.15 s against 0.5 s.
 */
export const INDEX_PLAN_MAX_MATCHES = 50_000;

// Counting at most INDEX_PLAN_MAX_MATCHES + 1 rowids from the FTS table is cheap either way.
// A timeline whose rows are not all in the text index yet (scope.textIndexed false) is
// searched row by row: the same matches, found without the index.
export async function chooseTimelineTextPlan(q: string, scope?: TTimelineScope): Promise<TTextPlan> {
  if (env.dbKind === "postgres" || [...q].length < MIN_INDEXED_QUERY || scope?.textIndexed === false) return "scan";
  const rows = await db.$queryRawUnsafe<{ n: number | bigint }[]>(
    `SELECT COUNT(*) AS n FROM (SELECT 1 FROM "TimelineEventFts" WHERE "TimelineEventFts" MATCH ? LIMIT ?)`,
    ftsPhrase(q),
    INDEX_PLAN_MAX_MATCHES + 1,
  );
  return Number(rows[0]?.n ?? 0) > INDEX_PLAN_MAX_MATCHES ? "scan" : "index";
}

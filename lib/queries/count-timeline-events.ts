import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { timelineEventWhere, type TTimelineFilter } from "./timeline-event-where";
import { sqlBuilder, timelineEventSql } from "./timeline-event-sql";
import { chooseTimelineTextPlan } from "./choose-timeline-text-plan";
import { timelineScope } from "./shown-timeline-generation";

// How many events the filter selects (the list's total); a text search counts through the text index.
export async function countTimelineEvents({ bundleId, filter }: { bundleId: string; filter: TTimelineFilter }): Promise<number> {
  const scope = await timelineScope(bundleId);
  if (!filter.q) return db.timelineEvent.count({ where: timelineEventWhere(scope, filter) });
  const b = sqlBuilder(env.dbKind === "postgres");
  const sql = `SELECT COUNT(*) AS n FROM "TimelineEvent" WHERE ${timelineEventSql(b, scope, filter, undefined, await chooseTimelineTextPlan(filter.q, scope))}`;
  const rows = await db.$queryRawUnsafe<{ n: number | bigint }[]>(sql, ...b.params);
  return Number(rows[0]?.n ?? 0);
}

/** A search's total is counted exactly up to this many; past it the list says "10,000+". */
export const SEARCH_COUNT_CAP = 10_000;

/**
 * The list's total: exact, except for a SQLite search for a term in too many rows for the
 * text index (the "scan" plan), where counting every match is a pass over every row (1.4 s
 * at 1M events in bench/timeline) and stopping at the cap takes a few ms. The list still
 * pages through the matches in time order; the histogram estimates their spread.
 */
export async function countTimelineEventsForList({ bundleId, filter }: { bundleId: string; filter: TTimelineFilter }): Promise<{ total: number; capped: boolean }> {
  if (!filter.q || env.dbKind === "postgres") return { total: await countTimelineEvents({ bundleId, filter }), capped: false };
  const scope = await timelineScope(bundleId);
  const plan = await chooseTimelineTextPlan(filter.q, scope);
  if (plan !== "scan") return { total: await countTimelineEvents({ bundleId, filter }), capped: false };
  const b = sqlBuilder(false);
  const where = timelineEventSql(b, scope, filter, undefined, plan);
  const rows = await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM "TimelineEvent" WHERE ${where} LIMIT ${SEARCH_COUNT_CAP + 1})`, ...b.params);
  const n = Number(rows[0]?.n ?? 0);
  return n > SEARCH_COUNT_CAP ? { total: SEARCH_COUNT_CAP, capped: true } : { total: n, capped: false };
}

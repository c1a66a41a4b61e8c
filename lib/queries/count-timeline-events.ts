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
  const sql = `SELECT COUNT(*) AS n FROM "TimelineEvent" WHERE ${timelineEventSql(b, scope, filter, undefined, await chooseTimelineTextPlan(filter.q))}`;
  const rows = await db.$queryRawUnsafe<{ n: number | bigint }[]>(sql, ...b.params);
  return Number(rows[0]?.n ?? 0);
}

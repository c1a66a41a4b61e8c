import "server-only";
import { db } from "@/lib/db";
import { timelineEventWhere, type TTimelineFilter } from "./timeline-event-where";

// How many events the filter selects (the list's total).
export async function countTimelineEvents({ bundleId, filter }: { bundleId: string; filter: TTimelineFilter }): Promise<number> {
  return db.timelineEvent.count({ where: timelineEventWhere(bundleId, filter) });
}

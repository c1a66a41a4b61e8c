import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma";
import type { TTimelineFilter } from "./timeline-filter";

export interface TEventRow {
  id: number;
  ts: string;
  source: string;
  severity: string | null;
  label: string;
  text: string;
  artifact: string | null;
  line: number | null;
}

function whereOf(bundleId: string, f: TTimelineFilter): Prisma.TimelineEventWhereInput {
  return {
    bundleId,
    ...(f.from !== undefined || f.to !== undefined
      ? { ts: { ...(f.from !== undefined ? { gte: new Date(f.from) } : {}), ...(f.to !== undefined ? { lt: new Date(f.to) } : {}) } }
      : {}),
    ...(f.sources.length ? { source: { in: f.sources } } : {}),
    ...(f.severities.length ? { severity: { in: f.severities } } : {}),
    ...(f.q ? { text: { contains: f.q } } : {}),
  };
}

// One page of events in time order; the client asks only for the rows it can see.
export async function listTimelineEvents({
  bundleId,
  filter,
  offset,
  limit,
}: {
  bundleId: string;
  filter: TTimelineFilter;
  offset: number;
  limit: number;
}): Promise<TEventRow[]> {
  const rows = await db.timelineEvent.findMany({
    where: whereOf(bundleId, filter),
    orderBy: [{ ts: "asc" }, { tsMicros: "asc" }, { id: "asc" }],
    skip: offset,
    take: Math.min(500, limit),
    select: { id: true, ts: true, tsMicros: true, source: true, severity: true, label: true, text: true, artifact: true, line: true },
  });
  return rows.map(({ tsMicros, ts, ...r }) => ({ ...r, ts: ts.toISOString().replace("Z", tsMicros ? String(tsMicros).padStart(3, "0") + "Z" : "Z") }));
}

export async function countTimelineEvents({ bundleId, filter }: { bundleId: string; filter: TTimelineFilter }): Promise<number> {
  return db.timelineEvent.count({ where: whereOf(bundleId, filter) });
}

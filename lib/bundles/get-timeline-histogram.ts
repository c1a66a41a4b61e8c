import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { chooseBuckets, type TTimelineFilter } from "./timeline-filter";

export interface THistogram {
  /** Whole-bundle extent (ms since epoch), null when the bundle has no events. */
  extent: { min: number; max: number } | null;
  start: number;
  step: number;
  sources: string[];
  /** counts[i][source] for bucket i = [start + i*step, start + (i+1)*step). */
  counts: Record<string, number>[];
  total: number;
}

/** SQLite stores Prisma DateTimes as "YYYY-MM-DDTHH:MM:SS.sss+00:00" text (adapter default). */
function sqliteTs(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

export async function getTimelineExtent(bundleId: string): Promise<{ min: number; max: number } | null> {
  const agg = await db.timelineEvent.aggregate({ where: { bundleId }, _min: { ts: true }, _max: { ts: true } });
  if (!agg._min.ts || !agg._max.ts) return null;
  return { min: agg._min.ts.getTime(), max: agg._max.ts.getTime() };
}

// Events per (bucket, source) in one GROUP BY over the (bundleId, ts) index range.
export async function getTimelineHistogram({
  bundleId,
  filter,
  maxBuckets = 120,
}: {
  bundleId: string;
  filter: TTimelineFilter;
  maxBuckets?: number;
}): Promise<THistogram> {
  const extent = await getTimelineExtent(bundleId);
  if (!extent) return { extent: null, start: 0, step: 1, sources: [], counts: [], total: 0 };
  const from = filter.from ?? extent.min;
  const to = Math.max(from + 1, filter.to ?? extent.max + 1);
  const { start, step, count } = chooseBuckets(from, to, maxBuckets);

  const pg = env.dbKind === "postgres";
  const params: unknown[] = [start, step, bundleId];
  const p = (v: unknown) => {
    params.push(v);
    return pg ? `$${params.length}` : "?";
  };
  const tsCast = pg ? "::timestamp" : "";
  const where = [`"bundleId" = ${pg ? "$3" : "?"}`, `"ts" >= ${p(pg ? new Date(from).toISOString() : sqliteTs(from))}${tsCast}`, `"ts" < ${p(pg ? new Date(to).toISOString() : sqliteTs(to))}${tsCast}`];
  if (filter.sources.length) where.push(`"source" IN (${filter.sources.map((s) => p(s)).join(",")})`);
  if (filter.severities.length) where.push(`"severity" IN (${filter.severities.map((s) => p(s)).join(",")})`);
  if (filter.q) where.push(`"text" ${pg ? "ILIKE" : "LIKE"} ${p(`%${filter.q.replace(/[\\%_]/g, (c) => "\\" + c)}%`)} ESCAPE '\\'`);
  const bucketExpr = pg
    ? `floor((extract(epoch from "ts") * 1000 - $1) / $2)::int`
    : `CAST(((julianday("ts") - 2440587.5) * 86400000.0 - ?) / ? AS INTEGER)`;
  const sql = `SELECT ${bucketExpr} AS b, "source" AS s, COUNT(*) AS n FROM "TimelineEvent" WHERE ${where.join(" AND ")} GROUP BY b, "source"`;
  const rows = await db.$queryRawUnsafe<{ b: number | bigint; s: string; n: number | bigint }[]>(sql, ...params);

  const counts: Record<string, number>[] = Array.from({ length: count }, () => ({}));
  const sources = new Set<string>();
  let total = 0;
  for (const r of rows) {
    const i = Math.min(count - 1, Math.max(0, Number(r.b)));
    const n = Number(r.n);
    const bucket = counts[i];
    if (!bucket) continue;
    bucket[r.s] = (bucket[r.s] ?? 0) + n;
    sources.add(r.s);
    total += n;
  }
  return { extent, start, step, sources: [...sources].sort(), counts, total };
}

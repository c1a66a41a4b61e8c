import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { chooseBuckets } from "@/lib/model/views/choose-buckets";
import type { TTimelineFilter } from "./timeline-event-where";
import { TIMELINE_SOURCES } from "@/lib/stream/types";

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

// Two single-ended lookups: SQLite answers a lone MIN or MAX from the index at once, while
// MIN and MAX together scan the whole range.
async function getTimelineExtent(bundleId: string): Promise<{ min: number; max: number } | null> {
  const [first, last] = await Promise.all([
    db.timelineEvent.findFirst({ where: { bundleId }, orderBy: { ts: "asc" }, select: { ts: true } }),
    db.timelineEvent.findFirst({ where: { bundleId }, orderBy: { ts: "desc" }, select: { ts: true } }),
  ]);
  if (!first || !last) return null;
  return { min: first.ts.getTime(), max: last.ts.getTime() };
}

/** Every timeline source, counted one by one on the covering index. */
const KNOWN_SOURCES: readonly string[] = TIMELINE_SOURCES;

/**
 * SQLite fast path when only sources filter: one correlated COUNT per (bucket, source) on the
 * covering (bundleId, source, ts) index: 0.3 s for 1M events instead of 2.3 s for a GROUP BY
 * that must read every row to get its source.
 */
async function countByIndex(bundleId: string, sources: readonly string[], start: number, step: number, count: number) {
  const edges = Array.from({ length: count }, (_, i) => [sqliteTs(start + i * step), sqliteTs(start + (i + 1) * step)]);
  const sql = `WITH e AS (SELECT CAST(key AS INTEGER) AS i, json_extract(value, '$[0]') AS lo, json_extract(value, '$[1]') AS hi FROM json_each(?)),
    s AS (SELECT value AS src FROM json_each(?))
    SELECT e.i AS b, s.src AS s, (SELECT COUNT(*) FROM "TimelineEvent" t WHERE t."bundleId" = ? AND t."source" = s.src AND t."ts" >= e.lo AND t."ts" < e.hi) AS n FROM e, s`;
  return db.$queryRawUnsafe<{ b: number | bigint; s: string; n: number | bigint }[]>(sql, JSON.stringify(edges), JSON.stringify(sources), bundleId);
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
  if (!pg && !filter.q && filter.severities.length === 0) {
    const rows = await countByIndex(bundleId, filter.sources.length ? filter.sources : KNOWN_SOURCES, start, step, count);
    return tally(rows, extent, start, step, count);
  }
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
    : // julianday() carries float error (…59999.99 ms): round to whole ms before integer division.
      `(CAST(ROUND((julianday("ts") - 2440587.5) * 86400000.0) AS INTEGER) - CAST(? AS INTEGER)) / CAST(? AS INTEGER)`;
  const sql = `SELECT ${bucketExpr} AS b, "source" AS s, COUNT(*) AS n FROM "TimelineEvent" WHERE ${where.join(" AND ")} GROUP BY b, "source"`;
  const rows = await db.$queryRawUnsafe<{ b: number | bigint; s: string; n: number | bigint }[]>(sql, ...params);
  return tally(rows, extent, start, step, count);
}

function tally(rows: { b: number | bigint; s: string; n: number | bigint }[], extent: THistogram["extent"], start: number, step: number, count: number): THistogram {
  const counts: Record<string, number>[] = Array.from({ length: count }, () => ({}));
  const sources = new Set<string>();
  let total = 0;
  for (const r of rows) {
    const i = Math.min(count - 1, Math.max(0, Number(r.b)));
    const n = Number(r.n);
    if (!n) continue;
    const bucket = counts[i];
    if (!bucket) continue;
    bucket[r.s] = (bucket[r.s] ?? 0) + n;
    sources.add(r.s);
    total += n;
  }
  return { extent, start, step, sources: [...sources].sort(), counts, total };
}

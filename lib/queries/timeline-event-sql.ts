import type { TTimelineFilter } from "./timeline-event-where";

/**
 * The timeline filter as a raw SQL WHERE, for the queries Prisma cannot express: the text
 * search goes through the index of migration 0004_h5_timeline_fts, which Prisma does not model.
 *  - SQLite: the FTS5 trigram table "TimelineEventFts" (substring, case-insensitive) answers
 *    the ids; a search under 3 characters has no trigram and falls back to LIKE (a scan).
 *  - PostgreSQL: "text" ILIKE, which the pg_trgm GIN index serves for 3+ characters.
 * Placeholders are numbered for pg ($n) and positional for SQLite (?), so callers must ask
 * for parameters in the order they appear in the SQL text (`param` keeps that order).
 */
export interface TSqlBuilder {
  pg: boolean;
  params: unknown[];
  /** A placeholder for v, appended to params. */
  param: (v: unknown) => string;
}

export function sqlBuilder(pg: boolean): TSqlBuilder {
  const params: unknown[] = [];
  return {
    pg,
    params,
    param(v) {
      params.push(v);
      return pg ? `$${params.length}` : "?";
    },
  };
}

/** SQLite stores Prisma DateTimes as "YYYY-MM-DDTHH:MM:SS.sss+00:00" text (adapter default). */
export function sqliteTs(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

/** The shortest search the trigram indexes can answer (a trigram is 3 characters). */
export const MIN_INDEXED_QUERY = 3;

/** An FTS5 query that matches q as one literal substring: a quoted string, quotes doubled. */
export function ftsPhrase(q: string): string {
  return `"${q.replace(/"/g, '""')}"`;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => "\\" + c)}%`;
}

/** The text condition alone (no bundle or window): an indexed match where possible. */
export function timelineTextSql(b: TSqlBuilder, q: string): string {
  if (b.pg) return `"text" ILIKE ${b.param(likePattern(q))} ESCAPE '\\'`;
  if ([...q].length < MIN_INDEXED_QUERY) return `"text" LIKE ${b.param(likePattern(q))} ESCAPE '\\'`;
  return `"id" IN (SELECT rowid FROM "TimelineEventFts" WHERE "TimelineEventFts" MATCH ${b.param(ftsPhrase(q))})`;
}

/** `bundle + window + sources + severities + text` as SQL over "TimelineEvent". */
export function timelineEventSql(b: TSqlBuilder, bundleId: string, f: TTimelineFilter, window?: { from: number; to: number }): string {
  const ts = (ms: number) => (b.pg ? `${b.param(new Date(ms).toISOString())}::timestamp` : b.param(sqliteTs(ms)));
  const where = [`"bundleId" = ${b.param(bundleId)}`];
  const from = window?.from ?? f.from;
  const to = window?.to ?? f.to;
  if (from !== undefined) where.push(`"ts" >= ${ts(from)}`);
  if (to !== undefined) where.push(`"ts" < ${ts(to)}`);
  if (f.sources.length) where.push(`"source" IN (${f.sources.map((s) => b.param(s)).join(",")})`);
  if (f.severities.length) where.push(`"severity" IN (${f.severities.map((s) => b.param(s)).join(",")})`);
  if (f.q) where.push(timelineTextSql(b, f.q));
  return where.join(" AND ");
}

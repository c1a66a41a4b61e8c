import type { TTimelineFilter } from "./timeline-event-where";
import type { TTimelineScope } from "./shown-timeline-generation";

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

/**
 * How SQLite should answer a text search (choose-timeline-text-plan.ts decides):
 *  - "index": the FTS5 table gives the matching ids and the rows are read by id; bundle and
 *    window columns are written `+"col"` so SQLite cannot prefer walking the (bundleId, ts)
 *    index and probing every one of a million rows against the match list;
 *  - "scan": a term in most rows is cheaper to test row by row (LIKE) on the (bundleId, ts)
 *    index walk, which a page of 200 also stops early.
 */
export type TTextPlan = "index" | "scan";

/** The text condition alone (no bundle or window): an indexed match where possible. */
export function timelineTextSql(b: TSqlBuilder, q: string, plan: TTextPlan = "index"): string {
  if (b.pg) return `"text" ILIKE ${b.param(likePattern(q))} ESCAPE '\\'`;
  if (plan === "scan" || [...q].length < MIN_INDEXED_QUERY) return `"text" LIKE ${b.param(likePattern(q))} ESCAPE '\\'`;
  return `"id" IN (SELECT rowid FROM "TimelineEventFts" WHERE "TimelineEventFts" MATCH ${b.param(ftsPhrase(q))})`;
}

/** `bundle's shown generation + window + sources + severities + text` as SQL over "TimelineEvent". */
export function timelineEventSql(b: TSqlBuilder, { bundleId, generation }: TTimelineScope, f: TTimelineFilter, window?: { from: number; to: number }, plan: TTextPlan = "index"): string {
  const byId = !b.pg && !!f.q && plan === "index" && [...f.q].length >= MIN_INDEXED_QUERY;
  // `+col` keeps SQLite from using an index on col (see TTextPlan).
  const col = (c: string) => (byId ? `+"${c}"` : `"${c}"`);
  const ts = (ms: number) => (b.pg ? `${b.param(new Date(ms).toISOString())}::timestamp` : b.param(sqliteTs(ms)));
  const where = [`${col("bundleId")} = ${b.param(bundleId)}`, `${col("generation")} = ${b.param(generation)}`];
  const from = window?.from ?? f.from;
  const to = window?.to ?? f.to;
  if (from !== undefined) where.push(`${col("ts")} >= ${ts(from)}`);
  if (to !== undefined) where.push(`${col("ts")} < ${ts(to)}`);
  if (f.sources.length) where.push(`${col("source")} IN (${f.sources.map((s) => b.param(s)).join(",")})`);
  if (f.severities.length) where.push(`"severity" IN (${f.severities.map((s) => b.param(s)).join(",")})`);
  if (f.q) where.push(timelineTextSql(b, f.q, plan));
  return where.join(" AND ");
}

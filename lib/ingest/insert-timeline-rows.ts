import "server-only";
// Not the ingest job's path any more (that is the spool and lib/ingest/load, issue 16): tests
// and bench/timeline seed timelines through Prisma with this.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { TTimelineEventRow } from "@/lib/db/rows/timeline-event";

const COLS = `"bundleId","ts","tsMicros","source","severity","label","text","artifact","line"`;

/**
 * One INSERT per batch, bypassing createMany. Measured here (bench/timeline, 1000 rows a
 * batch): Prisma's createMany through the wasm query compiler ~5,500 rows/s on SQLite; a
 * multi-row VALUES ~45,000 rows/s on SQLite; on PostgreSQL multi-row VALUES ~5,400 rows/s
 * and unnest() of nine array parameters ~15,600 rows/s. DateTimes are written the way
 * Prisma writes them: SQLite ISO text with "+00:00" (the better-sqlite3 adapter default),
 * PostgreSQL timestamp(3) without zone.
 */
export async function insertTimelineRows(rows: TTimelineEventRow[], kind = env.dbKind): Promise<void> {
  if (rows.length === 0) return;
  if (kind === "postgres") {
    const col = <K extends keyof TTimelineEventRow>(k: K) => rows.map((r) => r[k]);
    await db.$executeRawUnsafe(
      `INSERT INTO "TimelineEvent" (${COLS}) SELECT * FROM unnest($1::text[], $2::timestamp(3)[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[])`,
      col("bundleId"), rows.map((r) => r.ts.toISOString()), col("tsMicros"), col("source"), col("severity"), col("label"), col("text"), col("artifact"), col("line"),
    );
    return;
  }
  const params: unknown[] = [];
  for (const r of rows) params.push(r.bundleId, r.ts.toISOString().replace("Z", "+00:00"), r.tsMicros, r.source, r.severity, r.label, r.text, r.artifact, r.line);
  await db.$executeRawUnsafe(`INSERT INTO "TimelineEvent" (${COLS}) VALUES ${rows.map(() => "(?,?,?,?,?,?,?,?,?)").join(",")}`, ...params);
}

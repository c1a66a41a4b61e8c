import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { readSpool, type TSpoolRow } from "../timeline-spool";
import type { LoadResult, LoadTimelineOptions } from "./load-options";

/** Rows per INSERT statement (10 parameters each; SQLite allows 32,766 since 3.32). */
const ROWS_PER_STATEMENT = 200;
/**
 * Rows per transaction, text index included. The web server's own writes (sessions, audit,
 * other ingests' progress) wait for the file's write lock while one is open, and
 * better-sqlite3 waits synchronously, on the server's event loop: ~5k rows with their FTS5
 * trigram entries commit in tens of milliseconds, so a page that writes waits at most that.
 */
const ROWS_PER_TRANSACTION = 5_000;

// Loaded from node_modules at run time: bundled (the CLI's esbuild bundle runs this), the
// native binding would be looked for next to the bundle.
const Database = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;

const COLS = `"bundleId","generation","ts","tsMicros","source","severity","label","text","artifact","line"`;
const ROW = "(?,?,?,?,?,?,?,?,?,?)";

/** SQLite keeps Prisma DateTimes as ISO text with "+00:00" (the better-sqlite3 adapter's default). */
const sqliteTs = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/**
 * Bulk-loads a timeline spool into SQLite on a connection of its own (not Prisma: one
 * prepared multi-row INSERT, reused), in short transactions, each also adding its rows to the
 * FTS5 text index (migration 0005) by their id range and moving Bundle.timelineProgress. The
 * last transaction makes the timeline visible (Bundle.timelineGeneration, timelineState
 * "ready") together with the last rows, guarded by the run's generation: a newer run having
 * begun, nothing is flipped and the loader stops ("superseded"). Rows of a transaction that
 * never committed are gone; rows of committed ones stay invisible until a run flips, and the
 * next run deletes them (lib/ingest/prune-timeline-generations.ts).
 */
export async function loadTimelineSqlite(file: string, o: LoadTimelineOptions): Promise<LoadResult> {
  // timeout: the busy wait for the write lock (the server writes too), as lib/db.ts's.
  const conn = new Database(file, { timeout: 15_000 });
  try {
    conn.pragma("journal_mode = WAL");
    conn.pragma("synchronous = NORMAL");
    const many = conn.prepare(`INSERT INTO "TimelineEvent" (${COLS}) VALUES ${Array(ROWS_PER_STATEMENT).fill(ROW).join(",")}`);
    const one = conn.prepare(`INSERT INTO "TimelineEvent" (${COLS}) VALUES ${ROW}`);
    // By rowid range only: with the bundle and generation in the WHERE, SQLite walked the
    // (bundleId, generation, ts) index, all of this run's rows, once per transaction.
    const fts = conn.prepare(`INSERT INTO "TimelineEventFts"(rowid, "text") SELECT "id", "text" FROM "TimelineEvent" WHERE "id" >= ? AND "id" <= ?`);
    const current = conn.prepare(`SELECT "generation" FROM "Bundle" WHERE "id" = ?`).pluck();
    const progress = conn.prepare(`UPDATE "Bundle" SET "timelineProgress" = ? WHERE "id" = ? AND "generation" = ?`);
    const flip = conn.prepare(
      // The overview's counts (Bundle.summaryJson, written in phase 1 from the spooled count)
      // get the rows actually loaded and the events dropped for an unreadable time.
      `UPDATE "Bundle" SET "timelineGeneration" = ?, "timelineState" = 'ready', "timelineProgress" = 1,
        "summaryJson" = CASE WHEN json_valid("summaryJson") THEN json_set("summaryJson", '$.counts.timelineEvents', ?, '$.counts.timelineDropped', ?) ELSE "summaryJson" END
        WHERE "id" = ? AND "generation" = ? AND "status" IN ('ready', 'partial')`,
    );
    const { bundleId, generation, total } = o;
    const params = (r: TSpoolRow, out: unknown[]) => out.push(bundleId, generation, sqliteTs(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
    let loaded = 0;
    let superseded = false;
    const spoolStats = { dropped: 0 };
    // One transaction: the rows, their text index entries, the progress; null when superseded.
    const commit = conn.transaction((rows: TSpoolRow[], last: boolean): boolean => {
      if (current.get(bundleId) !== generation) return false;
      let first: number | bigint | null = null;
      let lastId: number | bigint = 0;
      let i = 0;
      const p: unknown[] = [];
      for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
        p.length = 0;
        for (let j = i; j < i + ROWS_PER_STATEMENT; j++) params(rows[j]!, p);
        const r = many.run(p);
        // Rows of one statement get consecutive rowids: the last is lastInsertRowid.
        first ??= BigInt(r.lastInsertRowid) - BigInt(ROWS_PER_STATEMENT - 1);
        lastId = r.lastInsertRowid;
      }
      for (; i < rows.length; i++) {
        p.length = 0;
        params(rows[i]!, p);
        const r = one.run(p);
        first ??= r.lastInsertRowid;
        lastId = r.lastInsertRowid;
      }
      // Within the transaction this connection is the only writer, so the ids in between are ours.
      if (first !== null) fts.run(first, lastId);
      loaded += rows.length;
      if (last) {
        if (flip.run(generation, loaded, spoolStats.dropped, bundleId, generation).changes !== 1) throw new SupersededError();
      } else progress.run(total > 0 ? Math.min(0.99, loaded / total) : 0, bundleId, generation);
      return true;
    });
    const apply = (rows: TSpoolRow[], last: boolean) => {
      try {
        if (!commit.immediate(rows, last)) superseded = true;
      } catch (e) {
        if (!(e instanceof SupersededError)) throw e;
        superseded = true;
      }
    };
    let buf: TSpoolRow[] = [];
    for await (const frame of readSpool(o.spoolPath, spoolStats)) {
      o.signal?.throwIfAborted();
      for (const r of frame) buf.push(r);
      while (buf.length >= ROWS_PER_TRANSACTION && !superseded) {
        // The last rows wait for the final transaction, which also flips.
        apply(buf.slice(0, ROWS_PER_TRANSACTION), false);
        buf = buf.slice(ROWS_PER_TRANSACTION);
        o.onProgress?.(loaded);
        // Let other writers (the server) take the lock between transactions.
        await new Promise((r) => setImmediate(r));
      }
      if (superseded) break;
    }
    if (!superseded) apply(buf, true);
    return { status: superseded ? "superseded" : "ready", rows: loaded, dropped: spoolStats.dropped };
  } finally {
    conn.close();
  }
}

class SupersededError extends Error {}

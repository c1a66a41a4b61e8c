import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { readSpool, type TSpoolRow } from "../timeline-spool";
import type { LoadResult, LoadTimelineOptions } from "./load-options";

/** Rows per INSERT statement (10 parameters each; SQLite allows 32,766 since 3.32). */
const ROWS_PER_STATEMENT = 200;
/**
 * Rows per transaction. The web server's own writes (sessions, audit, other ingests'
 * progress) wait for the file's write lock while one is open, and better-sqlite3 waits
 * synchronously, on the server's event loop: ~5k rows commit in a few tens of milliseconds,
 * so a page that writes waits at most that.
 */
const ROWS_PER_TRANSACTION = 5_000;
/** Rows added to the FTS5 text index per transaction (~5x a plain row's cost each). */
const ROWS_PER_INDEX_TRANSACTION = 2_000;

// Loaded from node_modules at run time: bundled (the CLI's esbuild bundle runs this), the
// native binding would be looked for next to the bundle.
const Database = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;

const COLS = `"bundleId","generation","ts","tsMicros","source","severity","label","text","artifact","line"`;
const ROW = "(?,?,?,?,?,?,?,?,?,?)";

/** SQLite keeps Prisma DateTimes as ISO text with "+00:00" (the better-sqlite3 adapter's default). */
const sqliteTs = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/**
 * Bulk-loads a timeline spool into SQLite on a connection of its own (not Prisma: one
 * prepared multi-row INSERT, reused), in short transactions moving Bundle.timelineProgress.
 * The last transaction makes the timeline visible (Bundle.timelineGeneration) together with
 * the last rows, in timelineState "indexing", guarded by the run's generation: a newer run
 * having begun, nothing is flipped and the loader stops ("superseded"). Then the rows go into
 * the FTS5 text index (migration 0005) by the id ranges this run inserted, and the state
 * becomes "ready". Meanwhile the timeline is complete and a search reads its rows without the
 * index (choose-timeline-text-plan.ts: the same matches, slower): the index costs ~5x the
 * rows' own load (bench/web-ingest: 3M rows, ~13k rows/s with it in each transaction), and
 * nothing else waits for it. Rows of a transaction that never committed are gone; rows of
 * committed ones stay invisible until a run flips, and the next run deletes them
 * (lib/ingest/prune-timeline-generations.ts; the contentless FTS table takes deletes of
 * rows it never indexed).
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
      `UPDATE "Bundle" SET "timelineGeneration" = ?, "timelineState" = 'indexing', "timelineProgress" = 1,
        "summaryJson" = CASE WHEN json_valid("summaryJson") THEN json_set("summaryJson", '$.counts.timelineEvents', ?, '$.counts.timelineDropped', ?) ELSE "summaryJson" END
        WHERE "id" = ? AND "generation" = ? AND "status" IN ('ready', 'partial')`,
    );
    const { bundleId, generation, total } = o;
    const params = (r: TSpoolRow, out: unknown[]) => out.push(bundleId, generation, sqliteTs(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
    const indexed = conn.prepare(`UPDATE "Bundle" SET "timelineState" = 'ready' WHERE "id" = ? AND "generation" = ? AND "timelineGeneration" = ?`);
    let loaded = 0;
    let superseded = false;
    /** The id ranges this run inserted ([first, last], inclusive), for the text index. */
    const ranges: [bigint, bigint][] = [];
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
      if (first !== null) ranges.push([BigInt(first), BigInt(lastId)]);
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
    if (superseded) return { status: "superseded", rows: loaded, dropped: spoolStats.dropped };
    await o.onShown?.();
    // The text index, in short transactions; stops when a newer run began (its rows are pruned).
    const index = conn.transaction((lo: bigint, hi: bigint, last: boolean): boolean => {
      if (current.get(bundleId) !== generation) return false;
      fts.run(lo, hi);
      if (last && indexed.run(bundleId, generation, generation).changes !== 1) return false;
      return true;
    });
    const pieces = ranges.flatMap(([lo, hi]) => splitRange(lo, hi, BigInt(ROWS_PER_INDEX_TRANSACTION)));
    for (let i = 0; i < pieces.length || i === 0; i++) {
      o.signal?.throwIfAborted();
      const [lo, hi] = pieces[i] ?? [1n, 0n];
      if (!index.immediate(lo, hi, i >= pieces.length - 1)) return { status: "superseded", rows: loaded, dropped: spoolStats.dropped };
      await new Promise((r) => setImmediate(r));
    }
    return { status: "ready", rows: loaded, dropped: spoolStats.dropped };
  } finally {
    conn.close();
  }
}

class SupersededError extends Error {}

/** [lo, hi] (inclusive) in pieces of at most `size` ids. */
function splitRange(lo: bigint, hi: bigint, size: bigint): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  for (let a = lo; a <= hi; a += size) out.push([a, a + size - 1n < hi ? a + size - 1n : hi]);
  return out;
}

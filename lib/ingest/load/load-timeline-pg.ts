import { once } from "node:events";
import { createRequire } from "node:module";
import type PgModule from "pg";
import type CopyStreams from "pg-copy-streams";
import { readSpool, type TSpoolRow } from "../timeline-spool";
import type { LoadResult, LoadTimelineOptions } from "./load-options";

// Loaded from node_modules at run time, not bundled into the CLI's esbuild bundle (pg's
// optional native binding cannot be resolved there).
const req = createRequire(import.meta.url);
const pg = req("pg") as typeof PgModule;
const { from: copyFrom } = req("pg-copy-streams") as typeof CopyStreams;

const COLS = `"bundleId","generation","ts","tsMicros","source","severity","label","text","artifact","line"`;
/** How often Bundle.timelineProgress moves (from a second connection: the COPY's own transaction is not seen until it commits). */
const PROGRESS_EVERY_MS = 500;

/**
 * A text field of COPY's text format: backslash, tab, newline and carriage return escaped, NULL
 * as \N. PostgreSQL text cannot hold NUL, so a NUL in a log line becomes U+FFFD (the
 * INSERT path could not store such a line at all: the ingest failed).
 */
export function copyField(v: string | number | null): string {
  if (v === null) return "\\N";
  if (typeof v === "number") return String(v);
  return /[\\\t\n\r\0]/.test(v) ? v.replace(/[\\\t\n\r\0]/g, (c) => COPY_ESCAPES[c]!) : v;
}
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\uFFFD" };

/** timestamp(3) without zone, as Prisma writes it: UTC wall time. */
const pgTs = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace("T", " ");

/**
 * Bulk-loads a timeline spool into PostgreSQL with one `COPY … FROM STDIN` (pg-copy-streams)
 * on a connection of its own, in one transaction that also makes the timeline visible
 * (Bundle.timelineGeneration, timelineState "ready"), guarded by the run's generation: a crash
 * or a newer run leaves no row of this run behind. The trigram GIN index keeps itself; the
 * job ANALYZEs the table after a large load (lib/ingest/ingest-bundle-job.ts).
 */
export async function loadTimelinePg(url: string, o: LoadTimelineOptions): Promise<LoadResult> {
  const { bundleId, generation, total } = o;
  const client = new pg.Client({ connectionString: url });
  const side = new pg.Client({ connectionString: url });
  // A server gone mid-load fails the queries below; without a listener it would also be an
  // uncaught 'error' event.
  for (const c of [client, side]) c.on("error", () => undefined);
  await Promise.all([client.connect(), side.connect()]);
  let loaded = 0;
  let lastProgress = Date.now();
  let progressing: Promise<unknown> = Promise.resolve();
  let copy: ReturnType<typeof copyFrom> | null = null;
  try {
    await client.query("BEGIN");
    copy = client.query(copyFrom(`COPY "TimelineEvent" (${COLS}) FROM STDIN`));
    const copied = once(copy, "finish");
    copied.catch(() => undefined); // awaited below; on an early throw nobody does
    // An error of the COPY (a bad row, the server gone) fails the awaits below, not the process.
    let copyError: Error | null = null;
    copy.on("error", (e: Error) => (copyError ??= e));
    const head = `${copyField(bundleId)}\t${generation}\t`;
    const line = (r: TSpoolRow) =>
      head + `${pgTs(r[0])}\t${r[1]}\t${copyField(r[2])}\t${copyField(r[3])}\t${copyField(r[4])}\t${copyField(r[5])}\t${copyField(r[6])}\t${copyField(r[7])}\n`;
    const spoolStats = { dropped: 0 };
    for await (const frame of readSpool(o.spoolPath, spoolStats)) {
      o.signal?.throwIfAborted();
      if (copyError) throw copyError;
      let text = "";
      for (const r of frame) text += line(r);
      loaded += frame.length;
      if (!copy.write(text)) await Promise.race([once(copy, "drain"), copied]);
      if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = Date.now();
        const p = total > 0 ? Math.min(0.99, loaded / total) : 0;
        progressing = side.query(`UPDATE "Bundle" SET "timelineProgress" = $1 WHERE "id" = $2 AND "generation" = $3`, [p, bundleId, generation]).catch(() => undefined);
        o.onProgress?.(loaded);
      }
    }
    copy.end();
    await copied;
    if (copyError) throw copyError;
    await progressing;
    // The overview's counts (Bundle.summaryJson, text holding JSON, written in phase 1 from the
    // spooled count) get the rows actually loaded and the events dropped for an unreadable time.
    const flip = await client.query(
      `UPDATE "Bundle" SET "timelineGeneration" = $1, "timelineState" = 'ready', "timelineProgress" = 1,
        "summaryJson" = CASE WHEN "summaryJson" IS NULL THEN NULL ELSE jsonb_set(jsonb_set("summaryJson"::jsonb, '{counts,timelineEvents}', to_jsonb($3::int)), '{counts,timelineDropped}', to_jsonb($4::int))::text END
        WHERE "id" = $2 AND "generation" = $1 AND "status" IN ('ready', 'partial')`,
      [generation, bundleId, loaded, spoolStats.dropped],
    );
    if (flip.rowCount !== 1) {
      await client.query("ROLLBACK");
      return { status: "superseded", rows: 0, dropped: spoolStats.dropped };
    }
    await client.query("COMMIT");
    return { status: "ready", rows: loaded, dropped: spoolStats.dropped };
  } catch (e) {
    // A COPY still open holds the connection in copy mode: destroying the stream sends
    // CopyFail, which ends it (with an error), and only then can ROLLBACK run.
    if (copy && !copy.writableFinished) {
      const closed = once(copy, "close").catch(() => undefined);
      copy.destroy(e instanceof Error ? e : new Error(String(e)));
      await closed;
    }
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    await Promise.allSettled([client.end(), side.end()]);
  }
}

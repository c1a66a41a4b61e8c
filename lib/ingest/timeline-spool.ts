import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import v8 from "node:v8";
import type { TimelineEvent } from "@/lib/model/types";
import { splitTimestamp } from "@/lib/db/rows/timeline-event";

/**
 * The timeline spool: the analysis child writes its events to a file in the data dir's tmp/
 * as they come instead of handing each batch to the database, so the analysis never waits on
 * a database (before this, every batch crossed IPC to the server and was acked only once
 * INSERTed: 41 s to findings for a 2.8 s analysis, issue 16). The loader (lib/ingest/load)
 * then bulk-loads the file on a connection of its own.
 *
 * Format: frames of a 4-byte little-endian length and a v8.serialize'd batch of the
 * analyser's events as they are (the structured-clone format the IPC channel used before).
 * The writer, on the analysis's critical path, does nothing else: turning events into rows
 * (timestamp parsing, length limits, dropping unreadable times) is the reader's work, which
 * the loader does after the findings are shown (measured on 200k kubelet events: serialising
 * the events as they are took 0.3-0.6 s, making rows first and serialising those 0.75-0.9 s).
 * Only this module writes and reads it, in one version of the code (the file lives for one run).
 */

/** One spooled row: what TimelineEvent stores, minus bundle and generation (the loader adds them). */
export type TSpoolRow = [tsMs: number, tsMicros: number, source: string, severity: string | null, label: string, text: string, artifact: string | null, line: number | null];

/** A frame is one batch of the analysis; a length past this is a corrupt file. */
const MAX_FRAME_BYTES = 256 * 1024 * 1024;

export function timelineSpoolPath(dataDir: string, bundleId: string, generation: number): string {
  // bundleId comes from our own id generator (hex), never from the upload.
  return path.join(dataDir, "tmp", `timeline-${bundleId}-${generation}.spool`);
}

/**
 * Removes spools an earlier run of the bundle left behind (a process killed before its job's
 * `finally`: hundreds of MiB each). A stale run still using one is superseded anyway (its
 * loader then fails; nothing of it is shown).
 */
export async function removeStaleSpools(dataDir: string, bundleId: string, keep: string): Promise<number> {
  const dir = path.join(dataDir, "tmp");
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    if (!name.startsWith(`timeline-${bundleId}-`) || !name.endsWith(".spool") || file === keep) continue;
    await fsp.rm(file, { force: true });
    removed++;
  }
  return removed;
}

/** The row of an analyser event, as the database keeps it; null when its timestamp is unreadable. */
export function toSpoolRow(e: TimelineEvent): TSpoolRow | null {
  const t = splitTimestamp(e.ts);
  if (!t) return null;
  // The same limits as toTimelineEventRow (lib/db/rows/timeline-event.ts).
  return [t.ts.getTime(), t.tsMicros, e.source, e.severity ?? null, e.label.slice(0, 200), e.text.slice(0, 4000), e.artifact ?? null, e.line ?? null];
}

export interface SpoolStats {
  written: number;
  dropped: number;
}

export interface SpoolWriter {
  /** Events written; `dropped` stays 0 here (the reader counts unreadable times: readSpool). */
  stats: SpoolStats;
  /** Appends one batch; resolves once the file stream accepted it (backpressure). */
  add(events: TimelineEvent[]): Promise<void>;
  /** Flushes and closes the file (fsync not needed: a crash re-runs the whole ingest). */
  close(): Promise<SpoolStats>;
}

export async function createSpoolWriter(file: string): Promise<SpoolWriter> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const out = fs.createWriteStream(file, { flags: "w", mode: 0o600, highWaterMark: 1 << 20 });
  let failed: Error | null = null;
  out.on("error", (e) => (failed ??= e));
  const stats: SpoolStats = { written: 0, dropped: 0 };
  return {
    stats,
    async add(events) {
      if (failed) throw failed;
      if (events.length === 0) return;
      const body = v8.serialize(events);
      const head = Buffer.allocUnsafe(4);
      head.writeUInt32LE(body.length, 0);
      out.write(head);
      stats.written += events.length;
      if (!out.write(body)) {
        await new Promise<void>((resolve, reject) => {
          const done = (e?: Error) => {
            out.off("drain", done);
            out.off("error", done);
            if (e) reject(e);
            else resolve();
          };
          out.on("drain", done);
          out.on("error", done);
        });
      }
    },
    async close() {
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e || failed ? reject(e ?? failed) : resolve())));
      return stats;
    },
  };
}

/**
 * The spool's frames in order, each as the rows the database keeps; events with an unreadable
 * timestamp are left out and counted in `stats.dropped`. A truncated last frame is an error.
 */
export async function* readSpool(file: string, stats: { dropped: number } = { dropped: 0 }): AsyncGenerator<TSpoolRow[]> {
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let pending: Buffer[] = [];
  let have = 0;
  const take = (n: number): Buffer => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, have);
    pending = all.length > n ? [all.subarray(n)] : [];
    have -= n;
    return all.subarray(0, n);
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    pending.push(chunk);
    have += chunk.length;
    for (;;) {
      if (have < 4) break;
      const len = (pending[0]!.length >= 4 ? pending[0]! : Buffer.concat(pending, have)).readUInt32LE(0);
      if (len > MAX_FRAME_BYTES) throw new Error(`timeline spool ${path.basename(file)}: frame of ${len} bytes`);
      if (have < 4 + len) break;
      take(4);
      const rows: TSpoolRow[] = [];
      for (const e of v8.deserialize(take(len)) as TimelineEvent[]) {
        const r = toSpoolRow(e);
        if (r) rows.push(r);
        else stats.dropped++;
      }
      yield rows;
    }
  }
  if (have !== 0) throw new Error(`timeline spool ${path.basename(file)}: truncated (${have} bytes left over)`);
}

import "server-only";
import type { TimelineEvent } from "@/lib/model/types";
import { insertTimelineRows, type TimelineRow } from "./insert-timeline-rows";

export const EVENT_BATCH = 1000;

/** ISO text → Date (ms) plus the sub-millisecond digits as micros, so order stays exact. */
export function splitTimestamp(ts: string): { ts: Date; tsMicros: number } | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)?$/.exec(ts.trim());
  if (!m) {
    const d = new Date(ts);
    return Number.isNaN(d.getTime()) ? null : { ts: d, tsMicros: 0 };
  }
  const frac = (m[2] ?? "").padEnd(6, "0");
  const d = new Date(`${m[1]}.${frac.slice(0, 3)}${m[3] ?? "Z"}`);
  return Number.isNaN(d.getTime()) ? null : { ts: d, tsMicros: Number(frac.slice(3, 6)) };
}

/**
 * Buffers events from the analyser and writes them in multi-row INSERTs of EVENT_BATCH
 * rows. Writes are chained, so callbacks that do not await still land in order and
 * at most one batch is in flight. Events with an unreadable timestamp are counted, not kept.
 */
export function createTimelineWriter(bundleId: string, opts: { batchSize?: number; signal?: AbortSignal } = {}) {
  const size = opts.batchSize ?? EVENT_BATCH;
  let buf: TimelineRow[] = [];
  let chain: Promise<void> = Promise.resolve();
  const stats = { written: 0, dropped: 0 };
  const write = (rows: typeof buf) => {
    chain = chain.then(async () => {
      opts.signal?.throwIfAborted();
      await insertTimelineRows(rows);
      stats.written += rows.length;
    });
    return chain;
  };
  return {
    stats,
    add(events: TimelineEvent[]): Promise<void> {
      for (const e of events) {
        const t = splitTimestamp(e.ts);
        if (!t) {
          stats.dropped++;
          continue;
        }
        buf.push({ bundleId, ...t, source: e.source, severity: e.severity ?? null, label: e.label.slice(0, 200), text: e.text.slice(0, 4000), artifact: e.artifact ?? null, line: e.line ?? null });
      }
      if (buf.length < size) return chain;
      const rows = buf;
      buf = [];
      const writes: Promise<void>[] = [];
      for (let i = 0; i < rows.length; i += size) writes.push(write(rows.slice(i, i + size)));
      return writes[writes.length - 1]!;
    },
    async flush(): Promise<typeof stats> {
      if (buf.length) {
        const rows = buf;
        buf = [];
        await write(rows);
      }
      await chain;
      return stats;
    },
  };
}

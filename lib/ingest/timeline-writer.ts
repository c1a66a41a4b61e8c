import "server-only";
// Not the ingest job's path any more (that is the spool and lib/ingest/load, issue 16): tests
// and bench/timeline seed timelines through Prisma with this.
import type { TimelineEvent } from "@/lib/model/types";
import { toTimelineEventRow, type TTimelineEventRow } from "@/lib/db/rows/timeline-event";
import { insertTimelineRows } from "./insert-timeline-rows";

export const EVENT_BATCH = 1000;

/**
 * Buffers events from the analyser and writes them in multi-row INSERTs of EVENT_BATCH
 * rows. Writes are chained, so callbacks that do not await still land in order and
 * at most one batch is in flight. Events with an unreadable timestamp are counted, not kept.
 */
export function createTimelineWriter(bundleId: string, opts: { batchSize?: number; signal?: AbortSignal } = {}) {
  const size = opts.batchSize ?? EVENT_BATCH;
  let buf: TTimelineEventRow[] = [];
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
        const row = toTimelineEventRow(bundleId, e);
        if (row) buf.push(row);
        else stats.dropped++;
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

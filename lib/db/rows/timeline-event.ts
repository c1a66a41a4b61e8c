import type { TimelineEvent } from "@/lib/model/types";

/**
 * The TimelineEvent row: written in batches by lib/ingest (insert-timeline-rows.ts, raw
 * multi-row INSERTs), read a page at a time by lib/queries/list-timeline-events.ts.
 * The timestamp is split in two columns: `ts` to the millisecond (a DateTime) and `tsMicros`
 * the sub-millisecond digits, so events keep their exact order.
 */
export interface TTimelineEventRow {
  bundleId: string;
  ts: Date;
  tsMicros: number;
  source: string;
  severity: string | null;
  label: string;
  text: string;
  artifact: string | null;
  line: number | null;
}

/** One event as the timeline reads it: its id, and `ts` back as ISO text with its sub-millisecond digits. */
export type TTimelineEventRead = Omit<TTimelineEventRow, "bundleId" | "ts" | "tsMicros"> & { id: number; ts: string };

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

/** The row of an analyser event; null when its timestamp is unreadable (such events are counted, not kept). */
export function toTimelineEventRow(bundleId: string, e: TimelineEvent): TTimelineEventRow | null {
  const t = splitTimestamp(e.ts);
  if (!t) return null;
  return { bundleId, ...t, source: e.source, severity: e.severity ?? null, label: e.label.slice(0, 200), text: e.text.slice(0, 4000), artifact: e.artifact ?? null, line: e.line ?? null };
}

export function fromTimelineEventRow({ tsMicros, ts, ...r }: Omit<TTimelineEventRow, "bundleId"> & { id: number }): TTimelineEventRead {
  return { ...r, ts: ts.toISOString().replace("Z", tsMicros ? String(tsMicros).padStart(3, "0") + "Z" : "Z") };
}

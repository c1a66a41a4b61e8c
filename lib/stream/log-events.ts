/**
 * Records → NodeModel TimelineEvent, for ingest/model to call per record as they stream.
 * Records without a placed time (continuation lines, year-less stamps with no reference)
 * give null: the timeline is ordered by time and cannot hold them.
 */
import type { TimelineEvent } from "@/lib/stream/types";
import type { DmesgRecord } from "@/lib/parsers/logs/dmesg";
import type { JournalRecord } from "@/lib/parsers/logs/journal-types";
import type { LogLevel } from "@/lib/parsers/logs/level";
import type { LogRecord } from "@/lib/parsers/logs/log-types";

const SEVERITY: Record<LogLevel, NonNullable<TimelineEvent["severity"]>> = {
  emerg: "critical", alert: "critical", crit: "critical", error: "high", warning: "medium", notice: "low", info: "info", debug: "info",
};

/** Timeline text is a one-line summary; the full message stays in the artifact view. */
const MAX_TEXT = 2000;

function event(ts: string | null, source: TimelineEvent["source"], label: string, text: string, level: LogLevel | undefined, artifact: string, line: number): TimelineEvent | null {
  if (ts === null) return null;
  const e: TimelineEvent = { ts, source, label, text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text, artifact, line };
  if (level) e.severity = SEVERITY[level];
  return e;
}

export function journalTimelineEvent(r: JournalRecord, artifact: string): TimelineEvent | null {
  return event(r.ts, "journal", r.unit ?? r.identifier ?? "journal", r.message, r.level, artifact, r.line);
}

/** logs/files/__var__log__kubelet.log → kubelet.log (the collector flattens paths with "__"). */
function fileLabel(artifact: string): string {
  const base = artifact.slice(artifact.lastIndexOf("/") + 1);
  const cut = base.lastIndexOf("__");
  return cut >= 0 && cut + 2 < base.length ? base.slice(cut + 2) : base;
}

/** `label` defaults to the program, else the file name (kubelet.log → kubelet.log). */
export function logTimelineEvent(r: LogRecord, artifact: string): TimelineEvent | null {
  return event(r.ts, "log", r.program ?? fileLabel(artifact), r.message, r.level, artifact, r.line);
}

export function dmesgTimelineEvent(r: DmesgRecord, artifact: string): TimelineEvent | null {
  return event(r.ts, "log", "kernel", r.message, r.level, artifact, r.line);
}

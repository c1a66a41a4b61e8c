/**
 * Stream one journal/log/dmesg artifact: each record becomes a timeline event (handed on in
 * batches) and is matched against the declared log signals. Nothing is kept per line but
 * the signal matches, so a multi-million-line journal costs constant memory.
 */
import type { EntryBody } from "@/lib/archive";
import { LOG_SINKS, type DmesgRecord, type JournalRecord, type LogRecord, type RecordSink, type StreamResult } from "@/lib/parsers/logs";
import { dmesgTimelineEvent, journalTimelineEvent, logTimelineEvent } from "@/lib/stream/log-events";
import type { TimeContext } from "@/lib/time";
import type { LogSignal, TimelineEvent } from "@/lib/stream/types";
import { matchSignals, type SignalMatcher } from "@/lib/stream/signal-matcher";
import { forEachLine } from "@/lib/stream/line-splitter";
import { KeywordLines } from "@/lib/stream/keyword-lines";

type LogKind = keyof typeof LOG_SINKS;
type AnyLogRecord = JournalRecord | LogRecord | DmesgRecord;

export const STREAMED_KINDS = new Set<string>(Object.keys(LOG_SINKS));
const JOURNAL_KINDS = new Set<string>(["journal", "journal-json", "journal-export"]);

function toEvent(kind: LogKind, r: AnyLogRecord, path: string): TimelineEvent | null {
  if (kind === "log") return logTimelineEvent(r as LogRecord, path);
  if (kind === "dmesg") return dmesgTimelineEvent(r as DmesgRecord, path);
  return journalTimelineEvent(r as JournalRecord, path);
}

export async function streamLogArtifact(opts: {
  kind: string;
  path: string;
  body: EntryBody;
  time: TimeContext;
  /** The rules' log signals, compiled; matches past a signal's `keep` are only counted. */
  matcher: SignalMatcher;
  signals: LogSignal[];
  /** Matches seen per signal id over the whole bundle (also those past the cap). */
  signalCounts: Map<string, number>;
  emit: (e: TimelineEvent) => void;
  flush: () => Promise<void>;
  /** Receives the raw chunks too, for callers that keep the text (artifact viewer). */
  tee?: (chunk: Buffer) => void;
}): Promise<StreamResult<unknown>> {
  const kind = opts.kind as LogKind;
  if (!STREAMED_KINDS.has(kind)) throw new Error(`no streaming parser for kind ${opts.kind}`);
  const counts = opts.signalCounts;
  // Big plain-text logs: a worker finds the lines with a keyword; only their records are matched.
  const lines = KeywordLines.for(kind, opts.body.size, opts.matcher);
  const onRecord = (r: AnyLogRecord) => {
    // A line whose time could not be placed still counts as evidence, but has no place on the timeline.
    const event = toEvent(kind, r, opts.path);
    if (event) opts.emit(event);
    // Signals see "program: message", as syslog prints it, so a pattern can name the program.
    const label = event?.label ?? opts.path.split("/").pop() ?? opts.path;
    if (lines && !lines.mayMatch(r.line, (r as { lineEnd?: number }).lineEnd ?? r.line, label)) return;
    const text = `${label}: ${r.message}`;
    // journald records the sender's PID as the host sees it; a plain log's "pid" (klog's thread id) may be a container's own.
    const pid = JOURNAL_KINDS.has(kind) ? (r as { pid?: number }).pid : undefined;
    for (const m of matchSignals(opts.matcher, text)) {
      const n = counts.get(m.id) ?? 0;
      counts.set(m.id, n + 1);
      if (n >= m.keep) continue;
      const signal: LogSignal = { signal: m.id, ts: r.ts, artifact: opts.path, line: r.line, text: text.slice(0, 2000), groups: m.groups };
      if (pid !== undefined) signal.pid = pid;
      opts.signals.push(signal);
    }
  };
  // journal-export is fed latin1 so the byte lengths of its binary fields stay exact.
  const latin1 = kind === "journal-export";
  const factory = LOG_SINKS[kind] as (o: { path: string; time: TimeContext; onRecord: (r: AnyLogRecord) => void; encoding?: "latin1" }) => RecordSink<unknown>;
  const sink = factory({ path: opts.path, time: opts.time, onRecord, ...(latin1 ? { encoding: "latin1" as const } : {}) });
  const chunks = opts.tee ? tee(opts.body.chunks(), opts.tee) : opts.body.chunks();
  try {
    const onLine = lines ? (l: string, n: number, hit: boolean) => (lines.line(n, hit), sink.push(l, n)) : (l: string, n: number) => sink.push(l, n);
    await forEachLine(chunks, latin1 ? "latin1" : "utf8", onLine, { afterChunk: opts.flush, scan: lines ?? undefined });
  } finally {
    await lines?.close();
  }
  return sink.end();
}

async function* tee(src: AsyncIterable<Buffer>, onChunk: (c: Buffer) => void): AsyncIterable<Buffer> {
  for await (const c of src) {
    onChunk(c);
    yield c;
  }
}

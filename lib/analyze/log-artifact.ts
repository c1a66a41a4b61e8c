/**
 * Stream one journal/log/dmesg artifact: each record becomes a timeline event (handed on in
 * batches) and is matched against the declared log signals. Nothing is kept per line but
 * the signal matches, so a multi-million-line journal costs constant memory.
 */
import type { EntryBody } from "@/lib/archive";
import type { JournalRecord } from "@/lib/parsers/logs/journal-types";
import type { LogRecord } from "@/lib/parsers/logs/log-types";
import type { DmesgRecord } from "@/lib/parsers/logs/dmesg";
import { createJournalExportSink } from "@/lib/parsers/logs/journal-export";
import { createJournalSink } from "@/lib/parsers/logs/journal";
import { createJournalJsonSink } from "@/lib/parsers/logs/journal-json";
import { createLogSink } from "@/lib/parsers/logs/log";
import { createDmesgSink } from "@/lib/parsers/logs/dmesg";
import type { LogLevel } from "@/lib/parsers/logs/level";
import type { LogSinkOptions, RecordSink, StreamResult } from "@/lib/parsers/logs/sink-base";
import type { TimeContext } from "@/lib/time";
import type { LogSignal, Severity, TimelineEvent, TimelineSource } from "@/lib/model/types";
import type { RuleSet } from "@/lib/rules";
import { matchSignals } from "@/lib/rules/match-signals";
import { forEachLine } from "@/lib/analyze/line-splitter";

type AnyLogRecord = JournalRecord | LogRecord | DmesgRecord;

const LEVEL_SEVERITY: Partial<Record<LogLevel, Severity>> = { emerg: "high", alert: "high", crit: "high", error: "medium", warning: "low" };
/** Cap per signal id: a crash loop can log the same error a million times. */
const MAX_SIGNALS_PER_ID = 500;

/** Streaming sinks by kind; journal-export is fed latin1 so its binary lengths stay exact. */
const SINKS: Record<string, (o: LogSinkOptions<AnyLogRecord>) => RecordSink<unknown>> = {
  journal: (o) => createJournalSink(o as LogSinkOptions<JournalRecord>) as RecordSink<unknown>,
  "journal-json": (o) => createJournalJsonSink(o as LogSinkOptions<JournalRecord>) as RecordSink<unknown>,
  "journal-export": (o) => createJournalExportSink({ ...(o as LogSinkOptions<JournalRecord>), encoding: "latin1" }) as RecordSink<unknown>,
  log: (o) => createLogSink(o as LogSinkOptions<LogRecord>) as RecordSink<unknown>,
  dmesg: (o) => createDmesgSink(o as LogSinkOptions<DmesgRecord>) as RecordSink<unknown>,
};

export const STREAMED_KINDS = new Set(Object.keys(SINKS));

export interface LogArtifactResult {
  result: StreamResult<unknown>;
  lines: number;
}

function labelOf(r: AnyLogRecord, path: string): string {
  if ("identifier" in r && r.identifier) return r.identifier;
  if ("unit" in r && r.unit) return r.unit;
  if ("program" in r && r.program) return r.program;
  return path.split("/").pop()?.replace(/\.(txt|log)$/, "") ?? path;
}

export async function streamLogArtifact(opts: {
  kind: string;
  path: string;
  body: EntryBody;
  time: TimeContext;
  ruleSet: RuleSet;
  signals: LogSignal[];
  emit: (e: TimelineEvent) => void;
  flush: () => Promise<void>;
  /** Receives the raw chunks too, for callers that keep the text (artifact viewer). */
  tee?: (chunk: Buffer) => void;
}): Promise<LogArtifactResult> {
  const source: TimelineSource = opts.kind === "log" ? "log" : "journal";
  const counts = new Map<string, number>();
  const onRecord = (r: AnyLogRecord) => {
    const text = r.message;
    const line = r.line;
    const label = labelOf(r, opts.path);
    // A line whose time could not be placed still counts as evidence, but has no place on the timeline.
    if (r.ts !== null) opts.emit({ ts: r.ts, source, severity: r.level ? LEVEL_SEVERITY[r.level] : undefined, label, text, artifact: opts.path, line });
    for (const m of matchSignals(opts.ruleSet, text)) {
      const n = counts.get(m.id) ?? 0;
      if (n >= MAX_SIGNALS_PER_ID) continue;
      counts.set(m.id, n + 1);
      opts.signals.push({ signal: m.id, ts: r.ts, artifact: opts.path, line, text: `${label}: ${text}`.slice(0, 2000), groups: m.groups });
    }
  };
  const latin1 = opts.kind === "journal-export";
  const factory = SINKS[opts.kind];
  if (!factory) throw new Error(`no streaming parser for kind ${opts.kind}`);
  const sink = factory({ path: opts.path, time: opts.time, onRecord });
  const chunks = opts.tee ? tee(opts.body.chunks(), opts.tee) : opts.body.chunks();
  const lines = await forEachLine(chunks, latin1 ? "latin1" : "utf8", (l, n) => sink.push(l, n), { afterChunk: opts.flush });
  return { result: sink.end(), lines };
}

async function* tee(src: AsyncIterable<Buffer>, onChunk: (c: Buffer) => void): AsyncIterable<Buffer> {
  for await (const c of src) {
    onChunk(c);
    yield c;
  }
}

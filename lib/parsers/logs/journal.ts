/**
 * journalctl text outputs (artifact kind `journal`): the collector's `-o short-iso-precise`
 * and the other short-* forms (see journal-line.ts), with `-- ... --` markers and indented
 * continuation lines folded into the entry they continue.
 *
 * Streaming: at most one entry (the one still collecting continuation lines) is held.
 * A `journal` artifact that turns out to be `-o json` or `-o export` (sosreports, --extra
 * files) is handed to that parser, decided on its first non-blank line.
 */
import { levelFromMessage } from "@/lib/parsers/logs/level";
import { readMarker } from "@/lib/parsers/logs/journal-markers";
import { splitJournalLine, type RawJournalLine } from "@/lib/parsers/logs/journal-line";
import type { JournalRecord } from "@/lib/parsers/logs/journal-types";
import { createJournalExportSink } from "@/lib/parsers/logs/journal-export";
import { createJournalJsonSink } from "@/lib/parsers/logs/journal-json";
import { Collector, MAX_MESSAGE_CHARS, logParser, stripCr, type LogSinkOptions, type RecordSink, setMessage } from "@/lib/parsers/logs/sink-base";
import { NotDataProbe, looksBinary } from "@/lib/parsers/logs/text-checks";
import { toIsoUtc } from "@/lib/time/civil";
import { fromUptime } from "@/lib/time/parse-other";
import { resolveYearLess } from "@/lib/time/parse-year-less";
import type { Instant, TimeContext } from "@/lib/time/types";

interface Open {
  rec: JournalRecord;
  col: number;
  parts: string[] | null;
  size: number;
}

export function createJournalTextSink(opts: LogSinkOptions<JournalRecord>): RecordSink<JournalRecord> {
  const out = new Collector<JournalRecord>(opts.onRecord, opts.maxIssues);
  const probe = new NotDataProbe();
  // Header-derived reference, used only for what the bundle's time context lacks.
  let time: TimeContext = { ...opts.time };
  let bootId: string | undefined;
  // The entry still collecting continuation lines: `slot` when there is one (one object
  // for the whole journal instead of one per entry).
  const slot: Open = { rec: null as unknown as JournalRecord, col: 0, parts: null, size: 0 };
  let open: Open | null = null;
  // Consecutive entries mostly share a pid (the same string, see splitJournalLine).
  let pidText: string | undefined;
  let pidNumber = 0;

  const flush = () => {
    if (!open) return;
    if (open.parts) {
      setMessage(open.rec, open.parts.join("\n"));
    }
    out.emit(open.rec);
    open = null;
  };

  const place = (raw: RawJournalLine, lineNo: number): Instant | null => {
    const s = raw.stamp;
    if (s.kind === "instant") return s.t;
    if (s.kind === "zone-unknown") {
      out.warnOnce("zone", "short-full stamps with an unknown zone name: node offset assumed", lineNo);
      return s.t;
    }
    if (s.kind === "uptime") {
      const t = fromUptime(s.seconds, time);
      if (!t) out.warnOnce("boot", "monotonic stamps without a boot time: ts left null", lineNo);
      return t;
    }
    const t = resolveYearLess(s.f, time);
    if (!t) out.warnOnce("year", "year-less stamps without a collection time: ts left null", lineNo);
    return t;
  };

  const start = (raw: RawJournalLine, lineNo: number) => {
    const t = place(raw, lineNo);
    const long = raw.message.length > MAX_MESSAGE_CHARS;
    if (raw.pid !== undefined && raw.pid !== pidText) (pidText = raw.pid), (pidNumber = Number(raw.pid));
    // Every field in one literal, absent ones undefined (JSON and toEqual skip them): adding
    // them one by one grew each record's property store twice, on millions of records. The
    // order is the JSON order, message last (golden files stay readable).
    const rec: JournalRecord = {
      line: lineNo,
      lineEnd: lineNo,
      ts: t ? toIsoUtc(t) : null,
      epochMs: t ? t.epochMs : null,
      stamp: t ? undefined : raw.stampText,
      host: raw.host !== "" ? raw.host : undefined,
      identifier: raw.identifier,
      pid: raw.pid !== undefined ? pidNumber : undefined,
      level: levelFromMessage(raw.message),
      bootId,
      // clip() inlined: one object less per entry on a multi-million-line journal.
      message: long ? raw.message.slice(0, MAX_MESSAGE_CHARS) : raw.message,
      truncated: long ? true : undefined,
    };
    slot.rec = rec;
    slot.col = raw.messageCol;
    slot.parts = null;
    slot.size = rec.message.length;
    open = slot;
  };

  const marker = (line: string, lineNo: number): boolean => {
    const m = readMarker(line);
    if (!m) return false;
    flush();
    if (m.kind === "boot") bootId = m.bootId ?? undefined;
    else if (m.kind === "range") {
      if (m.end && (time.referenceEpochMs ?? null) === null) {
        time = { ...time, referenceEpochMs: m.end.epochMs };
        out.warnOnce("header-ref", "year of year-less stamps taken from the journal header", lineNo);
      }
      if (m.endOffsetSeconds !== null && (time.utcOffsetSeconds ?? null) === null) {
        time = { ...time, utcOffsetSeconds: m.endOffsetSeconds };
        out.warnOnce("header-zone", "node offset taken from the zone in the journal header", lineNo);
      }
    } else if (m.kind === "other") out.warn(`unknown marker: ${m.text.slice(0, 200)}`, lineNo);
    return true;
  };

  return {
    push(rawLine, lineNo) {
      const line = stripCr(rawLine);
      if (out.count === 0 && open === null) probe.see(line);
      if (line === "") return;
      if (line.charCodeAt(0) === 32 && open) {
        // Continuation: strip the indent up to the message column, keep deeper indentation.
        const o: Open = open;
        let k = 0;
        while (k < o.col && line.charCodeAt(k) === 32) k++;
        o.parts ??= [o.rec.message];
        if (o.size < MAX_MESSAGE_CHARS) o.parts.push(line.slice(k));
        o.size += line.length - k + 1;
        o.rec.lineEnd = lineNo;
        return;
      }
      if (line.charCodeAt(0) === 45 /* - */ && marker(line, lineNo)) return;
      const raw = splitJournalLine(line, time);
      if (raw) {
        flush();
        start(raw, lineNo);
        return;
      }
      flush();
      if (looksBinary(line)) out.warnOnce("binary", "binary data in journal text", lineNo);
      out.skip(lineNo, line);
    },
    end() {
      flush();
      return out.result(out.count === 0 ? probe.verdict() : undefined);
    },
  };
}

/** Which journalctl output a `journal` artifact holds, from its first non-blank line. */
export function journalForm(firstLine: string): "text" | "json" | "export" {
  if (firstLine.charCodeAt(0) === 123 /* { */) return "json";
  return /^__(CURSOR|REALTIME_TIMESTAMP)=/.test(firstLine) ? "export" : "text";
}

/** Text, json or export journal, told apart by the first non-blank line. */
export function createJournalSink(opts: LogSinkOptions<JournalRecord>): RecordSink<JournalRecord> {
  let inner: RecordSink<JournalRecord> | null = null;
  const blanks: number[] = [];
  return {
    push(line, lineNo) {
      if (!inner) {
        if (line.trim() === "") return void blanks.push(lineNo);
        const form = journalForm(line);
        inner = form === "json" ? createJournalJsonSink(opts) : form === "export" ? createJournalExportSink(opts) : createJournalTextSink(opts);
        for (const b of blanks) inner.push("", b);
      }
      inner.push(line, lineNo);
    },
    end() {
      return (inner ?? createJournalTextSink(opts)).end();
    },
  };
}

export const journalParser = logParser<JournalRecord>("journal", createJournalSink);

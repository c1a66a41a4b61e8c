/**
 * Generic log files (artifact kind `log`): one record per non-blank line. Stamped lines are
 * split by log-line.ts; lines without a stamp (multi-line messages, the indented
 * iptables-restore error text under a kube-proxy `err=<` line) become records with ts null
 * that point at the stamped record above them. Nothing is held between lines.
 */
import { levelFromMessage } from "@/lib/parsers/logs/level";
import { splitLogLine, type RawLog } from "@/lib/parsers/logs/log-line";
import type { LogRecord } from "@/lib/parsers/logs/log-types";
import { Collector, logParser, stripCr, type LogSinkOptions, type RecordSink, setMessage } from "@/lib/parsers/logs/sink-base";
import { NotDataProbe, classifyErrorLine, looksBinary } from "@/lib/parsers/logs/text-checks";
import { toIsoUtc } from "@/lib/time/civil";
import { fromUptime } from "@/lib/time/parse-other";
import { resolveYearLess } from "@/lib/time/parse-year-less";
import type { Instant } from "@/lib/time/types";

export function createLogSink(opts: LogSinkOptions<LogRecord>): RecordSink<LogRecord> {
  const out = new Collector<LogRecord>(opts.onRecord, opts.maxIssues);
  const probe = new NotDataProbe();
  const time = opts.time;
  const offsetKnown = (time?.utcOffsetSeconds ?? null) !== null;
  let lastStamped = 0;

  const place = (raw: RawLog, lineNo: number): Instant | null => {
    const s = raw.stamp;
    if (s.kind === "instant") {
      if (!s.zoned && !offsetKnown) out.warnOnce("offset", "stamps without a zone and no node offset: read as UTC", lineNo);
      return s.t;
    }
    if (s.kind === "uptime") {
      const t = fromUptime(s.seconds, time);
      if (!t) out.warnOnce("boot", "seconds-since-boot stamps without a boot time: ts left null", lineNo);
      return t;
    }
    if (s.kind === "bad") {
      out.warnOnce("bad", `unreadable timestamp "${s.text.slice(0, 60)}": ts left null`, lineNo);
      return null;
    }
    const t = resolveYearLess(s.f, time);
    if (!t) out.warnOnce("year", "year-less stamps without a collection time: ts left null", lineNo);
    else if (!offsetKnown) out.warnOnce("offset", "stamps without a zone and no node offset: read as UTC", lineNo);
    return t;
  };

  const stamped = (raw: RawLog, lineNo: number) => {
    const t = place(raw, lineNo);
    const rec = { line: lineNo, ts: t ? toIsoUtc(t) : null, epochMs: t ? t.epochMs : null } as LogRecord;
    if (!t && raw.stampText) rec.stamp = raw.stampText.slice(0, 64);
    rec.format = raw.format;
    const level = raw.level ?? levelFromMessage(raw.message);
    if (level) rec.level = level;
    if (raw.host !== undefined) rec.host = raw.host;
    if (raw.program !== undefined) rec.program = raw.program;
    if (raw.pid !== undefined) rec.pid = Number(raw.pid);
    if (raw.source !== undefined) rec.source = raw.source;
    setMessage(rec, raw.message);
    lastStamped = lineNo;
    out.emit(rec);
  };

  return {
    push(rawLine, lineNo) {
      const line = stripCr(rawLine);
      if (out.count === 0) probe.see(line);
      if (line.trim() === "") return;
      const raw = splitLogLine(line, time);
      if (raw) return stamped(raw, lineNo);
      // An error message before any stamped line is the command failing, not log text.
      if (lastStamped === 0 && classifyErrorLine(line) !== undefined) return out.skip(lineNo, line);
      if (looksBinary(line)) {
        out.warnOnce("binary", "binary data in log", lineNo);
        return out.skip(lineNo, line);
      }
      const rec = { line: lineNo, ts: null, epochMs: null } as LogRecord;
      if (lastStamped > 0) rec.continues = lastStamped;
      setMessage(rec, line);
      out.emit(rec);
    },
    end() {
      return out.result(out.count === 0 ? probe.verdict() : undefined);
    },
  };
}

export const logFileParser = logParser<LogRecord>("log", createLogSink);

/**
 * Kernel ring buffer (artifact kind `dmesg`), in the forms the collector may store:
 *   [ 1484.336156] br0: port 1(veth1) entered blocking state      plain: seconds since boot
 *   [Mon Nov 23 13:02:36 2026] br0: port 1(veth1) entered ...     dmesg -T: node-local ctime
 *   kern  :info  : [ 1484.336156] msg                            dmesg -x: facility, level
 *   <6>[ 1484.336156] msg                                         dmesg -r: raw priority
 *   2026-11-23T13:02:36,336156+00:00 msg                          --time-format iso
 * Plain stamps need the boot time (ctx.time.bootEpochMs); without it ts is null and
 * `uptime` still orders the lines. dmesg -T is only as good as the kernel's idea of boot
 * time (it drifts after suspend), so plain + btime is preferred when both exist.
 */
import { levelFromPriority, normalizeLevel, type LogLevel } from "@/lib/parsers/logs/level";
import { Collector, clip, logParser, stripCr, type LogSinkOptions, type RecordSink, setMessage } from "@/lib/parsers/logs/sink-base";
import { NotDataProbe, classifyErrorLine, looksBinary } from "@/lib/parsers/logs/text-checks";
import { toIsoUtc } from "@/lib/time/civil";
import { parseIsoAt } from "@/lib/time/parse-iso";
import { fromUptime, parseCtimeAt } from "@/lib/time/parse-other";
import type { Instant } from "@/lib/time/types";

export interface DmesgRecord {
  line: number;
  ts: string | null;
  epochMs: number | null;
  /** Seconds since boot as printed (plain/-x/-r forms). */
  uptime?: number;
  facility?: string;
  level?: LogLevel;
  /** Line of the stamped record above, for lines without a stamp. */
  continues?: number;
  message: string;
  truncated?: true;
}

const DECODE_PREFIX = /^([a-z0-9]{2,8}) *:([a-z]{3,6}) *: /;
const UPTIME = /^\[ *(\d{1,10}\.\d{1,9})\] ?/;

interface Head {
  facility?: string;
  level?: LogLevel;
  rest: string;
}

/** Strip `<N>` or `kern  :info  : ` prefixes. */
function readHead(line: string): Head {
  if (line.charCodeAt(0) === 60 /* < */) {
    const gt = line.indexOf(">");
    const pri = gt > 1 && gt < 6 ? Number(line.slice(1, gt)) : NaN;
    if (Number.isInteger(pri)) return { level: levelFromPriority(pri & 7), rest: line.slice(gt + 1) };
  }
  const m = DECODE_PREFIX.exec(line);
  if (m) return { facility: m[1], level: normalizeLevel(m[2] ?? ""), rest: line.slice(m[0].length) };
  return { rest: line };
}

export function createDmesgSink(opts: LogSinkOptions<DmesgRecord>): RecordSink<DmesgRecord> {
  const out = new Collector<DmesgRecord>(opts.onRecord, opts.maxIssues);
  const probe = new NotDataProbe();
  const time = opts.time;
  let lastStamped = 0;

  const emit = (lineNo: number, t: Instant | null, head: Head, message: string, uptime?: number) => {
    const rec = { line: lineNo, ts: t ? toIsoUtc(t) : null, epochMs: t ? t.epochMs : null } as DmesgRecord;
    if (uptime !== undefined) rec.uptime = uptime;
    if (head.facility) rec.facility = head.facility;
    if (head.level) rec.level = head.level;
    setMessage(rec, message);
    lastStamped = lineNo;
    out.emit(rec);
  };

  return {
    push(rawLine, lineNo) {
      const line = stripCr(rawLine);
      if (out.count === 0) probe.see(line);
      if (line.trim() === "") return;
      const head = readHead(line);
      const r = head.rest;
      if (r.charCodeAt(0) === 91 /* [ */) {
        const up = UPTIME.exec(r);
        if (up) {
          const t = fromUptime(up[1] ?? "", time);
          if (!t) out.warnOnce("boot", "seconds-since-boot stamps without a boot time: ts left null", lineNo);
          return emit(lineNo, t, head, r.slice(up[0].length), Number(up[1]));
        }
        const ct = parseCtimeAt(r, 1, time);
        if (ct && r[ct.end] === "]") {
          if ((time?.utcOffsetSeconds ?? null) === null) out.warnOnce("offset", "dmesg -T stamps with no node offset: read as UTC", lineNo);
          return emit(lineNo, ct.t, head, r.slice(ct.end + (r[ct.end + 1] === " " ? 2 : 1)));
        }
      }
      const c = r.charCodeAt(0);
      if (c >= 48 && c <= 57) {
        const iso = parseIsoAt(r, 0, time);
        if (iso) return emit(lineNo, iso.t, head, r.slice(iso.end).replace(/^ /, ""));
      }
      // An error message before any stamped line is the command failing, not log text.
      if (lastStamped === 0 && classifyErrorLine(line) !== undefined) return out.skip(lineNo, line);
      if (looksBinary(line)) {
        out.warnOnce("binary", "binary data in dmesg", lineNo);
        return out.skip(lineNo, line);
      }
      // No stamp: a wrapped line, or output of a dmesg build we do not know.
      const rec = { line: lineNo, ts: null, epochMs: null } as DmesgRecord;
      if (lastStamped > 0) rec.continues = lastStamped;
      rec.message = clip(line).message;
      out.emit(rec);
    },
    end() {
      return out.result(out.count === 0 ? probe.verdict() : undefined);
    },
  };
}

export const dmesgParser = logParser<DmesgRecord>("dmesg", createDmesgSink);

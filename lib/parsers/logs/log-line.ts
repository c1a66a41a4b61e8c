/**
 * Stage one of the generic log parser: one line → raw fields, recognised by its first char.
 *
 *   syslog    Nov 23 12:00:00 host prog[pid]: msg            (RFC 3164, year-less)
 *   rfc5424   <30>1 2026-11-23T12:00:00.1Z host app 812 - - msg
 *   iso       2026-11-23T12:00:00.123456+01:00 host prog[pid]: msg   (rsyslog file format)
 *             2026-11-23T12:00:00Z [INFO] msg / 2026-11-23 12:00:00,123 ERROR msg
 *   zap       2026-11-23T12:00:00.000Z<TAB>info<TAB>caller.go:1<TAB>msg
 *   cri       2026-11-23T12:00:00.123456789Z stderr F msg      (/var/log/pods, containerd/CRI-O)
 *   klog      I1123 12:00:00.123456   12345 file.go:123] msg (kubelet, kube-proxy; year-less)
 *   logfmt    time="..." level=info msg="..."                 (dockerd, containerd)
 *   golog     2026/11/23 12:00:00 msg                         (CNI plugins, Go log package)
 *   dmesg     [ 1484.336156] msg                             (/var/log/dmesg copies; since boot)
 *   json      {"level":"info","ts":1795435200.1,"msg":"..."}  (zap/klog JSON, CNI plugins,
 *             docker json-file {"log":"msg\n","stream":"stderr","time":"..."})
 */
import { levelFromMessage, normalizeLevel, type LogLevel } from "@/lib/parsers/logs/level";
import type { LogFormat } from "@/lib/parsers/logs/log-types";
import { scanLogfmt } from "@/lib/parsers/logs/logfmt";
import { digitRun } from "@/lib/time/civil";
import { parseIso, parseIsoAt } from "@/lib/time/parse-iso";
import { fromEpochNumber, parseGoLogStampAt } from "@/lib/time/parse-other";
import { parseKlogStampAt, parseSyslogStampAt, type YearLessFields } from "@/lib/time/parse-year-less";
import type { Instant, TimeContext } from "@/lib/time/types";

export type LogStamp =
  | { kind: "instant"; t: Instant; zoned: boolean }
  | { kind: "year-less"; f: YearLessFields }
  | { kind: "uptime"; seconds: string }
  | { kind: "bad"; text: string };

export interface RawLog {
  format: LogFormat;
  stamp: LogStamp;
  stampText: string;
  level?: LogLevel;
  host?: string;
  program?: string;
  pid?: string;
  source?: string;
  message: string;
}

const KLOG_LETTERS = "IWEF";
const KLOG_LEVEL: Record<string, LogLevel> = { I: "info", W: "warning", E: "error", F: "crit" };
const HOST = /^[a-z0-9][a-z0-9._-]{0,252}$/;
const TAG = /^[A-Za-z0-9_./@()-]{1,64}$/;
const MAX_JSON_LINE = 1024 * 1024;
const UPTIME = /^\[ *(\d{1,10}\.\d{1,9})\] ?/;

/** `host prog[pid]: msg` after a stamp; strict = the hostname must look like one (ISO lines). */
function syslogTail(rest: string, strict: boolean): Pick<RawLog, "host" | "program" | "pid" | "message"> | null {
  const sp = rest.indexOf(" ");
  if (sp <= 0) return null;
  const host = rest.slice(0, sp);
  if (strict && !HOST.test(host)) return null;
  const colon = rest.indexOf(":", sp + 1);
  if (colon < 0 || colon - sp > 80) return strict ? null : { host, message: rest.slice(sp + 1) };
  let tag = rest.slice(sp + 1, colon);
  let pid: string | undefined;
  const lb = tag.indexOf("[");
  if (lb > 0 && tag.endsWith("]") && digitRun(tag, lb + 1) === tag.length - lb - 2) {
    pid = tag.slice(lb + 1, -1);
    tag = tag.slice(0, lb);
  }
  if (!TAG.test(tag)) return strict ? null : { host, message: rest.slice(sp + 1) };
  const msgStart = rest[colon + 1] === " " ? colon + 2 : colon + 1;
  return { host, program: tag, pid, message: rest.slice(msgStart) };
}

/** A leading `[INFO]`, `INFO`, `level=info`-free level word of an ISO/Go-log message. */
function leadingLevel(msg: string): { level: LogLevel; message: string } | null {
  const close = msg[0] === "[" ? msg.indexOf("]") : -1;
  const sp = msg.indexOf(" ");
  const word = (close > 0 ? msg.slice(1, close) : sp > 0 && sp <= 12 ? msg.slice(0, sp) : "").replace(/:$/, "");
  if (word === "" || word.toUpperCase() !== word) return null;
  const level = normalizeLevel(word);
  if (!level) return null;
  const after = close > 0 ? close + 1 : sp;
  return { level, message: msg.slice(after).replace(/^[: ]+/, "") };
}

function isoLine(line: string, ctx?: TimeContext): RawLog | null {
  const st = parseIsoAt(line, 0, ctx);
  if (!st) return null;
  const stamp: LogStamp = { kind: "instant", t: st.t, zoned: st.zoned };
  const stampText = line.slice(0, st.end);
  if (line[st.end] === "\t") {
    // zap console encoder: ts, level, [caller], msg, [json fields], TAB-separated.
    const parts = line.slice(st.end + 1).split("\t");
    const level = normalizeLevel(parts[0] ?? "");
    if (level) {
      const hasCaller = parts.length > 2 && /^[\w./-]+:\d+$/.test(parts[1] ?? "");
      const msg = parts.slice(hasCaller ? 2 : 1).join("\t");
      return { format: "zap", stamp, stampText, level, source: hasCaller ? parts[1] : undefined, message: msg };
    }
  }
  const rest = line.slice(st.end).replace(/^[ \t]+/, "");
  // CRI log line: stream, F(ull)/P(artial) tag, then the container's own text.
  if ((rest.startsWith("stdout ") || rest.startsWith("stderr ")) && (rest[7] === "F" || rest[7] === "P") && rest[8] === " ") {
    const message = rest.slice(9);
    return { format: "cri", stamp, stampText, program: rest.slice(0, 6), level: levelFromMessage(message), message };
  }
  const lv = leadingLevel(rest);
  if (lv) return { format: "iso", stamp, stampText, level: lv.level, message: lv.message };
  const tail = syslogTail(rest, true);
  if (tail) return { format: "iso", stamp, stampText, ...tail };
  return { format: "iso", stamp, stampText, message: rest };
}

function klogLine(line: string): RawLog | null {
  const st = parseKlogStampAt(line, 1);
  if (!st) return null;
  let p = st.end;
  while (line.charCodeAt(p) === 32) p++;
  const pn = digitRun(line, p);
  const close = line.indexOf("] ", p + pn);
  const head = close > 0 && close - p < 200 ? line.slice(p + pn, close).trim() : "";
  return {
    format: "klog",
    stamp: { kind: "year-less", f: st.f },
    stampText: line.slice(0, st.end),
    level: KLOG_LEVEL[line[0] ?? ""],
    pid: pn > 0 ? line.slice(p, p + pn) : undefined,
    source: head || undefined,
    message: close > 0 && head ? line.slice(close + 2) : line.slice(p + pn).trim(),
  };
}

function rfc5424(line: string, ctx?: TimeContext): RawLog | null {
  const gt = line.indexOf(">");
  if (gt < 2 || gt > 4) return null;
  const pri = Number(line.slice(1, gt));
  if (!Number.isInteger(pri) || pri > 191) return null;
  const level = (["emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"] as const)[pri & 7];
  const body = line.slice(gt + 1);
  if (!body.startsWith("1 ")) {
    const r = syslogLine(body);
    return r ? { ...r, level } : null;
  }
  // VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG
  const f = body.split(" ", 6);
  if (f.length < 6) return null;
  const ts = f[1] === "-" ? null : parseIso(f[1] ?? "", ctx);
  let p = f.reduce((n, s) => n + s.length + 1, 0);
  if (body[p] === "[") {
    while (p < body.length && !(body[p] === "]" && body[p - 1] !== "\\" && body[p + 1] !== "[")) p++;
    p++;
  } else p++;
  const msg = body.slice(p + 1).replace(/^\uFEFF/, "");
  const nil = (s: string | undefined) => (s === undefined || s === "-" ? undefined : s);
  return {
    format: "rfc5424",
    stamp: ts ? { kind: "instant", t: ts, zoned: true } : { kind: "bad", text: f[1] ?? "" },
    stampText: f[1] ?? "",
    level,
    host: nil(f[2]),
    program: nil(f[3]),
    pid: nil(f[4]) !== undefined && /^\d+$/.test(f[4] ?? "") ? f[4] : undefined,
    message: msg,
  };
}

function syslogLine(line: string): RawLog | null {
  const st = parseSyslogStampAt(line, 0);
  if (!st || line[st.end] !== " ") return null;
  const tail = syslogTail(line.slice(st.end + 1), false);
  return { format: "syslog", stamp: { kind: "year-less", f: st.f }, stampText: line.slice(0, st.end), ...(tail ?? { message: line.slice(st.end + 1) }) };
}

function logfmtLine(line: string, ctx?: TimeContext): RawLog | null {
  const f = scanLogfmt(line);
  if (!f || (f.time === undefined && f.level === undefined) || f.msg === undefined) return null;
  const t = f.time === undefined ? null : parseIso(f.time, ctx);
  const message = f.rest.length ? `${f.msg} ${f.rest.join(" ")}` : f.msg;
  const stamp: LogStamp = t ? { kind: "instant", t, zoned: true } : { kind: "bad", text: f.time ?? "" };
  return { format: "logfmt", stamp, stampText: f.time ?? "", level: f.level ? normalizeLevel(f.level) : undefined, message };
}

function jsonLine(line: string, ctx?: TimeContext): RawLog | null {
  if (line.length > MAX_JSON_LINE || line.charCodeAt(line.length - 1) !== 125 /* } */) return null;
  let o: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(line);
    if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
    o = v as Record<string, unknown>;
  } catch {
    return null;
  }
  const tv = o.ts ?? o.time ?? o.timestamp ?? o["@timestamp"] ?? o.t;
  const t = typeof tv === "number" ? fromEpochNumber(tv) : typeof tv === "string" ? parseIso(tv, ctx) : null;
  const lv = o.level ?? o.lvl ?? o.severity;
  const stream = o.stream;
  // docker json-file keeps the newline the container printed.
  const msg = o.msg ?? o.message ?? (typeof o.log === "string" ? o.log.replace(/\r?\n$/, "") : undefined);
  const caller = o.caller;
  return {
    format: "json",
    stamp: t ? { kind: "instant", t, zoned: true } : { kind: "bad", text: tv === undefined ? "" : String(tv) },
    stampText: tv === undefined ? "" : String(tv),
    level: typeof lv === "string" ? normalizeLevel(lv) : undefined,
    source: typeof caller === "string" ? caller : undefined,
    program: stream === "stdout" || stream === "stderr" ? stream : undefined,
    message: typeof msg === "string" ? msg : line,
  };
}

/** Raw fields of a stamped line, or null when the line carries no recognisable stamp. */
export function splitLogLine(line: string, ctx?: TimeContext): RawLog | null {
  const c = line.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    if (line[4] === "/") {
      const g = parseGoLogStampAt(line, 0, ctx);
      if (!g) return null;
      const rest = line.slice(g.end).replace(/^ /, "");
      const lv = leadingLevel(rest);
      return { format: "golog", stamp: { kind: "instant", t: g.t, zoned: false }, stampText: line.slice(0, g.end), level: lv?.level, message: lv ? lv.message : rest };
    }
    return isoLine(line, ctx);
  }
  if (KLOG_LETTERS.includes(line[0] ?? "_") && c !== 0) {
    const k = klogLine(line);
    if (k) return k;
  }
  if (c === 60 /* < */) return rfc5424(line, ctx);
  if (c === 91 /* [ */) {
    const m = UPTIME.exec(line);
    return m ? { format: "dmesg", stamp: { kind: "uptime", seconds: m[1] ?? "" }, stampText: m[0].trim(), message: line.slice(m[0].length) } : null;
  }
  if (c === 123 /* { */) return jsonLine(line, ctx);
  if (c === 116 /* t */ || c === 108 /* l */) return logfmtLine(line, ctx);
  return syslogLine(line);
}

/**
 * Parser for `conntrack -L [-o extended]` (kind conntrack). Streams: a busy node's table has
 * hundreds of thousands of entries, so lines are pushed one at a time (see LineSink).
 *
 * Sample input:
 *   ipv4     2 tcp      6 87 TIME_WAIT src=10.0.0.111 dst=10.0.0.119 sport=55158 dport=3306 src=10.0.0.119 dst=10.0.0.111 sport=3306 dport=55158 [ASSURED] mark=0 use=1
 *   udp      17 29 src=198.18.0.2 dst=198.18.0.1 sport=5353 dport=53 [UNREPLIED] src=198.18.0.1 dst=198.18.0.2 sport=53 dport=5353 mark=0 use=1
 *   conntrack v1.4.5 (conntrack-tools): 2 flow entries have been shown.
 *
 * Output: ConntrackEntry { l3proto?, family, proto, protonum, timeout, state?, orig, reply?,
 *   flags (UNREPLIED, ASSURED, OFFLOAD...), mark?, use?, zone?, extra?, lineStart, lineEnd }
 *   where a tuple is { src, dst, sport?, dport?, type?, code?, id? }.
 *
 * Quirks: the first src= opens the original tuple, the second the reply tuple. The summary
 * line goes to stderr; when both streams share a file it can land in the middle of an entry
 * ("... use=conntrack v1.4.5 (conntrack-tools): 1438 flow entries have been shown.\n1"):
 * the summary is cut out and the entry is rejoined with the next line, spanning both lines.
 */
import type { ArtifactParser, LineSink, ParseContext, ParseResult } from "@/lib/parsers/types";
import { classifyErrorLine, fields, notDataResult, ResultBuilder, splitLines, toInt } from "./common";

export interface ConntrackTuple {
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  type?: number;
  code?: number;
  id?: number;
}

export interface ConntrackEntry {
  l3proto?: string;
  family: 4 | 6;
  proto: string;
  protonum: number;
  timeout: number;
  state?: string;
  orig: ConntrackTuple;
  reply?: ConntrackTuple;
  flags: string[];
  mark?: number;
  use?: number;
  zone?: number;
  extra?: Record<string, string>;
  lineStart: number;
  lineEnd: number;
}

const SUMMARY = /conntrack v[\d.]+ \(conntrack-tools\): (\d+) flow entries have been shown\./;
const ENTRY_START = /^(ipv4|ipv6|tcp|udp|udplite|icmp|icmpv6|sctp|dccp|gre|unknown)\s/;
const TUPLE_KEYS = new Set(["src", "dst", "sport", "dport", "type", "code", "id"]);

/** Stage 2: one joined entry text into a record, or undefined when it is not an entry. */
export function parseEntry(text: string, lineStart: number, lineEnd: number): ConntrackEntry | undefined {
  const toks = fields(text);
  let i = 0;
  const l3proto = toks[0] === "ipv4" || toks[0] === "ipv6" ? toks[0] : undefined;
  if (l3proto) i += 2;
  const proto = toks[i++];
  const protonum = toInt(toks[i++]);
  const timeout = toInt(toks[i++]);
  if (proto === undefined || protonum === undefined || timeout === undefined) return undefined;
  let state: string | undefined;
  if (toks[i] && !toks[i]?.includes("=") && !toks[i]?.startsWith("[")) state = toks[i++];
  const tuples: Record<string, string>[] = [];
  const flags: string[] = [];
  const meta: Record<string, string> = {};
  let inTuple = false;
  for (; i < toks.length; i++) {
    const t = toks[i] as string;
    if (t.startsWith("[") && t.endsWith("]")) {
      flags.push(t.slice(1, -1));
      continue;
    }
    const eq = t.indexOf("=");
    if (eq < 0) return undefined;
    const k = t.slice(0, eq);
    const v = t.slice(eq + 1);
    if (k === "src" && tuples.length < 2) {
      tuples.push({});
      inTuple = true;
    } else if (!TUPLE_KEYS.has(k)) inTuple = false;
    if (inTuple) (tuples[tuples.length - 1] as Record<string, string>)[k] = v;
    else meta[k] = v;
  }
  const tuple = (t: Record<string, string> | undefined): ConntrackTuple | undefined => {
    if (!t || t.src === undefined || t.dst === undefined) return undefined;
    const out: ConntrackTuple = { src: t.src, dst: t.dst };
    for (const k of ["sport", "dport", "type", "code", "id"] as const) if (t[k] !== undefined) out[k] = toInt(t[k]);
    return out;
  };
  const orig = tuple(tuples[0]);
  if (!orig) return undefined;
  const rec: ConntrackEntry = { family: l3proto === "ipv6" || orig.src.includes(":") ? 6 : 4, proto, protonum, timeout, orig, flags, lineStart, lineEnd };
  if (l3proto) rec.l3proto = l3proto;
  if (state) rec.state = state;
  const reply = tuple(tuples[1]);
  if (reply) rec.reply = reply;
  for (const k of ["mark", "use", "zone"] as const) {
    if (meta[k] !== undefined) rec[k] = toInt(meta[k]);
    delete meta[k];
  }
  if (Object.keys(meta).length > 0) rec.extra = meta;
  return rec;
}

/** Stage 1 as a sink: summary lines removed, split entries rejoined, then parseEntry. */
export function conntrackSink(): LineSink<ConntrackEntry> {
  const out = new ResultBuilder<ConntrackEntry>();
  let pending: { text: string; line: number } | undefined;
  let shown: number | undefined;
  let sawLine = false;
  let onlyErrors = true;
  let firstError = "";
  const emit = (text: string, lineStart: number, lineEnd: number) => {
    const rec = parseEntry(text, lineStart, lineEnd);
    if (rec) out.records.push(rec);
    else out.skip(lineStart, text);
  };
  return {
    push(raw, line) {
      let s = raw.replace(/\r$/, "");
      if (s.trim() === "") return;
      sawLine = true;
      if (classifyErrorLine(s) === undefined && !SUMMARY.test(s)) onlyErrors = false;
      else if (!SUMMARY.test(s)) firstError ||= s;
      if (pending) {
        // The rest of an entry cut by the stderr summary comes on the next line.
        if (!ENTRY_START.test(s)) {
          emit(pending.text + s, pending.line, line);
          pending = undefined;
          return;
        }
        emit(pending.text, pending.line, pending.line);
        pending = undefined;
      }
      const m = s.match(SUMMARY);
      if (m) {
        shown = Number(m[1]);
        const before = s.slice(0, m.index);
        const after = s.slice((m.index ?? 0) + m[0].length);
        if (before.trim() === "" && after.trim() === "") return;
        out.warn("conntrack's stderr summary was interleaved mid-line; entry rejoined", line);
        s = before + after;
        if (after.trim() === "") {
          pending = { text: before, line };
          return;
        }
      }
      emit(s, line, line);
    },
    end() {
      if (pending) emit(pending.text, pending.line, pending.line);
      if (!sawLine) return notDataResult({ reason: "empty", message: "empty output" });
      if (onlyErrors && firstError) return notDataResult({ reason: classifyErrorLine(firstError) ?? "error-text", message: firstError.slice(0, 500) });
      if (shown !== undefined && shown !== out.records.length) out.warn(`conntrack reported ${shown} entries, ${out.records.length} parsed`);
      return out.done();
    },
  };
}

export function parseConntrack(text: string, _ctx?: ParseContext): ParseResult<ConntrackEntry> {
  const sink = conntrackSink();
  splitLines(text).forEach((l, i) => sink.push(l, i + 1));
  return sink.end();
}

export const parser: ArtifactParser<ConntrackEntry> = { kind: "conntrack", parse: parseConntrack, stream: () => conntrackSink() };

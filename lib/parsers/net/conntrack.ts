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
import { classifyErrorLine, fields, notDataResult, ResultBuilder, splitLines, toInt } from "@/lib/parsers/common";

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
  const maybeState = toks[i];
  if (maybeState !== undefined && !maybeState.includes("=") && maybeState[0] !== "[") {
    state = maybeState;
    i++;
  }
  // Tuples are filled key by key; `cur` is the tuple being read (0 orig, 1 reply, -1 none).
  const tuples: Partial<Record<string, string>>[] = [];
  let cur = -1;
  const flags: string[] = [];
  let mark: string | undefined;
  let use: string | undefined;
  let zone: string | undefined;
  let extra: Record<string, string> | undefined;
  for (; i < toks.length; i++) {
    const t = toks[i] as string;
    if (t[0] === "[" && t[t.length - 1] === "]") {
      flags.push(t.slice(1, -1));
      continue;
    }
    const eq = t.indexOf("=");
    if (eq < 0) return undefined;
    const k = t.slice(0, eq);
    const v = t.slice(eq + 1);
    if (k === "src" && tuples.length < 2) cur = tuples.push({}) - 1;
    else if (!TUPLE_KEYS.has(k)) cur = -1;
    if (cur >= 0) (tuples[cur] as Partial<Record<string, string>>)[k] = v;
    else if (k === "mark") mark = v;
    else if (k === "use") use = v;
    else if (k === "zone") zone = v;
    else (extra ??= {})[k] = v;
  }
  const orig = toTuple(tuples[0]);
  if (!orig) return undefined;
  const rec: ConntrackEntry = { family: l3proto === "ipv6" || orig.src.includes(":") ? 6 : 4, proto, protonum, timeout, orig, flags, lineStart, lineEnd };
  if (l3proto) rec.l3proto = l3proto;
  if (state) rec.state = state;
  const reply = toTuple(tuples[1]);
  if (reply) rec.reply = reply;
  if (mark !== undefined) rec.mark = toInt(mark);
  if (use !== undefined) rec.use = toInt(use);
  if (zone !== undefined) rec.zone = toInt(zone);
  if (extra) rec.extra = extra;
  return rec;
}

function toTuple(t: Partial<Record<string, string>> | undefined): ConntrackTuple | undefined {
  if (!t || t.src === undefined || t.dst === undefined) return undefined;
  const out: ConntrackTuple = { src: t.src, dst: t.dst };
  if (t.sport !== undefined) out.sport = toInt(t.sport);
  if (t.dport !== undefined) out.dport = toInt(t.dport);
  if (t.type !== undefined) out.type = toInt(t.type);
  if (t.code !== undefined) out.code = toInt(t.code);
  if (t.id !== undefined) out.id = toInt(t.id);
  return out;
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
      const hasSummary = s.includes("(conntrack-tools)") && SUMMARY.test(s);
      // Only the first lines can decide "all errors": skip the check once data was seen.
      if (onlyErrors && !hasSummary) {
        if (classifyErrorLine(s) === undefined) onlyErrors = false;
        else firstError ||= s;
      }
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
      const m = hasSummary ? s.match(SUMMARY) : null;
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

/**
 * Stage one of the journalctl text parser: one line → raw fields, no state.
 *
 * Formats recognised by their first character:
 *   short-iso[-precise]  2026-11-23T12:00:00.123456+0100 host unit[pid]: msg   (collector's)
 *   short[-precise]      Nov 23 12:00:00[.123456] host unit[pid]: msg          (year-less)
 *   short-full           Mon 2026-11-23 12:00:00 CET host unit[pid]: msg
 *   short-monotonic      [ 1234.567890] host unit[pid]: msg                    (since boot)
 * journalctl prints `host: msg` when an entry has neither identifier nor _COMM, and indents
 * the further lines of a multi-line message with spaces up to the message column.
 */
import { digitRun, isWeekdayAt } from "@/lib/time/civil";
import { readIsoAt } from "@/lib/time/parse-iso";
import { parseSyslogStampAt, type YearLessFields } from "@/lib/time/parse-year-less";
import { parseWeekdayIso } from "@/lib/time/parse-other";
import type { Instant, TimeContext } from "@/lib/time/types";

export type JournalStamp =
  | { kind: "instant"; t: Instant }
  | { kind: "year-less"; f: YearLessFields }
  | { kind: "uptime"; seconds: string }
  | { kind: "zone-unknown"; t: Instant };

export interface RawJournalLine {
  stamp: JournalStamp;
  /** The stamp as written; only for stamps that may fail to place (year-less, uptime), else "". */
  stampText: string;
  host: string;
  identifier?: string;
  pid?: string;
  message: string;
  /** Column where the message starts: continuation lines are indented to it. */
  messageCol: number;
}

/**
 * Split one entry line; null when the line does not start with a journal stamp.
 *
 * The result, and its stamp, are reused by the next call: read them before calling again.
 * A multi-million-line journal made ~15 objects per line, and most of those came from here
 * (the result, its stamp, the stamp's instant, and copies of host, identifier and pid, which
 * repeat from line to line and are now handed out again when their text does).
 */
export function splitJournalLine(line: string, ctx?: TimeContext): RawJournalLine | null {
  const stamp = readStamp(line, ctx);
  if (!stamp || line.charCodeAt(stampEnd) !== 32) return null;
  const end = stampEnd;
  const hostStart = end + 1;
  const colon = line.indexOf(": ", hostStart);
  const sp = line.indexOf(" ", hostStart);
  // `host: msg` (no identifier) or `host ident[pid]: msg`.
  const oneWord = colon >= 0 && (sp < 0 || colon < sp);
  if (!oneWord && (sp < 0 || colon < 0)) return null;
  const r = result;
  r.stamp = stamp;
  // Only a stamp the parser may fail to place is kept as text (ts null): skip the copy otherwise.
  r.stampText = stamp.kind === "year-less" || stamp.kind === "uptime" ? line.slice(0, end) : "";
  if (oneWord) {
    readIdent(line, hostStart, colon);
    // `--no-hostname` output: the word is `ident[pid]`, not a host.
    const noHost = identPid !== undefined;
    r.host = noHost ? "" : identWord;
    r.identifier = noHost ? identName : undefined;
  } else {
    r.host = sp - hostStart === lastHost.length && line.startsWith(lastHost, hostStart) ? lastHost : (lastHost = line.slice(hostStart, sp));
    readIdent(line, sp + 1, colon);
    r.identifier = identName;
  }
  r.pid = identPid;
  r.message = line.slice(colon + 2);
  r.messageCol = colon + 2;
  return r;
}

const result: RawJournalLine = { stamp: { kind: "uptime", seconds: "" }, stampText: "", host: "", identifier: undefined, pid: undefined, message: "", messageCol: 0 };
const instant: { kind: "instant"; t: Instant } = { kind: "instant", t: { epochMs: 0, frac: "" } };
let lastHost = "";

/**
 * The word line[from..to) as `ident[pid]`: identName and identPid, or identPid undefined and
 * the whole word in identWord. Out-values, handed out again while the word repeats.
 */
function readIdent(line: string, from: number, to: number): void {
  if (to - from === identWord.length && line.startsWith(identWord, from)) return;
  const word = line.slice(from, to);
  identWord = word;
  const lb = word.lastIndexOf("[");
  if (lb > 0 && word.endsWith("]") && digitRun(word, lb + 1) === word.length - lb - 2) {
    identName = word.slice(0, lb);
    identPid = word.slice(lb + 1, -1);
  } else {
    identName = word;
    identPid = undefined;
  }
}
let identWord = "";
let identName = "";
let identPid: string | undefined;

/** Where the stamp readStamp() found last ends (an out-value: no wrapper object per line). */
let stampEnd = 0;

function readStamp(line: string, ctx?: TimeContext): JournalStamp | null {
  const c = line.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    const end = readIsoAt(line, 0, ctx, instant.t);
    if (end < 0) return null;
    stampEnd = end;
    return instant;
  }
  if (c === 91 /* [ */) {
    const close = line.indexOf("]", 1);
    if (close < 0 || close > 32) return null;
    const secs = line.slice(1, close).trim();
    if (!/^\d+\.\d+$/.test(secs)) return null;
    stampEnd = close + 1;
    return { kind: "uptime", seconds: secs };
  }
  if (isWeekdayAt(line, 0) && line[3] === " ") {
    // short-full: "Mon 2026-11-23 12:00:00 CET": weekday, date, time, zone = 4 words.
    let end = 0;
    for (let k = 0; k < 4 && end >= 0; k++) end = line.indexOf(" ", end + 1);
    if (end < 0) return null;
    const r = parseWeekdayIso(line.slice(0, end), ctx);
    if (!r) return null;
    stampEnd = end;
    return r.zoneKnown ? { kind: "instant", t: r.t } : { kind: "zone-unknown", t: r.t };
  }
  const y = parseSyslogStampAt(line, 0);
  if (!y) return null;
  stampEnd = y.end;
  return { kind: "year-less", f: y.f };
}

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
import { parseIsoAt } from "@/lib/time/parse-iso";
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

/** Split one entry line; null when the line does not start with a journal stamp. */
export function splitJournalLine(line: string, ctx?: TimeContext): RawJournalLine | null {
  const stamp = readStamp(line, ctx);
  if (!stamp || line.charCodeAt(stampEnd) !== 32) return null;
  const end = stampEnd;
  const hostStart = end + 1;
  // Only a stamp the parser may fail to place is kept as text (ts null): skip the copy otherwise.
  const stampText = stamp.kind === "year-less" || stamp.kind === "uptime" ? line.slice(0, end) : "";
  const colon = line.indexOf(": ", hostStart);
  const sp = line.indexOf(" ", hostStart);
  // `host: msg` (no identifier) or `host ident[pid]: msg`.
  if (colon >= 0 && (sp < 0 || colon < sp)) {
    const word = line.slice(hostStart, colon);
    const lb = word.lastIndexOf("[");
    // `--no-hostname` output: the word is `ident[pid]`, not a host.
    if (lb > 0 && word.endsWith("]") && digitRun(word, lb + 1) === word.length - lb - 2) {
      return { stamp, stampText, host: "", identifier: word.slice(0, lb), pid: word.slice(lb + 1, -1), message: line.slice(colon + 2), messageCol: colon + 2 };
    }
    return { stamp, stampText, host: word, message: line.slice(colon + 2), messageCol: colon + 2 };
  }
  if (sp < 0 || colon < 0) return null;
  const host = line.slice(hostStart, sp);
  let ident = line.slice(sp + 1, colon);
  let pid: string | undefined;
  const lb = ident.lastIndexOf("[");
  if (lb > 0 && ident.endsWith("]") && digitRun(ident, lb + 1) === ident.length - lb - 2) {
    pid = ident.slice(lb + 1, -1);
    ident = ident.slice(0, lb);
  }
  return { stamp, stampText, host, identifier: ident, pid, message: line.slice(colon + 2), messageCol: colon + 2 };
}

/** Where the stamp readStamp() found last ends (an out-value: no wrapper object per line). */
let stampEnd = 0;

function readStamp(line: string, ctx?: TimeContext): JournalStamp | null {
  const c = line.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    const r = parseIsoAt(line, 0, ctx);
    if (!r) return null;
    stampEnd = r.end;
    return { kind: "instant", t: r.t };
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

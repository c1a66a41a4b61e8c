/**
 * Year-less stamps: syslog/journalctl `-o short` (`Nov 23 12:00:00[.123456]`) and klog
 * (`I1123 12:00:00.123456`). The year is inferred from the collection time: the latest
 * year in which the stamp is not later than the reference (plus a skew allowance), so
 * "Dec 31 23:59:59" collected on Jan 1 lands in the previous year. Without a reference the
 * stamp cannot be placed and the parsers leave `ts` null.
 */
import { civilToEpochMs, digitRun, digitsAt, fracToMs, monthAt } from "@/lib/time/civil";
import type { Instant, TimeContext } from "@/lib/time/types";

/** Stamps up to this far after the reference still count as "this year" (clock skew, TZ slop). */
const FUTURE_SLACK_MS = 86_400_000;

export interface YearLessFields {
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  frac: string;
}

// Year and month of the (reference, offset) pair last seen: one Date per artifact, not per line.
let memoKey = Number.NaN;
let memoOff = Number.NaN;
let memoYear = 0;
let memoMonth = 0;

/** Place month/day/time in a year relative to ctx.referenceEpochMs; null without a reference. */
export function resolveYearLess(f: YearLessFields, ctx?: TimeContext): Instant | null {
  const ref = ctx?.referenceEpochMs;
  if (ref === null || ref === undefined) return null;
  const off = (ctx?.utcOffsetSeconds ?? 0) * 1000;
  if (ref !== memoKey || off !== memoOff) {
    const d = new Date(ref + off);
    memoKey = ref;
    memoOff = off;
    memoYear = d.getUTCFullYear();
    memoMonth = d.getUTCMonth() + 1;
  }
  // A January stamp seen in late December can only be next year's (clock skew); else start
  // at the reference year and walk back (Feb 29 needs a leap year: at most 8 years).
  const first = f.mo === 1 && memoMonth === 12 ? memoYear + 1 : memoYear;
  for (let y = first; y >= memoYear - 8; y--) {
    const local = civilToEpochMs(y, f.mo, f.d, f.h, f.mi, f.s, fracToMs(f.frac));
    if (local === null) continue;
    const utc = local - off;
    if (utc <= ref + FUTURE_SLACK_MS) return { epochMs: utc, frac: f.frac };
  }
  return null;
}

/** `Nov 23 12:00:00[.ffffff]` (day may be space-padded: `Nov  3`) at s[i]. */
export function parseSyslogStampAt(s: string, i: number): { f: YearLessFields; end: number } | null {
  const mo = monthAt(s, i);
  if (mo === 0 || s[i + 3] !== " ") return null;
  let p = i + 4;
  if (s[p] === " ") p++;
  const dn = digitRun(s, p);
  if (dn < 1 || dn > 2) return null;
  const d = digitsAt(s, p, dn);
  p += dn;
  if (s[p] !== " ") return null;
  const t = parseClockAt(s, p + 1);
  if (!t) return null;
  return { f: { mo, d, h: t.h, mi: t.mi, s: t.s, frac: t.frac }, end: t.end };
}

/** `hh:mm:ss[.frac]` at s[p]. */
export function parseClockAt(s: string, p: number): { h: number; mi: number; s: number; frac: string; end: number } | null {
  const h = digitsAt(s, p, 2);
  const mi = digitsAt(s, p + 3, 2);
  const sec = digitsAt(s, p + 6, 2);
  if (h < 0 || mi < 0 || sec < 0 || s[p + 2] !== ":" || s[p + 5] !== ":") return null;
  let end = p + 8;
  let frac = "";
  if (s[end] === "." || s[end] === ",") {
    const n = digitRun(s, end + 1);
    if (n > 0) {
      frac = s.slice(end + 1, end + 1 + Math.min(n, 9));
      end += 1 + n;
    }
  }
  return { h, mi, s: sec, frac, end };
}

/** klog header stamp after the level letter: `1123 12:00:00.123456` at s[i]. */
export function parseKlogStampAt(s: string, i: number): { f: YearLessFields; end: number } | null {
  const mo = digitsAt(s, i, 2);
  const d = digitsAt(s, i + 2, 2);
  if (mo < 1 || d < 1 || s[i + 4] !== " ") return null;
  const t = parseClockAt(s, i + 5);
  if (!t) return null;
  return { f: { mo, d, h: t.h, mi: t.mi, s: t.s, frac: t.frac }, end: t.end };
}

/**
 * The remaining stamp shapes: Go's log package (`2026/11/23 12:00:00.123456`), ctime as
 * `dmesg -T` prints it (`Mon Nov 23 12:00:00 2026`), seconds since boot (`dmesg`,
 * `journalctl -o short-monotonic`), numeric epochs from JSON loggers, and the
 * `Fri 2022-02-11 18:58:10 UTC` form of journalctl's `-- Logs begin at ... --` header.
 */
import { civilToEpochMs, digitRun, digitsAt, fracToMs, isWeekdayAt, monthAt } from "@/lib/time/civil";
import { parseClockAt } from "@/lib/time/parse-year-less";
import type { Instant, TimeContext } from "@/lib/time/types";

function naive(y: number, mo: number, d: number, c: { h: number; mi: number; s: number; frac: string }, offsetSeconds: number): Instant | null {
  const local = civilToEpochMs(y, mo, d, c.h, c.mi, c.s, fracToMs(c.frac));
  return local === null ? null : { epochMs: local - offsetSeconds * 1000, frac: c.frac };
}

/** Go log `YYYY/MM/DD hh:mm:ss[.ffffff]` (node-local unless the program set UTC) at s[i]. */
export function parseGoLogStampAt(s: string, i: number, ctx?: TimeContext): { t: Instant; end: number } | null {
  const y = digitsAt(s, i, 4);
  if (y < 0 || s[i + 4] !== "/" || s[i + 7] !== "/" || s[i + 10] !== " ") return null;
  const mo = digitsAt(s, i + 5, 2);
  const d = digitsAt(s, i + 8, 2);
  const c = parseClockAt(s, i + 11);
  if (mo < 0 || d < 0 || !c) return null;
  const t = naive(y, mo, d, c, ctx?.utcOffsetSeconds ?? 0);
  return t ? { t, end: c.end } : null;
}

/**
 * ctime `Mon Nov 23 12:00:00 2026` at s[i] (node-local). dmesg -T derives it from boot time
 * + uptime, so it drifts after suspend/resume; it is still the best the bundle has.
 */
export function parseCtimeAt(s: string, i: number, ctx?: TimeContext): { t: Instant; end: number } | null {
  if (!isWeekdayAt(s, i) || s[i + 3] !== " ") return null;
  const mo = monthAt(s, i + 4);
  if (mo === 0 || s[i + 7] !== " ") return null;
  let p = i + 8;
  if (s[p] === " ") p++;
  const dn = digitRun(s, p);
  if (dn < 1 || dn > 2) return null;
  const d = digitsAt(s, p, dn);
  const c = parseClockAt(s, p + dn + 1);
  if (!c || s[p + dn] !== " " || s[c.end] !== " ") return null;
  const y = digitsAt(s, c.end + 1, 4);
  if (y < 0) return null;
  const t = naive(y, mo, d, c, ctx?.utcOffsetSeconds ?? 0);
  return t ? { t, end: c.end + 5 } : null;
}

/** `12345.678901` seconds since boot → instant; null without ctx.bootEpochMs. */
export function fromUptime(secondsText: string, ctx?: TimeContext): Instant | null {
  const boot = ctx?.bootEpochMs;
  if (boot === null || boot === undefined) return null;
  const dot = secondsText.indexOf(".");
  const whole = Number(dot < 0 ? secondsText : secondsText.slice(0, dot));
  const frac = dot < 0 ? "" : secondsText.slice(dot + 1, dot + 10);
  if (!Number.isFinite(whole)) return null;
  // Boot time is whole-ms at best, so sub-ms digits of the uptime would be false precision.
  return { epochMs: boot + whole * 1000 + fracToMs(frac), frac: frac.slice(0, 3) };
}

/**
 * Numeric epoch from a JSON logger: seconds (zap: 1795435200.123), ms or µs (by magnitude).
 * Magnitude thresholds hold for dates between 2001 and 2286.
 */
export function fromEpochNumber(n: number): Instant | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  if (n < 1e11) return { epochMs: Math.round(n * 1000), frac: "" };
  if (n < 1e14) return { epochMs: Math.round(n), frac: "" };
  if (n < 1e17) return { epochMs: Math.floor(n / 1000), frac: "" };
  return { epochMs: Math.floor(n / 1e6), frac: "" };
}

/** `__REALTIME_TIMESTAMP` (µs since epoch, decimal text) → instant with 6 fractional digits. */
export function fromRealtimeMicros(text: string): Instant | null {
  if (text.length < 7 || digitRun(text, 0) !== text.length) return null;
  const us = Number(text);
  if (!Number.isSafeInteger(us)) return null;
  const frac = text.slice(-6);
  return { epochMs: Math.floor(us / 1000), frac };
}

/**
 * Zone abbreviations seen in journalctl headers. Abbreviations are ambiguous in general
 * (CST, IST); only unambiguous common ones are listed, the rest resolve to null.
 */
const ZONES: Record<string, number> = {
  UTC: 0, GMT: 0, Z: 0, WET: 0, WEST: 3600, CET: 3600, CEST: 7200, EET: 7200, EEST: 10800, MSK: 10800,
  EST: -18000, EDT: -14400, MST: -25200, MDT: -21600, PST: -28800, PDT: -25200, JST: 32400, KST: 32400,
};

export function zoneAbbrevOffset(abbrev: string): number | null {
  return ZONES[abbrev] ?? null;
}

/** `Fri 2022-02-11 18:58:10 UTC` (journalctl header / short-full) → instant; zone via abbrev or ctx. */
export function parseWeekdayIso(text: string, ctx?: TimeContext): { t: Instant; zoneKnown: boolean } | null {
  const m = /^(?:[A-Z][a-z]{2} )?(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?: ([A-Za-z]{1,6}|[+-]\d{2,4}))?$/.exec(text.trim());
  if (!m) return null;
  const c = { h: Number(m[4]), mi: Number(m[5]), s: Number(m[6]), frac: m[7] ?? "" };
  const z = m[8];
  let off: number | null = null;
  if (z !== undefined) off = /^[+-]/.test(z) ? (z[0] === "-" ? -1 : 1) * (Number(z.slice(1, 3)) * 3600 + Number(z.slice(3, 5) || "0") * 60) : zoneAbbrevOffset(z);
  const zoneKnown = off !== null;
  const t = naive(Number(m[1]), Number(m[2]), Number(m[3]), c, off ?? ctx?.utcOffsetSeconds ?? 0);
  return t ? { t, zoneKnown } : null;
}

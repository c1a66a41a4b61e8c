/**
 * ISO-8601 / RFC 3339 stamps as journalctl, rsyslog, RFC 5424, logrus and JSON loggers print
 * them: `2026-11-23T12:00:00.123456+0100`, `2026-11-23 12:00:00,123`, `...Z`, `...+01:00`.
 * A stamp without a zone is node-local time: the node offset is applied (DST caveat in
 * TimeContext). Hand-rolled digit reads keep this cheap enough for millions of lines.
 */
import { civilToEpochMs, digitRun, digitsAt, fracToMs } from "@/lib/time/civil";
import type { Instant, TimeContext } from "@/lib/time/types";

export interface ParsedStamp {
  t: Instant;
  /** Index just after the stamp in the input. */
  end: number;
  /** False when the stamp had no zone and the node offset (or UTC) was assumed. */
  zoned: boolean;
}

/** Parse an ISO stamp starting at s[i]; null when s[i..] does not start with one. */
export function parseIsoAt(s: string, i: number, ctx?: TimeContext): ParsedStamp | null {
  const t: Instant = { epochMs: 0, frac: "" };
  const end = readIsoAt(s, i, ctx, t);
  return end < 0 ? null : { t, end, zoned: isoZoned };
}

/** Whether the stamp readIsoAt() read last had a zone (an out-value, as `out` is). */
let isoZoned = false;

/**
 * parseIsoAt without objects, for the hot loop of a multi-million-line log: the instant goes
 * into `out` (which the caller reuses), the result is the index just after the stamp, or -1
 * when s[i..] does not start with one (`out` is then left as it was).
 */
export function readIsoAt(s: string, i: number, ctx: TimeContext | undefined, out: Instant): number {
  // A log has many lines per second: reuse the last second's value when its 19 characters
  // ("2026-11-23T12:00:00", either separator) repeat, and read only fraction and zone.
  const base = lastSecond !== "" && s.startsWith(lastSecond, i) ? lastSecondMs : secondAt(s, i);
  if (base === null) return -1;
  let p = i + 19;
  let frac = "";
  const dot = s.charCodeAt(p);
  if (dot === 46 /* . */ || dot === 44 /* , */) {
    const n = digitRun(s, p + 1);
    if (n === 0) return -1;
    frac = s.slice(p + 1, p + 1 + Math.min(n, 9));
    p += 1 + n;
  }
  const zoneEnd = zoneAt(s, p);
  const ms = base + fracToMs(frac);
  isoZoned = zoneEnd >= 0;
  out.epochMs = isoZoned ? ms - zoneOffset * 1000 : ms - (ctx?.utcOffsetSeconds ?? 0) * 1000;
  out.frac = frac;
  return isoZoned ? zoneEnd : p;
}

let lastSecond = "";
let lastSecondMs = 0;

/** Epoch ms of the zone-less "YYYY-MM-DD[T ]HH:MM:SS" at s[i] (remembered), or null. */
function secondAt(s: string, i: number): number | null {
  const y = digitsAt(s, i, 4);
  if (y < 0 || s.charCodeAt(i + 4) !== 45 /* - */ || s.charCodeAt(i + 7) !== 45) return null;
  const mo = digitsAt(s, i + 5, 2);
  const d = digitsAt(s, i + 8, 2);
  const sep = s.charCodeAt(i + 10);
  if (sep !== 84 /* T */ && sep !== 32) return null;
  const h = digitsAt(s, i + 11, 2);
  const mi = digitsAt(s, i + 14, 2);
  const sec = digitsAt(s, i + 17, 2);
  if (mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 || s.charCodeAt(i + 13) !== 58 || s.charCodeAt(i + 16) !== 58) return null;
  const ms = civilToEpochMs(y, mo, d, h, mi, sec);
  if (ms === null) return null;
  lastSecond = s.slice(i, i + 19);
  lastSecondMs = ms;
  return ms;
}

/** `Z`, `+0100`, `+01:00`, `-05`, at s[p]; null when none. */
export function parseZoneAt(s: string, p: number): { offsetSeconds: number; end: number } | null {
  const end = zoneAt(s, p);
  return end < 0 ? null : { offsetSeconds: zoneOffset, end };
}

/** Offset of the zone zoneAt() read last (an out-value: no object per log line). */
let zoneOffset = 0;

/** End of the zone at s[p] (its offset left in zoneOffset), or -1 when there is none. */
function zoneAt(s: string, p: number): number {
  const c = s.charCodeAt(p);
  if (c === 90 /* Z */ || c === 122 /* z */) return (zoneOffset = 0), p + 1;
  if (c !== 43 /* + */ && c !== 45 /* - */) return -1;
  const sign = c === 45 ? -1 : 1;
  const hh = digitsAt(s, p + 1, 2);
  if (hh < 0) return -1;
  let q = p + 3;
  if (s.charCodeAt(q) === 58) q++;
  const mm = digitsAt(s, q, 2);
  if (mm < 0) return (zoneOffset = sign * hh * 3600), p + 3;
  zoneOffset = sign * (hh * 3600 + mm * 60);
  return q + 2;
}

/** Convenience: a whole string that is one ISO stamp (JSON "time" fields). */
export function parseIso(text: string, ctx?: TimeContext): Instant | null {
  const r = parseIsoAt(text, 0, ctx);
  return r && r.end === text.length ? r.t : null;
}

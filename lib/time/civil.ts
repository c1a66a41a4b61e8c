/**
 * Low-level calendar helpers shared by the stamp parsers: fixed-width digit reads (cheaper
 * than a regex on the hot path of a multi-million-line journal), month names, civil→epoch
 * and epoch→ISO.
 */
import type { Instant } from "@/lib/time/types";

/** Value of `n` decimal digits at s[i..], or -1 when any of them is not a digit. */
export function digitsAt(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Length of the run of digits starting at s[i]. */
export function digitRun(s: string, i: number): number {
  let k = i;
  while (k < s.length) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) break;
    k++;
  }
  return k - i;
}

const MONTHS: Record<string, number> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};

/** 1-12 for an English three-letter month abbreviation at s[i..i+3], else 0. */
export function monthAt(s: string, i: number): number {
  return MONTHS[s.slice(i, i + 3)] ?? 0;
}

const WEEKDAYS = new Set(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);

export function isWeekdayAt(s: string, i: number): boolean {
  return WEEKDAYS.has(s.slice(i, i + 3));
}

// Last civil day converted: log lines arrive day by day, so Date.UTC runs once per day.
let dayKey = -1;
let dayStartMs = 0;

/**
 * Epoch ms of a civil date-time read as UTC, or null when a field is out of range
 * (Date.UTC would silently roll Feb 30 into March; we refuse instead).
 */
export function civilToEpochMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const key = (y * 16 + mo) * 32 + d;
  if (key !== dayKey) {
    if (d > daysInMonth(y, mo)) return null;
    dayStartMs = Date.UTC(y, mo - 1, d);
    dayKey = key;
  }
  // A leap second (:60) is folded into the next second, as Date does.
  return dayStartMs + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

export function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** Milliseconds held by the first three fractional digits ("5" → 500, "123456" → 123). */
export function fracToMs(frac: string): number {
  const n = frac.length;
  if (n === 0) return 0;
  const a = frac.charCodeAt(0) - 48;
  const b = n > 1 ? frac.charCodeAt(1) - 48 : 0;
  const c = n > 2 ? frac.charCodeAt(2) - 48 : 0;
  return a * 100 + b * 10 + c;
}

const P2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const P3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
const DAY_MS = 86_400_000;
// Date#toISOString costs ~1/3 of a journal line's parse; log lines come day by day, so the
// date part is cached and only the time of day is formatted by table lookups.
let cachedDay = Number.NaN;
let cachedPrefix = "";
// And the text up to the seconds' dot, per second: a template of nine parts builds eight
// intermediate strings per call, millions of times on a journal.
let cachedSecond = Number.NaN;
let cachedSecondText = "";

/**
 * UTC ISO 8601 with at least milliseconds and every printed sub-ms digit:
 * ({epochMs, frac:"123456"}) → "2026-11-23T11:00:00.123456Z".
 */
export function toIsoUtc(t: Instant): string {
  const ms = t.epochMs;
  const second = Math.floor(ms / 1000);
  const sub = t.frac.length > 3 ? t.frac.slice(3) : "";
  if (second === cachedSecond) return `${cachedSecondText}${P3[ms - second * 1000]}${sub}Z`;
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    const iso = new Date(day * DAY_MS).toISOString();
    if (iso.length !== 24) return new Date(ms).toISOString(); // years outside 0000-9999
    cachedDay = day;
    cachedPrefix = iso.slice(0, 11);
  }
  let rem = ms - day * DAY_MS;
  const h = Math.floor(rem / 3_600_000);
  rem -= h * 3_600_000;
  const mi = Math.floor(rem / 60_000);
  rem -= mi * 60_000;
  const sec = Math.floor(rem / 1000);
  const milli = rem - sec * 1000;
  cachedSecond = second;
  cachedSecondText = `${cachedPrefix}${P2[h]}:${P2[mi]}:${P2[sec]}.`;
  return `${cachedSecondText}${P3[milli]}${sub}Z`;
}

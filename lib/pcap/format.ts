/** Text forms of the numbers the hot loop keeps: IPv4, IPv6 (RFC 5952), MAC, timestamps. */
import { toIsoUtc } from "@/lib/time/civil";

export function ip4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function ip6(b: Buffer, o: number): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!);
  // Longest run of two or more zero words becomes "::".
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) (bestAt = i), (bestLen = j - i);
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(":");
  if (bestAt < 0) return hex(w);
  return `${hex(w.slice(0, bestAt))}::${hex(w.slice(bestAt + bestLen))}`;
}

/** A capture has few distinct MACs and the summary writes each many times: texts are kept. */
const macText = new Map<number, string>();

export function mac(n: number): string {
  let t = macText.get(n);
  if (t === undefined) {
    t = n.toString(16).padStart(12, "0").replace(/(..)(?!$)/g, "$1:");
    if (macText.size >= 4096) macText.clear();
    macText.set(n, t);
  }
  return t;
}

/** µs since the epoch -> "2026-11-23T13:02:05.123456Z" (toIsoUtc caches the date to the second). */
export function isoUs(us: number): string {
  const ms = Math.floor(us / 1000);
  const micro = us - Math.floor(us / 1e6) * 1e6;
  // toIsoUtc prints the millisecond from epochMs and the digits of frac after the third.
  return toIsoUtc({ epochMs: ms, frac: String(Math.floor(micro)).padStart(6, "0") });
}

/**
 * What a parser needs to turn a node's printed timestamps into UTC.
 *
 * All fields are optional because old or partial bundles may lack them; the helpers then
 * fall back (naive stamps read as UTC, year-less stamps left unresolved) and say so.
 */
export interface TimeContext {
  /**
   * Seconds to add to UTC to get the node's local time at collection (+3600 for +0100).
   * DST is not knowable from one offset: a stamp from before a DST switch is shifted by
   * the collection-time offset anyway. Stamps that print their own offset are exact.
   */
  utcOffsetSeconds?: number | null;
  /** Collection time (UTC epoch ms): anchors the year of year-less stamps. */
  referenceEpochMs?: number | null;
  /** Boot time (UTC epoch ms): anchors seconds-since-boot stamps (dmesg, short-monotonic). */
  bootEpochMs?: number | null;
}

/**
 * A resolved instant. `frac` keeps the fractional-second digits exactly as printed
 * ("", "123", "123456", "123456789") so µs/ns precision survives the trip to an ISO string;
 * `epochMs` holds only the first three of them.
 */
export interface Instant {
  epochMs: number;
  frac: string;
}

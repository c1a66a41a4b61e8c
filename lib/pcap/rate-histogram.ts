/**
 * SYN, RST and retransmission counts over the capture's time, in a fixed number of buckets
 * (Wireshark's I/O graph for the three series an incident needs). The capture's length is
 * not known while it streams, so the bucket width starts at 1 ms and doubles, folding pairs
 * of buckets, whenever an event lands past the last one: memory is BUCKETS cells per series
 * whatever the capture, and the work per event is O(1) amortised.
 *
 * Counts are what the flow table judged (first tap each way: a segment tcpdump -i any saw on
 * two interfaces is one SYN here, two frames for tshark).
 */
import { isoUs } from "./format";

export const RATE_BUCKETS = 256;
export const R_SYN = 0;
export const R_RST = 1;
export const R_RETRANS = 2;

export interface RateSeries {
  /** Start of bucket 0 (UTC ISO, µs). */
  startTs: string;
  widthUs: number;
  /** One count per bucket, trimmed after the last non-empty one. */
  syn: number[];
  rst: number[];
  retrans: number[];
}

export class RateHistogram {
  private readonly counts = new Uint32Array(3 * RATE_BUCKETS);
  private startUs = -1;
  private widthUs = 1000;

  add(series: number, ts: number): void {
    if (this.startUs < 0) this.startUs = Math.floor(ts / 1000) * 1000;
    // A pcapng with several interfaces can step back a little: early events go to bucket 0.
    let k = ts <= this.startUs ? 0 : Math.floor((ts - this.startUs) / this.widthUs);
    while (k >= RATE_BUCKETS) {
      this.fold();
      k = Math.floor((ts - this.startUs) / this.widthUs);
    }
    this.counts[series * RATE_BUCKETS + k]!++;
  }

  /** Doubles the width: bucket j takes 2j and 2j+1. */
  private fold(): void {
    const c = this.counts;
    for (let s = 0; s < 3; s++) {
      const o = s * RATE_BUCKETS;
      for (let j = 0; j < RATE_BUCKETS / 2; j++) c[o + j] = c[o + 2 * j]! + c[o + 2 * j + 1]!;
      c.fill(0, o + RATE_BUCKETS / 2, o + RATE_BUCKETS);
    }
    this.widthUs *= 2;
  }

  series(): RateSeries | null {
    if (this.startUs < 0) return null;
    let used = 0;
    for (let k = 0; k < RATE_BUCKETS; k++) if (this.counts[k]! || this.counts[RATE_BUCKETS + k]! || this.counts[2 * RATE_BUCKETS + k]!) used = k + 1;
    const take = (s: number) => Array.from(this.counts.subarray(s * RATE_BUCKETS, s * RATE_BUCKETS + used));
    return { startTs: isoUs(this.startUs), widthUs: this.widthUs, syn: take(R_SYN), rst: take(R_RST), retrans: take(R_RETRANS) };
  }
}

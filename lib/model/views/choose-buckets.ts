/** Bucket widths the histogram snaps to, so bucket edges fall on readable times. */
export const BUCKET_STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
  1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000, 2_592_000_000,
];

/** Smallest step that covers [from, to) in at most `maxBuckets` buckets; `start` is aligned down to it. */
export function chooseBuckets(from: number, to: number, maxBuckets: number): { start: number; step: number; count: number } {
  const span = Math.max(1, to - from);
  const step = BUCKET_STEPS_MS.find((s) => Math.ceil(span / s) <= maxBuckets) ?? Math.ceil(span / maxBuckets);
  const start = Math.floor(from / step) * step;
  const count = Math.max(1, Math.ceil((to - start) / step));
  return { start, step, count };
}

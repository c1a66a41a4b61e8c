import { describe, expect, it } from "vitest";
import { chooseBuckets } from "./choose-buckets";

describe("chooseBuckets", () => {
  it("snaps to a readable step and covers the window", () => {
    const from = Date.UTC(2026, 10, 23, 12, 0, 7);
    const to = from + 3_600_000; // one hour
    const b = chooseBuckets(from, to, 120);
    expect(b.step).toBe(30_000); // 3600 s / 30 s = 120 buckets fit
    expect(b.start).toBeLessThanOrEqual(from);
    expect(b.start % b.step).toBe(0);
    expect(b.start + b.count * b.step).toBeGreaterThanOrEqual(to);
    expect(b.count).toBeLessThanOrEqual(121);
  });

  it("goes down to milliseconds for a tiny window and handles an empty one", () => {
    expect(chooseBuckets(1000, 1050, 100).step).toBe(1);
    const empty = chooseBuckets(5000, 5000, 100);
    expect(empty.count).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { describeRetention, retentionCutoff, retentionDaysFor } from "./retention-policy";

describe("retention policy", () => {
  it("takes the case's setting over the default; 0 keeps forever either way", () => {
    expect(retentionDaysFor(null, 0)).toBeNull();
    expect(retentionDaysFor(null, 30)).toBe(30);
    expect(retentionDaysFor(7, 30)).toBe(7);
    expect(retentionDaysFor(7, 0)).toBe(7);
    expect(retentionDaysFor(0, 30)).toBeNull();
    expect(describeRetention(0, 30)).toBe("kept forever (case setting)");
    expect(describeRetention(null, 30)).toBe("30 days (default)");
    expect(describeRetention(null, 0)).toBe("kept forever (default)");
  });

  it("cuts off whole days before now", () => {
    expect(retentionCutoff(2, new Date("2026-12-07T12:00:00Z")).toISOString()).toBe("2026-12-05T12:00:00.000Z");
  });
});

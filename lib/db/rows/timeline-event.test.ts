import { describe, expect, it } from "vitest";
import { fromTimelineEventRow, splitTimestamp, toTimelineEventRow } from "./timeline-event";

describe("TimelineEvent rows", () => {
  it("splits sub-millisecond digits into tsMicros and puts them back when read", () => {
    const row = toTimelineEventRow("b1", { ts: "2026-11-20T10:00:00.123456Z", source: "journal", label: "kubelet", text: "t", line: 3 });
    expect(row).toEqual({ bundleId: "b1", ts: new Date("2026-11-20T10:00:00.123Z"), tsMicros: 456, source: "journal", severity: null, label: "kubelet", text: "t", artifact: null, line: 3 });
    const { bundleId, ...stored } = row!;
    expect(bundleId).toBe("b1");
    expect(fromTimelineEventRow({ id: 7, ...stored })).toEqual({ id: 7, source: "journal", severity: null, label: "kubelet", text: "t", artifact: null, line: 3, ts: "2026-11-20T10:00:00.123456Z" });
    expect(fromTimelineEventRow({ id: 8, ...stored, tsMicros: 0 }).ts).toBe("2026-11-20T10:00:00.123Z");
  });

  it("cuts label and text, and drops an unreadable timestamp", () => {
    const row = toTimelineEventRow("b1", { ts: "2026-11-20T10:00:00+02:00", source: "log", label: "l".repeat(300), text: "t".repeat(5000) });
    expect([row?.label.length, row?.text.length, row?.ts.toISOString()]).toEqual([200, 4000, "2026-11-20T08:00:00.000Z"]);
    expect(toTimelineEventRow("b1", { ts: "not a time", source: "log", label: "", text: "" })).toBeNull();
    expect(splitTimestamp("Nov 20 2026 10:00:00 UTC")).toEqual({ ts: new Date("2026-11-20T10:00:00Z"), tsMicros: 0 });
  });
});

import { describe, expect, it } from "vitest";
import { loadFixture } from "@/test/support/golden";
import { journalParser } from "@/lib/parsers/logs/journal";
import { logFileParser } from "@/lib/parsers/logs/log";
import { journalTimelineEvent, logTimelineEvent } from "@/lib/stream/log-events";

describe("timeline events from log records", () => {
  it("maps a journal klog error to a high-severity event at its line", () => {
    const recs = journalParser.parse(loadFixture("journal--nbp-gen-short-iso-precise"), { path: "x" }).records;
    const kp = recs.find((r) => r.identifier === "kube-proxy");
    expect(kp && journalTimelineEvent(kp, "logs/journal/kube-proxy.txt")).toMatchObject({
      source: "journal", label: "kube-proxy", severity: "high", artifact: "logs/journal/kube-proxy.txt", line: 4,
    });
  });
  it("gives no event for lines without a placed time", () => {
    const recs = logFileParser.parse(loadFixture("log--doc-mixed-formats"), { path: "x" }).records;
    const events = recs.map((r) => logTimelineEvent(r, "logs/files/var__log__mixed.log"));
    expect(events.filter((e) => e === null).length).toBe(recs.filter((r) => r.ts === null).length);
    expect(events[11]).toMatchObject({ label: "mixed.log", ts: "2026-11-23T12:00:09.000Z" });
  });
});

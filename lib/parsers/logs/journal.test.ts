import { describe, expect, it } from "vitest";
import { loadFixture, runGoldenTests } from "@/test/support/golden";
import { createJournalSink, journalParser } from "@/lib/parsers/logs/journal";
import type { JournalRecord } from "@/lib/parsers/logs/journal-types";
import { runSink } from "@/lib/parsers/logs/sink-base";

runGoldenTests(journalParser, "journal");

const NOV23 = { referenceEpochMs: Date.UTC(2026, 10, 23, 13, 5), utcOffsetSeconds: 0 };

describe("journal text", () => {
  it("folds indented continuation lines into one entry with its line span", () => {
    const r = journalParser.parse(loadFixture("journal--nbp-gen-short-iso-precise"), { path: "x" });
    const kp = r.records.find((x) => x.identifier === "kube-proxy");
    expect(kp?.line).toBe(4);
    expect(kp?.lineEnd).toBe(8);
    expect(kp?.level).toBe("error");
    // The source had a TAB there; journalctl expands it to spaces, we keep what it printed.
    expect(kp?.message.split("\n")[1]?.trim()).toBe("exit status 2: iptables-restore v1.8.4 (nf_tables): Chain 'KUBE-MARK-DROP' does not exist");
    // Deeper indentation than the message column survives.
    expect(r.records.find((x) => x.message.startsWith("multi-line"))?.message).toBe("multi-line message\nsecond line\n  third line indented");
    expect(r.unparsed).toEqual([]);
  });

  it("gives the same instants whatever zone journalctl printed in", () => {
    const utc = journalParser.parse(loadFixture("journal--nbp-gen-short-iso-precise"), { path: "x" }).records;
    const berlin = journalParser.parse(loadFixture("journal--nbp-gen-short-iso-precise-berlin"), { path: "x" }).records;
    expect(berlin.map((r) => r.ts)).toEqual(utc.map((r) => r.ts));
    expect(utc[0]?.ts).toBe("2026-11-23T13:11:30.910198Z");
  });

  it("places year-less -o short lines with the node offset and collection time", () => {
    const text = loadFixture("journal--nbp-gen-short-newyork");
    const bare = journalParser.parse(text, { path: "x" });
    expect(bare.records[0]?.ts).toBeNull();
    expect(bare.records[0]?.stamp).toBe("Nov 23 08:11:30");
    const placed = journalParser.parse(text, { path: "x", time: { ...NOV23, utcOffsetSeconds: -5 * 3600 } });
    expect(placed.records[0]?.ts).toBe("2026-11-23T13:11:30.000Z");
  });

  it("takes the year from the -- Logs begin at ... -- header when the bundle gives none", () => {
    const r = journalParser.parse(loadFixture("journal--hotsos-k8s-kube-proxy"), { path: "x" });
    expect(r.records[0]?.ts).toBe("2022-02-11T19:03:31.000Z");
    expect(r.records.filter((x) => x.level === "error").length).toBeGreaterThan(2);
  });

  it("handles the Dec 31 -> Jan 1 rollover in -o short", () => {
    const text = "Dec 31 23:59:59 n1 kubelet[1]: a\nJan  1 00:00:01 n1 kubelet[1]: b\n";
    const r = journalParser.parse(text, { path: "x", time: { referenceEpochMs: Date.UTC(2027, 0, 1, 0, 10) } });
    expect(r.records.map((x) => x.ts)).toEqual(["2026-12-31T23:59:59.000Z", "2027-01-01T00:00:01.000Z"]);
  });

  it("reads boot markers, short-full and short-monotonic", () => {
    const text = [
      "-- Boot 0123456789abcdef0123456789abcdef --",
      "Mon 2026-11-23 13:00:00 CET n1 systemd[1]: Started x.",
      "[   10.500000] n1 kernel: eth0: link up",
    ].join("\n");
    const r = journalParser.parse(text, { path: "x", time: { bootEpochMs: Date.UTC(2026, 10, 23) } });
    expect(r.records.map((x) => [x.ts, x.bootId, x.identifier])).toEqual([
      ["2026-11-23T12:00:00.000Z", "0123456789abcdef0123456789abcdef", "systemd"],
      ["2026-11-23T00:00:10.500Z", "0123456789abcdef0123456789abcdef", "kernel"],
    ]);
  });

  it("reports empty journals as not data", () => {
    expect(journalParser.parse("-- No entries --\n", { path: "x" }).notData?.reason).toBe("empty");
    expect(journalParser.parse("", { path: "x" }).notData?.reason).toBe("empty");
    expect(journalParser.parse("sh: 1: journalctl: not found\n", { path: "x" }).notData?.reason).toBe("command-not-found");
  });

  it("treats CRLF like LF", () => {
    const crlf = journalParser.parse(loadFixture("journal--edge-crlf"), { path: "x" }).records;
    const lf = journalParser.parse(loadFixture("journal--edge-crlf").replace(/\r\n/g, "\n"), { path: "x" }).records;
    expect(crlf).toEqual(lf);
    expect(crlf.length).toBe(4);
  });

  it("cuts a 5 MB line instead of keeping it whole", () => {
    const big = `2026-11-23T12:00:00.000000+0000 n1 app[1]: ${"x".repeat(5 * 1024 * 1024)}`;
    const r = journalParser.parse(`${big}\n${big}\n`, { path: "x" });
    expect(r.records).toHaveLength(2);
    expect(r.records[0]?.truncated).toBe(true);
    expect(r.records[0]?.message.length).toBe(64 * 1024);
  });

  it("streams to onRecord without keeping records, same records as parse()", () => {
    const text = loadFixture("journal--nbp-gen-short-iso-precise");
    const got: JournalRecord[] = [];
    const res = runSink(createJournalSink({ path: "x", onRecord: (r) => got.push(r) }), text);
    expect(res.records).toEqual([]);
    expect(res.recordCount).toBe(got.length);
    expect(got).toEqual(journalParser.parse(text, { path: "x" }).records);
  });
});

describe("journal kind given json or export text", () => {
  it("hands -o json and -o export content to their parsers", () => {
    const viaJournal = journalParser.parse(loadFixture("journal-json--nbp-gen"), { path: "x" });
    expect(viaJournal.records).toHaveLength(11);
    expect(viaJournal.records[0]?.priority).toBe(6);
    expect(journalParser.parse(loadFixture("journal-export--beats-stdout-entries"), { path: "x" }).records).toHaveLength(10);
  });
  it("reads --no-hostname lines", () => {
    const r = journalParser.parse("2026-11-23T12:00:00.000000+0000 kubelet[12]: hi\n", { path: "x" });
    expect(r.records[0]).toMatchObject({ identifier: "kubelet", pid: 12, message: "hi" });
    expect(r.records[0]?.host).toBeUndefined();
  });
});

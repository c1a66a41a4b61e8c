import { describe, expect, it } from "vitest";
import { loadFixture, runGoldenTests } from "@/test/support/golden";
import { createLogSink, logFileParser } from "@/lib/parsers/logs/log";
import type { LogRecord } from "@/lib/parsers/logs/log-types";
import { runSink } from "@/lib/parsers/logs/sink-base";

runGoldenTests(logFileParser, "log");

const CTX = { referenceEpochMs: Date.UTC(2026, 10, 23, 13), utcOffsetSeconds: 3600 };
const parse = (name: string, time = CTX) => logFileParser.parse(loadFixture(name), { path: "x", time });

describe("generic logs", () => {
  const recs = parse("log--doc-mixed-formats").records;
  const at = (line: number) => recs.find((r) => r.line === line);

  it("recognises each format and normalises every stamp to UTC", () => {
    expect(recs.filter((r) => r.format).map((r) => [r.line, r.format, r.ts])).toEqual([
      [1, "syslog", "2026-11-23T11:00:00.000Z"],
      [2, "rfc5424", "2026-11-23T12:00:00.100Z"],
      [3, "rfc5424", "2026-11-23T12:00:00.200Z"],
      [4, "syslog", "2026-11-23T11:00:01.000Z"],
      [5, "iso", "2026-11-23T11:00:02.123456Z"],
      [6, "iso", "2026-11-23T12:00:03.000Z"],
      [7, "iso", "2026-11-23T11:00:04.123Z"],
      [8, "zap", "2026-11-23T12:00:05.000Z"],
      [9, "logfmt", "2026-11-23T12:00:06.123456789Z"],
      [10, "logfmt", "2026-11-23T12:00:07.000Z"],
      [11, "golog", "2026-11-23T11:00:08.000Z"],
      [12, "golog", "2026-11-23T11:00:09.000Z"],
      [13, "json", "2026-11-23T12:00:10.500Z"],
      [14, "json", "2026-11-23T12:00:11.000Z"],
      [15, "klog", "2026-11-23T11:00:12.000100Z"],
      [20, "klog", "2026-11-23T11:00:13.000200Z"],
    ]);
  });

  it("splits host, program, pid, level and klog source", () => {
    expect(at(1)).toMatchObject({ host: "node-1", program: "kubelet", pid: 1234, level: "info" });
    expect(at(3)).toMatchObject({ program: "dockerd", pid: 812, message: "structured data before the message" });
    expect(at(4)?.level).toBe("notice");
    expect(at(9)).toMatchObject({ level: "error", message: 'Handler for POST /v1.41/containers/abc/stop returned error: "cannot stop container" error="boom" module=api' });
    expect(at(15)).toMatchObject({ level: "error", pid: 2201, source: "proxier.go:1402" });
  });

  it("keeps the iptables-restore error text as records pointing at their klog line", () => {
    const cont = recs.filter((r) => r.continues === 15).map((r) => r.message);
    expect(cont).toEqual(["Error occurred at line: 43", "Try `iptables-restore -h' or 'iptables-restore --help' for more information.", ")"]);
    expect(recs.filter((r) => r.continues === 20).map((r) => r.message.trim())[0]).toContain("Chain 'KUBE-MARK-DROP' does not exist");
    expect(at(24)).toEqual({ line: 24, ts: null, epochMs: null, continues: 20, message: "Starting foo: a plain line without a stamp" });
  });

  it("rolls klog month/day stamps over the new year", () => {
    const r = parse("log--edge-rollover-klog", { referenceEpochMs: Date.UTC(2027, 0, 1, 1), utcOffsetSeconds: 0 });
    expect(r.records.map((x) => x.ts)).toEqual(["2026-12-31T23:59:58.000001Z", "2027-01-01T00:00:02.000002Z"]);
  });

  it("drops CR and sets binary junk aside", () => {
    const r = parse("log--edge-crlf-binary");
    expect(r.records.map((x) => x.message)).toEqual(["eth0: link up", "eth0: link down"]);
    expect(r.unparsed.map((u) => u.line)).toEqual([2]);
  });

  it("survives a 5 MB line and many lines without keeping them when streaming", () => {
    let n = 0;
    let longest = 0;
    const sink = createLogSink({ path: "x", time: CTX, onRecord: (rec: LogRecord) => { n++; longest = Math.max(longest, rec.message.length); } });
    sink.push(`2026-11-23T12:00:00Z ${"y".repeat(5 * 1024 * 1024)}`, 1);
    for (let i = 2; i <= 10_000; i++) sink.push(`I1123 12:00:00.000001    7 a.go:${i}] line ${i}`, i);
    const res = sink.end();
    expect([n, res.recordCount, res.records.length, longest]).toEqual([10_000, 10_000, 0, 64 * 1024]);
  });

  it("leaves year-less stamps unplaced without a collection time and says so once", () => {
    const r = logFileParser.parse(loadFixture("log--hotsos-kube-proxy-klog"), { path: "x" });
    expect(r.records[0]).toMatchObject({ ts: null, stamp: "I0211 19:03:32.472695", level: "info" });
    expect(r.warnings).toEqual([{ line: 1, message: "year-less stamps without a collection time: ts left null" }]);
    expect(runSink(createLogSink({ path: "x" }), "").notData?.reason).toBe("empty");
  });
});

describe("container runtime log files", () => {
  it("reads CRI (/var/log/pods) and docker json-file lines", () => {
    const text = [
      "2026-11-23T12:00:00.123456789Z stderr F E1123 12:00:00.123456       1 server.go:1] boom",
      "2026-11-23T12:00:01.000000000Z stdout P partial line",
      '{"log":"listening on :8080\\n","stream":"stdout","time":"2026-11-23T12:00:02.5Z"}',
    ].join("\n");
    const r = logFileParser.parse(text, { path: "x", time: CTX }).records;
    expect(r.map((x) => [x.format, x.ts, x.program, x.level, x.message])).toEqual([
      ["cri", "2026-11-23T12:00:00.123456789Z", "stderr", "error", "E1123 12:00:00.123456       1 server.go:1] boom"],
      ["cri", "2026-11-23T12:00:01.000000000Z", "stdout", undefined, "partial line"],
      ["json", "2026-11-23T12:00:02.500Z", "stdout", undefined, "listening on :8080"],
    ]);
  });
});

describe("dmesg copies under /var/log", () => {
  it("places [uptime] lines with the boot time", () => {
    const r = logFileParser.parse("[    2.500000] eth0: link up\n", { path: "x", time: { bootEpochMs: Date.UTC(2026, 10, 23) } });
    expect(r.records[0]).toMatchObject({ format: "dmesg", ts: "2026-11-23T00:00:02.500Z", message: "eth0: link up" });
  });
});

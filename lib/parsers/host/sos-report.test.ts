// sos's own files: the report manifest and the date plugin's outputs (real sos 4.0 on Debian 12).
import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { sosCollectedAt, sosUtcOffset } from "@/lib/stream/sos-collected-at";
import { parser as date } from "./date";
import { parser as sosManifest } from "./sos-manifest";
import { parser as sosLog } from "./sos-log";

runGoldenTests(date, "date");
runGoldenTests(sosManifest, "sos-manifest");
runGoldenTests(sosLog, "sos-log");

describe("sos-manifest", () => {
  it("reads the local start time and every command with rc and duration", () => {
    const r = parseFixture(sosManifest, "sos-manifest--sos4-debian12");
    expect(r.records[0]).toMatchObject({ type: "report", version: "4.0", startLocal: "2026-12-07T13:24:37.303" });
    const cmds = r.records.filter((x) => x.type === "command");
    expect(cmds.length).toBe(14);
    expect(cmds.find((c) => c.exec === "ip netns")).toMatchObject({ plugin: "networking", filepath: "sos_commands/networking/ip_netns", returnCode: 0 });
    expect(cmds.every((c) => c.type === "command" && c.durationMs !== null && c.durationMs >= 0)).toBe(true);
  });
  it("keeps what a damaged manifest still says and refuses a cut one", () => {
    const r = parseFixture(sosManifest, "sos-manifest--edge-partial");
    expect(r.records).toEqual([
      expect.objectContaining({ type: "report", startLocal: "2026-12-07T13:24:37.303", endLocal: null }),
      expect.objectContaining({ type: "command", exec: "ip netns", filepath: null, returnCode: 127, durationMs: null }),
    ]);
    const cut = parseFixture(sosManifest, "sos-manifest--edge-truncated");
    expect(cut.records).toEqual([]);
    expect(cut.unparsed).toHaveLength(1);
  });
});

describe("sosCollectedAt", () => {
  it("dates sos 4 by its manifest and sos 3.x by its log's first line, in UTC by the date plugin's offset", () => {
    const art = (kind: string, fixture: string, path: string) => {
      const p = { "sos-manifest": sosManifest, "sos-log": sosLog, date }[kind]!;
      return { info: { path, kind, sizeBytes: 0, records: 0, warnings: [], unparsedLines: 0, error: null }, records: parseFixture(p as typeof date, fixture).records as unknown[] };
    };
    const dates = [art("date", "date--sos4-debian12-cet", "sos_commands/date/date"), art("date", "date--sos4-debian12-utc", "sos_commands/date/date_--utc")];
    const log = art("sos-log", "sos-log--sos4-debian12", "sos_logs/sos.log");
    expect(sosCollectedAt([art("sos-manifest", "sos-manifest--sos4-debian12", "sos_reports/manifest.json"), log, ...dates])).toEqual({ utc: "2026-12-07T12:24:37.303Z", node: "2026-12-07T13:24:37.303+01:00" });
    expect(sosCollectedAt([log, ...dates])).toEqual({ utc: "2026-12-07T12:24:37.376Z", node: "2026-12-07T13:24:37.376+01:00" });
    // no date plugin: the archive's time of the manifest (UTC) against the end time it holds
    const manifest = { ...art("sos-manifest", "sos-manifest--sos4-debian12", "sos_reports/manifest.json"), mtime: "2026-12-07T12:24:39.340Z" };
    expect(sosCollectedAt([manifest, log])).toEqual({ utc: "2026-12-07T12:24:37.303Z", node: "2026-12-07T13:24:37.303+01:00" });
    expect(sosCollectedAt([{ ...log, mtime: "2026-12-07T12:24:39.336Z" }])).toEqual({ utc: "2026-12-07T12:24:37.376Z", node: "2026-12-07T13:24:37.376+01:00" });
    // no offset known: not dated rather than dated wrong
    expect(sosCollectedAt([log])).toBeNull();
  });
});

describe("date", () => {
  it("gives the offset from date and date --utc, or from an ISO stamp", () => {
    const cet = parseFixture(date, "date--sos4-debian12-cet").records;
    const utc = parseFixture(date, "date--sos4-debian12-utc").records;
    expect(cet).toEqual([{ local: "2026-12-07T13:24:37", zone: "CET", line: 1 }]);
    expect(sosUtcOffset([...cet, ...utc])).toBe(3600);
    expect(sosUtcOffset(utc)).toBe(0);
    expect(sosUtcOffset(cet)).toBeNull();
    expect(sosUtcOffset(parseFixture(date, "date--edge-iso-offset").records)).toBe(3600);
  });
  it("says what is not a date", () => {
    expect(parseFixture(date, "date--edge-permission").notData?.reason).toBe("permission-denied");
    const r = parseFixture(date, "date--edge-garbage-extra");
    expect(r.records.map((x) => x.line)).toEqual([2]);
    expect(r.unparsed.map((u) => u.line)).toEqual([1, 3]);
  });
});

describe("sos-log", () => {
  it("lists the commands sos skipped, with the reason and without its advice", () => {
    const r = parseFixture(sosLog, "sos-log--sos4-debian12");
    const ss = r.records.find((x) => x.command === "ss -peaonmi");
    expect(ss).toMatchObject({ type: "skipped", plugin: "networking", local: "2026-12-07T13:24:37.392" });
    expect(ss?.reason).toBe("required kmods missing: af_packet_diag, inet_diag, netlink_diag, unix_diag, udp_diag, tcp_diag");
    expect(r.records.map((x) => x.command)).toContain("ip netns exec nbh-h3f-node ss -peaonmi");
    expect(r.records[0]).toEqual({ type: "start", plugin: "", command: "", reason: "", local: "2026-12-07T13:24:37.376", line: 1 });
    expect(r.records.slice(1, -1).every((x) => x.type === "skipped")).toBe(true);
    expect(r.records.at(-1)).toMatchObject({ type: "end", local: expect.stringMatching(/^2026-12-07T13:24:39\./) });
  });
  it("reads timeouts, tolerates CRLF and a cut last line", () => {
    const r = parseFixture(sosLog, "sos-log--edge-timeout-crlf-cut");
    expect(r.records.map((x) => [x.type, x.command, x.reason])).toEqual([
      ["start", "", ""],
      ["timeout", "journalctl --no-pager", "timed out after 300s"],
      ["skipped", "tc -s qdisc show", "required services missing: foo"],
      ["end", "", ""],
    ]);
  });
});

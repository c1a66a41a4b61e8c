// Key facts for the one-line host artifacts: ns-links, uname, os-release, uptime, boot-time.
import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser as bootTime } from "./boot-time";
import { parser as nsLinks } from "./ns-links";
import { osReleaseMap, parser as osRelease } from "./os-release";
import { parser as uname } from "./uname";
import { parser as uptime } from "./uptime";

runGoldenTests(nsLinks, "ns-links");
runGoldenTests(uname, "uname");
runGoldenTests(osRelease, "os-release");
runGoldenTests(uptime, "uptime");
runGoldenTests(bootTime, "boot-time");

describe("ns-links", () => {
  it("reads real links, keeping the *_for_children file name apart from the type", () => {
    const r = parseFixture(nsLinks, "ns-links--debian12-pidns");
    expect(r.unparsed).toEqual([]);
    const net = r.records.filter((x) => x.link === "net");
    expect(net).toHaveLength(2);
    expect(new Set(net.map((x) => x.inode)).size).toBe(2);
    expect(r.records.find((x) => x.link === "time_for_children")?.type).toBe("time");
  });
  it("warns on vanished processes and keeps junk and truncation unparsed", () => {
    const r = parseFixture(nsLinks, "ns-links--edge-crlf-errors-truncated");
    expect(r.records.map((x) => [x.pid, x.type, x.inode])).toEqual([
      [1, "net", 4026531840],
      [1, "mnt", 4026531841],
      [4242, "net", 4026532280],
      [4242, "pid", 4026532283],
    ]);
    expect(r.warnings.map((w) => w.line)).toEqual([3]);
    expect(r.unparsed.map((u) => u.line)).toEqual([6, 7]);
    expect(parseFixture(nsLinks, "ns-links--edge-permission-denied").notData?.reason).toBe("permission-denied");
  });
});

describe("uname", () => {
  it("splits the version with blanks from the architecture tail", () => {
    expect(parseFixture(uname, "uname--rhel7-rt").records[0]).toMatchObject({
      hostname: "localhost.localdomain",
      kernelRelease: "3.10.0-327.rt56.204.el7.x86_64",
      kernelVersion: "#1 SMP PREEMPT RT Thu Oct 29 21:54:23 EDT 2015",
      machine: "x86_64",
      os: "GNU/Linux",
      kernelMajorMinor: [3, 10],
    });
    expect(parseFixture(uname, "uname--rhel5-i686").records[0]).toMatchObject({ machine: "i686", processor: "i686", hardwarePlatform: "i386" });
    const deb = parseFixture(uname, "uname--edge-crlf-no-processor").records[0];
    expect(deb).toMatchObject({ kernelVersion: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)", machine: "x86_64" });
    expect(deb?.processor).toBeUndefined();
    expect(parseFixture(uname, "uname--edge-busybox").records[0]).toMatchObject({ machine: "x86_64", os: "Linux" });
  });
  it("rejects truncated and empty output", () => {
    expect(parseFixture(uname, "uname--edge-truncated").unparsed).toHaveLength(1);
    expect(parseFixture(uname, "uname--edge-empty").notData?.reason).toBe("empty");
  });
});

describe("os-release", () => {
  it("unquotes values and keeps line numbers across blank lines", () => {
    const r = parseFixture(osRelease, "os-release--jc-centos");
    expect(osReleaseMap(r.records)).toMatchObject({ ID: "centos", ID_LIKE: "rhel fedora", VERSION_ID: "7" });
    expect(r.records.find((x) => x.key === "CENTOS_MANTISBT_PROJECT")?.line).toBe(12);
  });
  it("handles single quotes, escapes, CRLF, junk and an unterminated quote", () => {
    const r = parseFixture(osRelease, "os-release--edge-crlf-quotes-truncated");
    expect(osReleaseMap(r.records)).toEqual({ NAME: "Alpine Linux", ID: "alpine", PRETTY_NAME: 'Quote "inner" and $dollar' });
    expect(r.unparsed.map((u) => u.line)).toEqual([5, 6]);
    expect(parseFixture(osRelease, "os-release--edge-no-such-file").notData?.reason).toBe("no-such-file");
  });
});

describe("uptime and boot-time", () => {
  it("derives collection time, offset and boot time", () => {
    const r = parseFixture(uptime, "uptime--edge-negative-offset");
    expect(r.records).toEqual([
      {
        uptimeSeconds: 187081.27,
        idleSeconds: 370012.55,
        epoch: 1795435200,
        collectedAtUtc: "2026-11-23T12:00:00Z",
        nodeClock: "2026-11-23T07:00:00-0500",
        utcOffsetSeconds: -18000,
        bootedAtUtc: "2026-11-21T08:01:59Z",
        line: 1,
        lineEnd: 3,
      },
    ]);
  });
  it("recognises lines by shape when one command failed", () => {
    const r = parseFixture(uptime, "uptime--edge-crlf-date-failed");
    expect(r.records[0]).toMatchObject({ uptimeSeconds: 187081.27, utcOffsetSeconds: 19800, line: 1, lineEnd: 3 });
    expect(r.records[0]?.epoch).toBeUndefined();
    expect(r.warnings.map((w) => w.message)).toContain("missing date -u +%s line");
  });
  it("reads btime and agrees with the real machine's uptime file", () => {
    const b = parseFixture(bootTime, "boot-time--debian12").records[0];
    const u = parseFixture(uptime, "uptime--debian12").records[0];
    expect(b?.btime).toBeGreaterThan(1_700_000_000);
    // Same machine, minutes apart: /proc/stat btime and date - uptime agree within 2 s.
    expect(Math.abs(Date.parse(u?.bootedAtUtc ?? "") - Date.parse(b?.bootedAtUtc ?? ""))).toBeLessThanOrEqual(2000);
    expect(parseFixture(bootTime, "boot-time--edge-crlf").records[0]?.bootedAtUtc).toBe("2026-11-21T08:01:59Z");
    expect(parseFixture(bootTime, "boot-time--edge-truncated").unparsed).toHaveLength(1);
    expect(parseFixture(bootTime, "boot-time--edge-permission-denied").notData?.reason).toBe("permission-denied");
  });
});

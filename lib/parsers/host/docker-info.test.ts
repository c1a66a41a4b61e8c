import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { dockerInfoSummary, parser } from "./docker-info";

runGoldenTests(parser, "docker-info");

describe("docker-info key facts", () => {
  it("summarises drivers from the sectioned format and nests fields by indentation", () => {
    const r = parseFixture(parser, "docker-info--dockercli-docs-1.13-swarm");
    expect(dockerInfoSummary(r.records)).toMatchObject({
      serverVersion: "1.13.0",
      storageDriver: "overlay2",
      backingFilesystem: "extfs",
      cgroupDriver: "cgroupfs",
      kernelVersion: "4.4.0-31-generic",
      warnings: [{ text: "No swap limit support", line: 70 }],
      bridgeNfWarnings: [],
    });
    expect(r.records).toContainEqual({ type: "field", path: ["Server", "Swarm", "Orchestration"], key: "Task History Retention Limit", value: "5", line: 28 });
    expect(r.records).toContainEqual({ type: "item", path: ["Server", "Registry Mirrors"], value: "http://192.168.1.2/", line: 78 });
    expect(r.unparsed).toEqual([]);
  });

  it("reads the old flat format and cgroup v2 from 25.0", () => {
    expect(dockerInfoSummary(parseFixture(parser, "docker-info--rhel7-1.9.1-devicemapper").records)).toMatchObject({ storageDriver: "devicemapper", serverVersion: "1.9.1" });
    expect(dockerInfoSummary(parseFixture(parser, "docker-info--dockercli-docs-25.0-cgroupv2").records)).toMatchObject({ storageDriver: "overlayfs", cgroupVersion: "2" });
  });

  it("sorts bridge-nf and iptables warnings, keeps colons in list items and survives truncation", () => {
    const r = parseFixture(parser, "docker-info--edge-crlf-warnings-truncated");
    const s = dockerInfoSummary(r.records);
    expect(s.bridgeNfWarnings.map((w) => w.line)).toEqual([10, 11]);
    expect(s.iptablesWarnings.map((w) => w.text)).toEqual(["IPv4 forwarding is disabled"]);
    expect(s.warnings).toHaveLength(4);
    expect(r.records).toContainEqual({ type: "item", path: ["Server", "Registry Mirrors"], value: "https://mirror.example:5000/", line: 8 });
    expect(r.unparsed.map((u) => u.line)).toEqual([14]);
    expect(s.dockerRootDir).toBe("/var/lib/dock");
  });

  it("reports a down daemon as a server error, and not-data outputs", () => {
    const s = dockerInfoSummary(parseFixture(parser, "docker-info--edge-daemon-down").records);
    expect(s.serverError).toMatch(/^ERROR: Cannot connect/);
    expect(s.storageDriver).toBeUndefined();
    expect(parseFixture(parser, "docker-info--edge-empty").notData?.reason).toBe("empty");
    expect(parseFixture(parser, "docker-info--edge-command-not-found").notData?.reason).toBe("command-not-found");
  });
});

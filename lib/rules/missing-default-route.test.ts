// missing-default-route's calibration through the real analyzeBundle on a hand-built bundle in
// our format: a pod netns with a workload and no default route is medium when nothing shows
// its egress failing, and high when a journal record of one of its processes says "Network is
// unreachable" (joined by the PID journald recorded, never by a PID in the text) or when
// workloads are routed through it. Journald does not run on the test machines, so the
// collector cannot be used for the journal part; the lab variant without logs is in
// test/scenarios/healthy-baseline.test.ts.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeBundle } from "@/lib/analyze/analyze-bundle";
import { makeTempDir } from "@/test/support/temp-dir";
import { cmd, testManifest } from "@/test/support/bundles/make-test-bundle";

const HOST = 4026531840;
const POD = 4026532100;
const APP_PID = 4242;

const ipAddr = (ifname: string, ip: string, mac: string) => ({
  ifindex: 2, ifname, flags: ["BROADCAST", "UP"], mtu: 1500, operstate: "UP", address: mac,
  addr_info: [{ family: "inet", local: ip, prefixlen: 24, scope: "global", label: ifname }],
});

/** `routed`: the node has no default route of its own, and the pod's default route goes through the node's bridge address. */
function bundle(dir: string, name: string, journal: string, routed = false): string {
  const top = `netbundle-${name}-20261123T120000Z`;
  const root = path.join(dir, name, top);
  const ps = [
    "    PID    PPID    PGID     SID   UID                  STARTED ELAPSED STAT COMMAND         COMMAND",
    "      1       0       1       1     0 Mon Nov 23 10:00:00 2026    7200 Ss   systemd         /sbin/init",
    `   ${APP_PID}       1    ${APP_PID}    ${APP_PID}     0 Mon Nov 23 11:00:00 2026    3600 Ss   app             /usr/bin/app --upstream 198.18.9.9:443`,
  ].join("\n");
  const nsLinks = [`/proc/1/ns/net -> net:[${HOST}]`, `/proc/${APP_PID}/ns/net -> net:[${POD}]`].join("\n");
  const files: Record<string, string> = {
    "host/ps.txt": `${ps}\n`,
    "host/ns-links.txt": `${nsLinks}\n`,
    "logs/journal/app.txt": journal,
    [`netns/${HOST}/ip-addr.json`]: JSON.stringify([ipAddr("eth0", "198.18.1.2", "02:00:00:00:01:02"), { ...ipAddr("cni0", "198.18.7.1", "02:00:00:00:07:01"), ifindex: 3 }]),
    [`netns/${HOST}/ip-route.json`]: JSON.stringify(routed ? [] : [{ type: "unicast", dst: "default", gateway: "198.18.1.1", dev: "eth0", table: "main", flags: [] }]),
    [`netns/${POD}/ip-addr.json`]: JSON.stringify([ipAddr("eth0", "198.18.7.20", "02:00:00:00:07:20")]),
    [`netns/${POD}/ip-route.json`]: JSON.stringify([
      { type: "unicast", dst: "198.18.7.0/24", dev: "eth0", protocol: "kernel", scope: "link", prefsrc: "198.18.7.20", table: "main", flags: [] },
      ...(routed ? [{ type: "unicast", dst: "default", gateway: "198.18.7.1", dev: "eth0", table: "main", flags: [] }] : []),
    ]),
  };
  const manifest = {
    ...testManifest(name),
    namespaces: [
      { type: "net", inode: HOST, isHost: true, dir: `netns/${HOST}`, reachedVia: ["pid:1"], holders: { pids: [1], mounts: [], names: [] } },
      { type: "net", inode: POD, isHost: false, dir: `netns/${POD}`, reachedVia: [`pid:${APP_PID}`], holders: { pids: [APP_PID], mounts: [], names: [] } },
    ],
    commands: [
      cmd(["ps", "-eo", "..."], "ps", "host/ps.txt"),
      cmd(["stat", "-c", "%N", "/proc/*/ns/*"], "ns-links", "host/ns-links.txt"),
      cmd(["journalctl", "-u", "app"], "journal", "logs/journal/app.txt"),
      ...[HOST, POD].flatMap((n) => [
        cmd(["ip", "-d", "-j", "addr"], "ip-addr-json", `netns/${n}/ip-addr.json`, { netns: n, reachedVia: "pid:1" }),
        cmd(["ip", "-j", "route", "show", "table", "all"], "ip-route-json", `netns/${n}/ip-route.json`, { netns: n, reachedVia: "pid:1" }),
      ]),
    ],
  };
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, "manifest.json"), JSON.stringify(manifest));
  for (const [rel, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), body);
  }
  const out = path.join(dir, `${name}.tar.gz`);
  execFileSync("tar", ["-czf", out, "-C", path.join(dir, name), top]);
  return out;
}

const line = (pid: number, msg: string) => `2026-11-23T11:59:00.000000+0000 node app[${pid}]: ${msg}\n`;

describe("missing-default-route severity", () => {
  const tmp = makeTempDir("nb-defroute-");
  afterAll(() => tmp.cleanup());
  const podFinding = async (name: string, journal: string, routed = false) => {
    const r = await analyzeBundle(bundle(tmp.dir, name, journal, routed));
    return r.findings.filter((f) => f.ruleId === "missing-default-route");
  };

  it("medium when nothing shows egress failing (a log line of another PID does not count)", async () => {
    const [f, ...rest] = await podFinding("quiet", line(999, "dial tcp 198.18.9.9:443: connect: network is unreachable"));
    expect(rest).toEqual([]);
    expect(f?.severity).toBe("medium");
    expect(f?.entities).toEqual({ ips: ["198.18.7.20"], netns: [POD], interfaces: ["eth0"] });
  });

  it("high for a node without a default route when a workload's default route goes through it", async () => {
    const [f, ...rest] = await podFinding("routed", "", true);
    expect(rest).toEqual([]);
    expect(f?.severity).toBe("high");
    expect(f?.entities).toEqual({ ips: ["198.18.1.2", "198.18.7.1"], netns: [HOST, POD], interfaces: ["eth0", "cni0"] });
    expect(f?.explanation).toContain("1 namespace(s) with workloads are routed through it (via cni0)");
  });

  it("high when a process of the namespace logs 'network is unreachable', naming the PID, the target and the log", async () => {
    const [f, ...rest] = await podFinding("unreach", line(APP_PID, "dial tcp 198.18.9.9:443: connect: network is unreachable"));
    expect(rest).toEqual([]);
    expect(f?.severity).toBe("high");
    expect(f?.entities).toEqual({ ips: ["198.18.7.20", "198.18.9.9"], ports: [443], netns: [POD], pids: [APP_PID], paths: ["logs/journal/app.txt"], interfaces: ["eth0"] });
    expect(f?.explanation).toContain("Its processes log the failure");
    const log = f?.evidence.find((e) => e.artifact.endsWith("logs/journal/app.txt"));
    expect(log).toMatchObject({ lineStart: 1, quote: "log-record" });
    expect(log?.excerpt).toContain("network is unreachable");
  });
});

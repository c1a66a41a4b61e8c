import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Payloads that would run script if any page rendered bundle text as HTML. */
export const XSS = {
  host: `<script>alert(1)</script>node`,
  img: `<img src=x onerror=alert(1)>`,
  ifname: `<script>alert(1)</script>`,
};

/**
 * A small hand-built bundle (format v1) whose hostname, a journal line, an interface name,
 * a failed command's stderr and an artifact file name carry HTML/script payloads.
 */
export function makeXssBundle(outDir: string): string {
  const top = "netbundle-xss-20261123T120000Z";
  const root = path.join(outDir, "xss-src", top);
  const inode = 4026531840;
  const files: Record<string, string> = {
    "host/uname.txt": `Linux ${XSS.host} 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64 GNU/Linux\n`,
    "host/os-release.txt": `PRETTY_NAME="Debian GNU/Linux 12 (bookworm) ${XSS.img}"\nNAME="Debian GNU/Linux"\nID=debian\n`,
    "logs/journal/kernel.txt": [
      `2026-11-23T11:59:01.000000+0000 node kernel: eth0: link up ${XSS.img}`,
      `2026-11-23T11:59:02.000000+0000 node kernel: ${XSS.host} said hello`,
      `2026-11-23T11:59:03.000000+0000 node kernel: plain line`,
    ].join("\n") + "\n",
    [`logs/files/${XSS.img}.log`]: `2026-11-23T11:59:04Z payload in a file named like an img tag ${XSS.img}\n`,
    [`netns/${inode}/ip-addr.json`]: JSON.stringify([
      { ifindex: 1, ifname: "lo", flags: ["LOOPBACK", "UP"], mtu: 65536, operstate: "UNKNOWN", address: "00:00:00:00:00:00", addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8, scope: "host", label: "lo" }] },
      { ifindex: 2, ifname: XSS.ifname, flags: ["BROADCAST", "UP"], mtu: 1500, operstate: "UP", address: "02:00:00:00:00:01", addr_info: [{ family: "inet", local: "198.18.7.7", prefixlen: 24, scope: "global", label: XSS.ifname }] },
    ]),
    // The collector leaves the (empty) output of a timed-out command in place.
    [`netns/${inode}/ss-tcp.txt`]: "",
  };
  const manifest = {
    format: "netbundle-bundle",
    formatVersion: 1,
    collector: { name: "netbundle-collect", version: "0.1.0" },
    host: XSS.host,
    kernel: "6.1.0-18-amd64",
    collectedAt: { utc: "2026-11-23T12:00:00Z", node: "2026-11-23T12:00:00+0000", epoch: 1795435200 },
    uid: 0,
    root: true,
    options: { since: "24h", timeout: 10, redact: true, pcapSeconds: 0, pcapIfaces: [], extra: [] },
    missingTools: [XSS.img],
    limitations: [`limitation ${XSS.host}`],
    namespaces: [{ type: "net", inode, isHost: true, dir: `netns/${inode}`, reachedVia: ["pid:1"], holders: { pids: [1], mounts: [], names: [] } }],
    commands: [
      { argv: ["uname", "-a"], kind: "uname", output: "host/uname.txt", exitCode: 0, durationMs: 1, timedOut: false, truncated: false, notFound: false, stderr: "" },
      { argv: ["cat", "/etc/os-release"], kind: "os-release", output: "host/os-release.txt", exitCode: 0, durationMs: 1, timedOut: false, truncated: false, notFound: false, stderr: "" },
      { argv: ["journalctl", "-k"], kind: "journal", output: "logs/journal/kernel.txt", exitCode: 0, durationMs: 5, timedOut: false, truncated: false, notFound: false, stderr: "" },
      { argv: ["ip", "-d", "-j", "addr"], kind: "ip-addr-json", output: `netns/${inode}/ip-addr.json`, netns: inode, reachedVia: "pid:1", exitCode: 0, durationMs: 3, timedOut: false, truncated: false, notFound: false, stderr: "" },
      { argv: ["tcpdump", "-i", "lo", "-w", "pcap/lo.pcap"], kind: "pcap", output: "pcap/lo.pcap", exitCode: 0, durationMs: 1000, timedOut: false, truncated: false, notFound: false, stderr: "" },
      { argv: ["ss", "-tanpie"], kind: "ss", output: `netns/${inode}/ss-tcp.txt`, netns: inode, reachedVia: "pid:1", exitCode: 124, durationMs: 10000, timedOut: true, truncated: false, notFound: false, stderr: `timeout ${XSS.img}` },
    ],
  };
  fs.rmSync(path.join(outDir, "xss-src"), { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, "manifest.json"), JSON.stringify(manifest, null, 2));
  for (const [rel, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), body);
  }
  // A real capture (tcpdump test data, see lib/pcap/fixtures/PROVENANCE.md) with refused
  // connections, so the Packets tab has flows, anomalies and a ladder to draw.
  fs.mkdirSync(path.join(root, "pcap"), { recursive: true });
  fs.copyFileSync(path.resolve("lib/pcap/fixtures/tcpdump-openflow-loopback-refused-rst.pcapng"), path.join(root, "pcap/lo.pcap"));
  const out = path.join(outDir, "xss-bundle.tar.gz");
  // manifest.json first, as the format asks.
  const rest = [...Object.keys(files), "pcap/lo.pcap"].map((f) => `${top}/${f}`);
  execFileSync("tar", ["-czf", out, "-C", path.join(outDir, "xss-src"), `${top}/manifest.json`, ...rest]);
  return out;
}

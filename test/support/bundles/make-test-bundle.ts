/**
 * A small hand-built bundle in format v1 (collector-script/README.md) for the ingest tests:
 * host facts, one netns with an address, and a journal of `journalLines` lines so the
 * timeline path has real volume. Made with the system tar in a temp dir the caller removes.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export function makeTestBundle(outDir: string, opts: { journalLines?: number; host?: string } = {}): string {
  const top = "netbundle-ingesttest-20261123T120000Z";
  const root = path.join(outDir, "src", top);
  const inode = 4026531840;
  const host = opts.host ?? "ingest-node";
  const n = opts.journalLines ?? 3000;
  const journal = Array.from({ length: n }, (_, i) => {
    const t = new Date(Date.parse("2026-11-23T10:00:00Z") + i * 1000).toISOString().replace("Z", "000+0000").replace(/\.(\d{3})000/, ".$1000");
    return `${t} ${host} kubelet[812]: event ${i} pod sandbox changed, it will be killed and re-created`;
  }).join("\n") + "\n";
  const files: Record<string, string> = {
    "host/uname.txt": `Linux ${host} 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64 GNU/Linux\n`,
    "host/os-release.txt": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n',
    "logs/journal/kubelet.txt": journal,
    [`netns/${inode}/ip-addr.json`]: JSON.stringify([
      { ifindex: 1, ifname: "lo", flags: ["LOOPBACK", "UP"], mtu: 65536, operstate: "UNKNOWN", address: "00:00:00:00:00:00", addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8, scope: "host", label: "lo" }] },
      { ifindex: 2, ifname: "eth0", flags: ["BROADCAST", "UP"], mtu: 1500, operstate: "UP", address: "02:00:00:00:00:01", addr_info: [{ family: "inet", local: "198.18.7.7", prefixlen: 24, scope: "global", label: "eth0" }] },
    ]),
  };
  const manifest = {
    ...testManifest(host),
    namespaces: [{ type: "net", inode, isHost: true, dir: `netns/${inode}`, reachedVia: ["pid:1"], holders: { pids: [1], mounts: [], names: [] } }],
    commands: [
      cmd(["uname", "-a"], "uname", "host/uname.txt"),
      cmd(["cat", "/etc/os-release"], "os-release", "host/os-release.txt"),
      cmd(["journalctl", "-u", "kubelet"], "journal", "logs/journal/kubelet.txt"),
      cmd(["ip", "-d", "-j", "addr"], "ip-addr-json", `netns/${inode}/ip-addr.json`, { netns: inode, reachedVia: "pid:1" }),
    ],
  };
  fs.rmSync(path.join(outDir, "src"), { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, "manifest.json"), JSON.stringify(manifest, null, 2));
  for (const [rel, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), body);
  }
  const out = path.join(outDir, `${host}.tar.gz`);
  const members = ["manifest.json", ...Object.keys(files)].map((m) => path.join(top, m));
  execFileSync("tar", ["-czf", out, "-C", path.join(outDir, "src"), ...members]);
  return out;
}

/** One command of a test manifest: it ran and wrote `output`. */
export function cmd(argv: string[], kind: string, output: string, extra: object = {}) {
  return { argv, kind, output, exitCode: 0, durationMs: 1, timedOut: false, truncated: false, notFound: false, stderr: "", ...extra };
}

/** A format-v1 manifest of a root collector run at 2026-11-23T12:00:00Z, without namespaces and commands. */
export function testManifest(host: string) {
  return {
    format: "netbundle-bundle",
    formatVersion: 1,
    collector: { name: "netbundle-collect", version: "0.1.0" },
    host,
    kernel: "6.1.0-18-amd64",
    collectedAt: { utc: "2026-11-23T12:00:00Z", node: "2026-11-23T12:00:00+0000", epoch: 1795435200 },
    uid: 0,
    root: true,
    options: { since: "24h", timeout: 10, redact: true, pcapSeconds: 0, pcapIfaces: [], extra: [] },
    missingTools: [],
    limitations: [],
  };
}

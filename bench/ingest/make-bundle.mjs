// Builds a large, realistic bundle in the collector's format v1 for the ingest benchmark:
// 200 network namespaces each with a kube-proxy-sized iptables ruleset (the real AKS dump
// from lib/parsers/fixtures) and ip addr/route JSON, 500 processes, a multi-million-line
// kubelet journal and a ~200 MiB capture with random payloads (bench/pcap/make-capture.mjs),
// packed as .tar.gz: about 250 MiB, the size class of the ~300 MB bundles the target names.
// usage: node bench/ingest/make-bundle.mjs OUT.tar.gz [JOURNAL_LINES=3000000] [PCAP_MIB=200] [MIX=journal|klog]
// MIX=klog: the kubelet lines as kubelet's own klog file (logs/files/, as the collector copies
// /var/log/kubelet.log when there is no journal) instead of a journal: the busy-node mix.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const [out, linesArg, pcapArg, mixArg] = process.argv.slice(2);
const MIX = mixArg ?? "journal";
if (!["journal", "klog"].includes(MIX)) throw new Error(`MIX must be journal or klog, not ${MIX}`);
if (!out) throw new Error("usage: make-bundle.mjs OUT.tar.gz [JOURNAL_LINES] [PCAP_MIB]");
const JOURNAL_LINES = Number(linesArg ?? 3_000_000);
const PCAP_MIB = Number(pcapArg ?? 200);
const NETNS = 200;

const stage = fs.mkdtempSync(path.join(os.tmpdir(), "nb-bench-bundle-"));
const top = path.join(stage, "netbundle-bench-node-20261123T120000Z");
const w = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(top, rel)), { recursive: true });
  fs.writeFileSync(path.join(top, rel), text);
};
const fixture = (name) => fs.readFileSync(path.join(root, "lib/parsers/fixtures", name), "utf8");

const commands = [];
const cmd = (output, kind, extra = {}) => commands.push({ argv: ["bench"], kind, output, exitCode: 0, durationMs: 1, timedOut: false, truncated: false, notFound: false, stderr: "", ...extra });

// host
w("host/uname.txt", "Linux bench-node 5.15.0-91-generic #101-Ubuntu SMP x86_64 GNU/Linux\n"); cmd("host/uname.txt", "uname");
w("host/sysctl-a.txt", fixture(fs.readdirSync(path.join(root, "lib/parsers/fixtures")).find((f) => f.startsWith("sysctl--") && f.endsWith(".txt")))); cmd("host/sysctl-a.txt", "sysctl");
const ps = ["  PID  PPID  PGID   SID   UID                  STARTED ELAPSED STAT COMMAND         COMMAND"];
for (let pid = 1; pid <= 500; pid++) {
  const comm = pid === 1 ? "systemd" : pid % 50 === 0 ? "containerd-shim" : pid % 50 === 1 ? "pause" : "nginx";
  ps.push(`${String(pid).padStart(5)} ${String(pid === 1 ? 0 : pid % 50 === 1 ? pid - 1 : 1).padStart(5)} ${String(pid).padStart(5)} ${String(pid).padStart(5)}     0 Mon Nov 23 10:00:00 2026    7200 Ss   ${comm.padEnd(15)} /usr/bin/${comm} --flag ${pid}`);
}
w("host/ps.txt", ps.join("\n") + "\n"); cmd("host/ps.txt", "ps");

// namespaces
const namespaces = [];
const rules = fixture("iptables-save--aks-kube-proxy.txt");
const links = [];
for (let i = 0; i < NETNS; i++) {
  const inode = 4026532000 + i;
  const dir = `netns/${inode}`;
  const pid = i * 2 + 2;
  links.push(`/proc/${pid}/ns/net -> net:[${inode}]`);
  namespaces.push({ type: "net", inode, isHost: i === 0, dir, reachedVia: [`pid:${pid}`], holders: { pids: [pid], mounts: [], names: [] } });
  w(`${dir}/iptables-nft-save.txt`, rules); cmd(`${dir}/iptables-nft-save.txt`, "iptables-save", { netns: inode, backend: "nf_tables" });
  const ip = `198.18.${Math.floor(i / 250)}.${(i % 250) + 2}`;
  w(`${dir}/ip-addr.json`, JSON.stringify([
    { ifindex: 1, ifname: "lo", flags: ["LOOPBACK", "UP"], mtu: 65536, operstate: "UNKNOWN", link_type: "loopback", address: "00:00:00:00:00:00", addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8, scope: "host" }] },
    { ifindex: 3, link_index: 10 + i, ifname: "eth0", flags: ["BROADCAST", "UP"], mtu: 1500, operstate: "UP", link_type: "ether", address: `02:42:c6:12:00:${(i % 256).toString(16).padStart(2, "0")}`, link_netnsid: 0, linkinfo: { info_kind: "veth" }, addr_info: [{ family: "inet", local: ip, prefixlen: 16, scope: "global" }] },
  ]) + "\n");
  cmd(`${dir}/ip-addr.json`, "ip-addr-json", { netns: inode });
  w(`${dir}/ip-route.json`, JSON.stringify([{ dst: "default", gateway: "198.18.0.1", dev: "eth0", table: "main", protocol: "boot", scope: "global", type: "unicast", flags: [] }]) + "\n");
  cmd(`${dir}/ip-route.json`, "ip-route-json", { netns: inode });
}
w("host/ns-links.txt", links.join("\n") + "\n"); cmd("host/ns-links.txt", "ns-links");

// a multi-million-line journal, written in blocks
const logRel = MIX === "klog" ? "logs/files/__var__log__kubelet.log" : "logs/journal/kubelet.txt";
fs.mkdirSync(path.dirname(path.join(top, logRel)), { recursive: true });
const jfd = fs.openSync(path.join(top, logRel), "w");
let block = [];
const t0 = Date.UTC(2026, 10, 23, 0, 0, 0);
for (let n = 0; n < JOURNAL_LINES; n++) {
  const t = new Date(t0 + Math.floor((n * 43_200_000) / JOURNAL_LINES));
  const iso = t.toISOString().replace("Z", "").replace(/\.(\d{3})$/, (_, ms) => `.${ms}${String(n % 1000).padStart(3, "0")}`) + "+0000";
  const hh = iso.slice(11, 26);
  const klog = `I1123 ${hh}    1234 kubelet.go:${2000 + (n % 400)}] "SyncLoop (PLEG): event for pod" pod="default/web-${n % 977}" event={"ID":"${(n * 2654435761 >>> 0).toString(16)}","Type":"ContainerStarted"}`;
  block.push(MIX === "klog" ? klog : `${iso} bench-node kubelet[1234]: ${klog}`);
  if (block.length === 100_000) { fs.writeSync(jfd, block.join("\n") + "\n"); block = []; }
}
if (block.length) fs.writeSync(jfd, block.join("\n") + "\n");
fs.closeSync(jfd);
cmd(logRel, MIX === "klog" ? "log" : "journal");

// capture
fs.mkdirSync(path.join(top, "pcap"), { recursive: true });
// Random payloads: real captures are mostly encrypted traffic that gzip cannot shrink.
const cap = spawnSync(process.execPath, [path.join(root, "bench/pcap/make-capture.mjs"), path.join(top, "pcap/eth0.pcap"), String(PCAP_MIB), "1200", "random"], { stdio: "inherit" });
if (cap.status !== 0) throw new Error("make-capture failed");
cmd("pcap/eth0.pcap", "pcap");

const manifest = {
  format: "netbundle-bundle", formatVersion: 1, collector: { name: "bench", version: "0" }, host: "bench-node", kernel: "5.15.0-91-generic",
  collectedAt: { utc: "2026-11-23T12:00:00Z", node: "2026-11-23T12:00:00+0000", epoch: 1795435200 }, uid: 0, root: true, options: {}, missingTools: [], limitations: [],
  namespaces, commands,
};
w("manifest.json", JSON.stringify(manifest));
// manifest first, as the collector writes it
const t = spawnSync("tar", ["-czf", path.resolve(out), "-C", stage, `${path.basename(top)}/manifest.json`, "--exclude", `${path.basename(top)}/manifest.json`, path.basename(top)], { stdio: "inherit" });
if (t.status !== 0) throw new Error("tar failed");
fs.rmSync(stage, { recursive: true, force: true });
console.log(`${out}: ${(fs.statSync(out).size / 1048576).toFixed(1)} MiB`);

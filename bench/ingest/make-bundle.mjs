// Builds a large, realistic bundle in the collector's format v1 for the ingest benchmark:
// 200 network namespaces each with a kube-proxy-sized iptables ruleset (the real AKS dump
// from lib/parsers/fixtures) and ip addr/route JSON (pods on the host's cni0 bridge, one of
// them a stale copy of another's address), 500 processes, a multi-million-line kubelet
// journal, a ~200 MiB capture with random payloads (bench/pcap/make-capture.mjs) and a small
// capture on cni0 of the first incident (bench/ingest/incident-capture.mjs),
// packed as .tar.gz: about 250 MiB, the size class of the ~300 MB bundles the target names.
// usage: node bench/ingest/make-bundle.mjs OUT.tar.gz [JOURNAL_LINES=3000000] [PCAP_MIB=200] [MIX=journal|klog]
// MIX=klog: the kubelet lines as kubelet's own klog file (logs/files/, as the collector copies
// /var/log/kubelet.log when there is no journal) instead of a journal: the busy-node mix.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { incidentCapture } from "./incident-capture.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const [out, linesArg, pcapArg, mixArg] = process.argv.slice(2);
const MIX = mixArg ?? "journal";
if (!["journal", "klog"].includes(MIX)) throw new Error(`MIX must be journal or klog, not ${MIX}`);
if (!out) throw new Error("usage: make-bundle.mjs OUT.tar.gz [JOURNAL_LINES] [PCAP_MIB]");
const JOURNAL_LINES = Number(linesArg ?? 3_000_000);
const PCAP_MIB = Number(pcapArg ?? 200);
const NETNS = 200;
/** Pod 5 serves :8080; pod 150 is a stale copy of its address; pod 20 is the client. */
const LIVE_POD = 5, STALE_COPY = 150, CLIENT = 20, PORT = 8080;

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

// namespaces: the host (i = 0) with a cni0 bridge and one veth per pod, 199 pods. Pod 150 still
// holds pod 5's address (a stale copy, scenario 1), and a capture on cni0 shows the incident.
const namespaces = [];
const rules = fixture("iptables-save--aks-kube-proxy.txt");
const links = [];
const podIp = (i) => (i === STALE_COPY ? podIp(LIVE_POD) : `198.18.${Math.floor(i / 250)}.${(i % 250) + 2}`);
const podMac = (i) => `02:42:c6:12:00:${(i % 256).toString(16).padStart(2, "0")}`;
const lo = { ifindex: 1, ifname: "lo", flags: ["LOOPBACK", "UP"], mtu: 65536, operstate: "UNKNOWN", link_type: "loopback", address: "00:00:00:00:00:00", addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8, scope: "host" }] };
for (let i = 0; i < NETNS; i++) {
  const inode = 4026532000 + i;
  const dir = `netns/${inode}`;
  const pid = i * 2 + 2;
  links.push(`/proc/${pid}/ns/net -> net:[${inode}]`);
  namespaces.push({ type: "net", inode, isHost: i === 0, dir, reachedVia: [`pid:${pid}`], holders: { pids: [pid], mounts: [], names: [] } });
  w(`${dir}/iptables-nft-save.txt`, rules); cmd(`${dir}/iptables-nft-save.txt`, "iptables-save", { netns: inode, backend: "nf_tables" });
  const ifaces = i === 0
    ? [
        lo,
        { ifindex: 2, ifname: "eth0", flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"], mtu: 1500, operstate: "UP", link_type: "ether", address: "52:54:00:12:34:56", addr_info: [{ family: "inet", local: "198.19.0.2", prefixlen: 24, scope: "global" }] },
        { ifindex: 4, ifname: "cni0", flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"], mtu: 1500, operstate: "UP", link_type: "ether", address: "02:42:c6:12:ff:01", linkinfo: { info_kind: "bridge" }, addr_info: [{ family: "inet", local: "198.18.0.1", prefixlen: 16, scope: "global" }] },
        ...Array.from({ length: NETNS - 1 }, (_, k) => ({ ifindex: 11 + k, link_index: 3, ifname: `veth${k + 1}`, flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"], mtu: 1500, master: "cni0", operstate: "UP", link_type: "ether", address: `0a:58:c6:12:01:${((k + 1) % 256).toString(16).padStart(2, "0")}`, link_netnsid: k, linkinfo: { info_kind: "veth", info_slave_kind: "bridge" }, addr_info: [] })),
      ]
    : [lo, { ifindex: 3, link_index: 10 + i, ifname: "eth0", flags: ["BROADCAST", "UP"], mtu: 1500, operstate: "UP", link_type: "ether", address: podMac(i), link_netnsid: 0, linkinfo: { info_kind: "veth" }, addr_info: [{ family: "inet", local: podIp(i), prefixlen: 16, scope: "global" }] }];
  w(`${dir}/ip-addr.json`, JSON.stringify(ifaces) + "\n");
  cmd(`${dir}/ip-addr.json`, "ip-addr-json", { netns: inode });
  const routes = i === 0
    ? [{ dst: "default", gateway: "198.19.0.1", dev: "eth0", table: "main", protocol: "boot", scope: "global", type: "unicast", flags: [] }, { dst: "198.18.0.0/16", dev: "cni0", table: "main", protocol: "kernel", scope: "link", prefsrc: "198.18.0.1", type: "unicast", flags: [] }]
    : [{ dst: "default", gateway: "198.18.0.1", dev: "eth0", table: "main", protocol: "boot", scope: "global", type: "unicast", flags: [] }];
  w(`${dir}/ip-route.json`, JSON.stringify(routes) + "\n");
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
// the first incident on the bridge: 1 in 4 SYNs to the live pod's address refused by the copy
fs.writeFileSync(path.join(top, "pcap/cni0.pcap"), incidentCapture({
  client: { ip: podIp(CLIENT), mac: podMac(CLIENT) }, server: podIp(LIVE_POD), port: PORT,
  goodMac: podMac(LIVE_POD), copyMac: podMac(STALE_COPY), attempts: 40, startUs: Date.UTC(2026, 10, 23, 11, 58, 0) * 1000,
}));
cmd("pcap/cni0.pcap", "pcap");

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

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eth, ipv4, pcapFile, tcp, TCP_F } from "../test/support/pcap/synth";
import { cmd, testManifest } from "../test/support/bundles/make-test-bundle";

/**
 * The Packets view on a bundle with a capture of the first incident in miniature: clients
 * connect to 198.18.0.5:8080, which two netns hold; one in four SYNs is answered by the
 * other copy's MAC with RST,ACK. Three clients try 198.18.0.9:9090 and get no answer.
 * The bundle is built here (hand-made frames, as lib/pcap's synthetic tests do); the oracle
 * for the grouped counts is `netbundle pcap` on the same capture, for the packets tshark.
 */
export const SERVER = "198.18.0.5";
export const MAC = { client: "02:00:00:00:00:01", good: "02:00:00:00:00:0a", copy: "02:00:00:00:00:0b", gw: "02:00:00:00:00:fe" };
export const NS = { host: 4026531840, good: 4026532100, copy: 4026532200 };
const SYN = TCP_F.SYN;
const ACK = TCP_F.ACK;

function capture(): Buffer {
  const f: Buffer[] = [];
  const seg = (from: string, to: string, src: string, dst: string, sport: number, dport: number, flags: number, seq: number, ack: number, payload = 0) =>
    f.push(eth(from, to, 0x0800, ipv4(src, dst, 6, tcp(sport, dport, flags, seq, ack, 65535, payload))));
  for (let k = 0; k < 40; k++) {
    const sport = 40000 + k;
    const isn = 1000 * (k + 1);
    seg(MAC.client, MAC.good, "198.18.0.1", SERVER, sport, 8080, SYN, isn, 0);
    if (k % 4 === 0) {
      seg(MAC.copy, MAC.client, SERVER, "198.18.0.1", 8080, sport, TCP_F.RST | ACK, 0, isn + 1);
      continue;
    }
    const sisn = 700000 + k;
    seg(MAC.good, MAC.client, SERVER, "198.18.0.1", 8080, sport, SYN | ACK, sisn, isn + 1);
    seg(MAC.client, MAC.good, "198.18.0.1", SERVER, sport, 8080, ACK, isn + 1, sisn + 1);
    seg(MAC.client, MAC.good, "198.18.0.1", SERVER, sport, 8080, TCP_F.PSH | ACK, isn + 1, sisn + 1, 100);
    // One request is sent twice: a retransmission.
    if (k === 5) seg(MAC.client, MAC.good, "198.18.0.1", SERVER, sport, 8080, TCP_F.PSH | ACK, isn + 1, sisn + 1, 100);
    seg(MAC.good, MAC.client, SERVER, "198.18.0.1", 8080, sport, TCP_F.FIN | ACK, sisn + 1, isn + 101);
    seg(MAC.client, MAC.good, "198.18.0.1", SERVER, sport, 8080, TCP_F.FIN | ACK, isn + 101, sisn + 2);
    seg(MAC.good, MAC.client, SERVER, "198.18.0.1", 8080, sport, ACK, sisn + 2, isn + 102);
  }
  for (let k = 0; k < 3; k++) for (let t = 0; t < 3; t++) seg(MAC.client, MAC.gw, "198.18.0.1", "198.18.0.9", 50000 + k, 9090, SYN, 5000 + k, 0);
  return pcapFile(1, f, Date.UTC(2026, 10, 23, 11, 58, 0) * 1000);
}

export function makePacketsBundle(outDir: string): { bundle: string; pcap: string } {
  const top = "netbundle-packets-20261123T120000Z";
  const root = path.join(outDir, "packets-src", top);
  fs.rmSync(path.join(outDir, "packets-src"), { recursive: true, force: true });
  const link = (ifindex: number, ifname: string, mac: string, ip: string | null) => ({
    ifindex, ifname, flags: ["BROADCAST", "UP"], mtu: 1500, operstate: "UP", address: mac,
    addr_info: ip ? [{ family: "inet", local: ip, prefixlen: 24, scope: "global", label: ifname }] : [],
  });
  const files: Record<string, string> = {
    "host/uname.txt": "Linux node1 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64 GNU/Linux\n",
    [`netns/${NS.host}/ip-addr.json`]: JSON.stringify([link(2, "eth0", MAC.client, "198.18.0.1")]),
    [`netns/${NS.good}/ip-addr.json`]: JSON.stringify([link(2, "eth0", MAC.good, SERVER)]),
    [`netns/${NS.copy}/ip-addr.json`]: JSON.stringify([link(2, "eth0", MAC.copy, SERVER)]),
  };
  const base = testManifest("node1");
  const manifest = {
    ...base,
    options: { ...base.options, pcapSeconds: 5, pcapIfaces: ["any"] },
    namespaces: Object.values(NS).map((inode) => ({ type: "net", inode, isHost: inode === NS.host, dir: `netns/${inode}`, reachedVia: ["pid:1"], holders: { pids: [1], mounts: [], names: [] } })),
    commands: [
      cmd(["uname", "-a"], "uname", "host/uname.txt"),
      ...Object.values(NS).map((inode) => cmd(["ip", "-d", "-j", "addr"], "ip-addr-json", `netns/${inode}/ip-addr.json`, { netns: inode, reachedVia: "pid:1" })),
      cmd(["tcpdump", "-i", "eth0", "-w", "pcap/eth0.pcap"], "pcap", "pcap/eth0.pcap"),
    ],
  };
  fs.mkdirSync(path.join(root, "pcap"), { recursive: true });
  fs.writeFileSync(path.join(root, "manifest.json"), JSON.stringify(manifest, null, 2));
  for (const [rel, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), body);
  }
  const pcap = path.join(root, "pcap/eth0.pcap");
  fs.writeFileSync(pcap, capture());
  const bundle = path.join(outDir, "packets-bundle.tar.gz");
  execFileSync("tar", ["-czf", bundle, "-C", path.join(outDir, "packets-src"), `${top}/manifest.json`, ...[...Object.keys(files), "pcap/eth0.pcap"].map((f) => `${top}/${f}`)]);
  return { bundle, pcap };
}


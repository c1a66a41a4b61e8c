import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { analyzePcapFile } from "./analyze";
import { attributePcap } from "./attribute";
import { NetnsLab } from "@/test/support/netns/test-netns";
import { tshark, tsharkFacts } from "@/test/support/pcap/pcap-helpers";
import type { PcapSummary } from "./types";

// Needs root for namespaces; a lab of nbp-<pid>-* namespaces on one bridge, 198.18.0.0/15 only.
const canRun = process.getuid?.() === 0;
const SERVER = "198.18.0.2";

// Bounded client: 3 good connections, 2 to a closed port, 1 dropped, 1 rejected (admin-prohibited).
const CLIENT = `
const net = require("net");
const go = (port, ms) => new Promise((res) => {
  const s = net.connect({ host: "${SERVER}", port });
  let data = "";
  const t = setTimeout(() => { s.destroy(); res("timeout"); }, ms);
  s.on("data", (d) => (data += d));
  s.on("end", () => { clearTimeout(t); s.end(); res("ok:" + data.trim()); });
  s.on("error", (e) => { clearTimeout(t); res(e.code); });
});
(async () => {
  const ports = (process.argv[1] || "").split(",").map(Number);
  const out = [];
  for (const p of ports) out.push(await go(p, p === 8082 ? 2500 : 4000));
  console.log(JSON.stringify(out));
})();`;

/** µs since the epoch from tshark's "sec.fraction" text (no float rounding). */
const usOf = (t: string) => {
  const [sec, frac = ""] = t.split(".");
  return Number(sec) * 1e6 + Number(frac.padEnd(6, "0").slice(0, 6));
};

/** Per TCP stream to `port`: the SYN-sender's last SYN -> first RST latency (µs), and the RST's source MAC, by tshark. */
async function refusalsTo(file: string, port: number): Promise<{ lat: number[]; macs: Map<string, number>; streams: number }> {
  const rows = (await tshark(["-r", file, "-Y", `tcp.port==${port}`, "-T", "fields", "-E", "separator=,", "-e", "tcp.stream", "-e", "frame.time_epoch", "-e", "tcp.flags.syn", "-e", "tcp.flags.ack", "-e", "tcp.flags.reset", "-e", "eth.src", "-e", "sll.src.eth"]))
    .split("\n").filter(Boolean).map((l) => l.split(","));
  const by = new Map<string, { syn: number; rst: number; mac: string; ok: boolean }>();
  for (const [stream, t, syn, ack, rst, e1, e2] of rows) {
    const f = by.get(stream!) ?? by.set(stream!, { syn: -1, rst: -1, mac: "", ok: false }).get(stream!)!;
    const us = usOf(t!);
    const isTrue = (v?: string) => v === "1" || v === "True";
    if (isTrue(syn) && !isTrue(ack) && f.rst < 0) f.syn = us;
    if (isTrue(syn) && isTrue(ack)) f.ok = true;
    if (isTrue(rst) && f.rst < 0 && !f.ok) (f.rst = us), (f.mac = e1 || e2 || "");
  }
  const lat: number[] = [];
  const macs = new Map<string, number>();
  for (const f of by.values()) {
    if (f.rst < 0 || f.syn < 0) continue;
    lat.push(f.rst - f.syn);
    macs.set(f.mac, (macs.get(f.mac) ?? 0) + 1);
  }
  return { lat: lat.sort((a, b) => a - b), macs, streams: by.size };
}

const synsTo = async (file: string, port: number) =>
  (await tshark(["-r", file, "-Y", `tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.dstport==${port}`, "-T", "fields", "-e", "tcp.srcport"])).split("\n").filter(Boolean).length;

describe.skipIf(!canRun)("captures made in a test network namespace", () => {
  const lab = new NetnsLab();
  const dir = mkdtempSync(path.join(tmpdir(), "nbp-cap-"));
  const ethFile = path.join(dir, "client-eth.pcap");
  const anyFile = path.join(dir, "client-any.pcap");
  let results: string[] = [];
  let results2: string[] = [];
  let eth: PcapSummary;
  let any: PcapSummary;

  beforeAll(async () => {
    try {
      lab.build([
        { name: "c", cidr: "198.18.0.1/24" },
        { name: "s1", cidr: `${SERVER}/24` },
        { name: "s2", cidr: `${SERVER}/24` },
      ]);
      const c = lab.hosts.c!;
      const [s1, s2] = [lab.hosts.s1!, lab.hosts.s2!];
      lab.inNs("s1", ["iptables", "-A", "INPUT", "-p", "tcp", "--dport", "8082", "-j", "DROP"]);
      lab.inNs("s1", ["iptables", "-A", "INPUT", "-p", "tcp", "--dport", "8083", "-j", "REJECT", "--reject-with", "icmp-admin-prohibited"]);
      await lab.start("s1", ["node", "-e", `require("net").createServer((s) => s.end("hi\\n")).listen(8080, "${SERVER}", () => console.log("listening"))`], /listening/);
      // An overloaded machine can lose a frame from a capture. tshark (not our reader) judges
      // whether both captures hold every SYN; if not, the same traffic is made again.
      for (let attempt = 1; ; attempt++) {
        const tcEth = await lab.start("c", ["tcpdump", "-n", "-U", "--immediate-mode", "-i", c.dev, "-w", ethFile], /listening on/);
        const tcAny = await lab.start("c", ["tcpdump", "-n", "-U", "--immediate-mode", "-i", "any", "-y", "LINUX_SLL2", "--time-stamp-precision=nano", "-w", anyFile], /listening on/);
        // "listening on" can come a moment before the any-device socket sees every packet.
        await new Promise((r) => setTimeout(r, 500));
        lab.sh(["ip", "-n", c.ns, "neigh", "replace", SERVER, "lladdr", s1.mac, "dev", c.dev, "nud", "permanent"]);
        results = JSON.parse(lab.inNs("c", ["node", "-e", CLIENT, "8080,8080,8080,8081,8081,8082,8083"]));
        // Both servers answer ARP for the one IP; then s2 gets a connection and refuses it.
        try {
          lab.inNs("c", ["busybox", "arping", "-c", "2", "-w", "3", "-I", c.dev, SERVER]);
        } catch {
          // arping exits non-zero on some reply patterns; the capture is what counts.
        }
        lab.sh(["ip", "-n", c.ns, "neigh", "replace", SERVER, "lladdr", s2.mac, "dev", c.dev, "nud", "permanent"]);
        results2 = JSON.parse(lab.inNs("c", ["node", "-e", CLIENT, "8080"]));
        await new Promise((r) => setTimeout(r, 1000));
        await lab.stop(tcEth);
        await lab.stop(tcAny);
        let complete = true;
        for (const f of [ethFile, anyFile]) complete &&= (await synsTo(f, 8080)) === 4 && (await synsTo(f, 8081)) === 2;
        if (complete || attempt === 3) break;
      }
      eth = await analyzePcapFile(ethFile);
      any = await analyzePcapFile(anyFile);
    } catch (e) {
      await lab.cleanup();
      throw e;
    }
  });

  afterAll(async () => {
    await lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("made the traffic it meant to", () => {
    expect(results).toEqual(["ok:hi", "ok:hi", "ok:hi", "ECONNREFUSED", "ECONNREFUSED", "timeout", "EHOSTUNREACH"]);
    expect(results2).toEqual(["ECONNREFUSED"]);
  });

  it.each([
    ["ethernet", () => ethFile, () => eth],
    ["linux-sll2 (-i any, ns)", () => anyFile, () => any],
  ] as const)("%s capture agrees with tshark", async (_label, file, sum) => {
    const s = sum();
    const t = await tsharkFacts(file());
    expect(s.error).toBeNull();
    expect(s.packets).toBe(t.frames);
    expect(s.flows.filter((f) => f.proto === "tcp")).toHaveLength(t.tcpConversations);
    expect(s.flows.reduce((n, f) => n + f.resets, 0)).toBe(t.rstFrames);
  });

  it("reads the link types and resolutions", () => {
    expect(eth.linkTypes).toEqual(["ethernet"]);
    expect(any.linkTypes).toEqual(["linux-sll2"]);
    expect(any.format).toBe("pcap-nsec");
  });

  it.each(["eth", "any"] as const)("classifies every connection (%s)", (which) => {
    const s = which === "eth" ? eth : any;
    const byPort = (p: number) => s.flows.filter((f) => f.proto === "tcp" && f.dport === p && f.src === "198.18.0.1");
    const seen = s.flows.map((f) => `${f.proto} ${f.src}:${f.sport}>${f.dst}:${f.dport} ${f.outcome} ${f.packetsOut}/${f.packetsIn}`).join("; ");
    expect(byPort(8080).map((f) => f.outcome).sort(), seen).toEqual(["closed", "closed", "closed", "refused"]);
    expect(byPort(8081).map((f) => f.outcome)).toEqual(["refused", "refused"]);
    const dropped = byPort(8082);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ outcome: "unanswered", packetsIn: 0 });
    expect(dropped[0]!.synCount).toBeGreaterThanOrEqual(2);
    const refusedAnoms = s.anomalies.filter((a) => a.kind === "syn-refused");
    expect(refusedAnoms).toHaveLength(3);
    for (const a of refusedAnoms) expect(a.message).toContain("RST,ACK"), expect(a.latencyUs).toBeGreaterThanOrEqual(0);
    const icmp = s.anomalies.find((a) => a.kind === "icmp-unreachable");
    expect(icmp).toMatchObject({ icmpType: 3, icmpCode: 13, severity: "high", fromIp: SERVER, flow: { proto: "tcp", src: "198.18.0.1", dst: SERVER, dport: 8083 } });
    expect(byPort(8083)[0]).toMatchObject({ outcome: "icmp-rejected", anomalyCount: 1 });
    expect(s.anomalies.find((a) => a.kind === "syn-unanswered")?.flow?.dport).toBe(8082);
    const groups = s.anomalyGroups.map((g) => `${g.kind} ${g.dst}:${g.dport} ${g.records}`).sort();
    expect(groups).toEqual([`icmp-unreachable ${SERVER}:8083 1`, `syn-refused ${SERVER}:8080 1`, `syn-refused ${SERVER}:8081 2`, `syn-unanswered ${SERVER}:8082 1`]);
  });

  it.each([
    ["eth", () => ethFile],
    ["any", () => anyFile],
  ] as const)("groups refusals per endpoint with attempts, latency and answering MACs as tshark sees them (%s)", async (which, file) => {
    const s = which === "eth" ? eth : any;
    const { s1, s2 } = lab.hosts;
    for (const port of [8080, 8081]) {
      const g = s.anomalyGroups.find((x) => x.kind === "syn-refused" && x.dport === port)!;
      const t = await refusalsTo(file(), port);
      expect(g.records).toBe(t.lat.length);
      expect(g.attempts).toBe(t.streams);
      const rank = (q: number) => t.lat[Math.max(0, Math.ceil(q * t.lat.length) - 1)];
      expect(g.latencyUs).toEqual({ n: t.lat.length, p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: t.lat.at(-1) });
      expect(new Map(g.answeredBy.map((m) => [m.mac, m.count]))).toEqual(t.macs);
    }
    // 1 in 4 SYNs to :8080 refused, answered by the other copy's MAC; the 3 others answered by s1.
    const g8080 = s.anomalyGroups.find((x) => x.kind === "syn-refused" && x.dport === 8080)!;
    expect([g8080.records, g8080.attempts]).toEqual([1, 4]);
    expect(g8080.answeredBy).toEqual([{ mac: s2!.mac, count: 1 }]);
    expect(g8080.endpointMacs).toEqual([{ mac: s1!.mac, count: 3 }, { mac: s2!.mac, count: 1 }]);
    const facts = { interfaces: [s1!, s2!].map((h) => ({ netns: h.inode, ifname: h.dev, mac: h.mac, addresses: [`${SERVER}/24`] })) };
    const ag = attributePcap(s, facts).groups.find((x) => x.kind === "syn-refused" && x.dport === 8080)!;
    expect(ag.answeredFrom.map((p) => p.map((x) => x.netns))).toEqual([[s2!.inode]]);
  });

  it.each(["eth", "any"] as const)("sees two MACs answer for the one IP (%s)", (which) => {
    const s = which === "eth" ? eth : any;
    const { s1, s2 } = lab.hosts;
    expect(new Set(s.macsByIp[SERVER])).toEqual(new Set([s1!.mac, s2!.mac]));
    const dup = s.anomalies.find((a) => a.kind === "duplicate-ip");
    expect(dup?.fromIp).toBe(SERVER);
    expect(new Set(dup?.macs)).toEqual(new Set([s1!.mac, s2!.mac]));
  });

  it("attributes the RST,ACKs to the server interface and netns that sent them", () => {
    const { c, s1, s2 } = lab.hosts;
    const facts = {
      interfaces: [c!, s1!, s2!].map((h) => ({ netns: h.inode, ifname: h.dev, mac: h.mac, addresses: [h === c ? "198.18.0.1/24" : `${SERVER}/24`] })),
      holders: { [s1!.inode]: [`/run/netns/${s1!.ns}`] },
    };
    const out = attributePcap(eth, facts);
    const refused = out.anomalies.filter((a) => a.kind === "syn-refused");
    const places = refused.map((a) => a.from.map((p) => `${p.ifname}@${p.netns}/${p.by}`).join()).sort();
    expect(places).toEqual([`${s1!.dev}@${s1!.inode}/mac`, `${s1!.dev}@${s1!.inode}/mac`, `${s2!.dev}@${s2!.inode}/mac`].sort());
    expect(refused.find((a) => a.from[0]?.ifname === s1!.dev)?.text).toContain(`(held by /run/netns/${s1!.ns})`);
    const dup = out.anomalies.find((a) => a.kind === "duplicate-ip");
    expect(dup?.from.map((p) => p.netns).sort()).toEqual([s1!.inode, s2!.inode].sort());
  });
});

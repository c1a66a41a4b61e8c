import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { analyzePcapFile } from "./analyze";
import { analyzeBuffer, tshark } from "@/test/support/pcap/pcap-helpers";
import { TCP_F as F, arpReply, eth, icmpError, ipv4, ipv6, nullLoop, pcapFile, sll, sll2, tcp, udp } from "@/test/support/pcap/synth";

const dir = mkdtempSync(path.join(tmpdir(), "nbp-synth-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const M1 = "02:00:00:00:00:01";
const M2 = "02:00:00:00:00:02";
const M3 = "02:00:00:00:00:03";
const A = "198.18.0.1";
const B = "198.18.0.2";
const e4 = (src: string, dst: string, l4: Buffer, proto = 6, vlans: [number, number][] = []) => eth(src, dst, 0x0800, ipv4(src === M1 ? A : B, src === M1 ? B : A, proto, l4), vlans);

function write(name: string, buf: Buffer): string {
  const f = path.join(dir, name);
  writeFileSync(f, buf);
  return f;
}

/** tshark's TCP and UDP conversation counts for a file. */
async function tsharkConvs(file: string): Promise<{ tcp: number; udp: number }> {
  const count = async (kind: string) => (await tshark(["-r", file, "-q", "-z", `conv,${kind}`])).split("\n").filter((l) => l.includes("<->")).length;
  return { tcp: await count("tcp"), udp: await count("udp") };
}

describe("synthetic captures (checked against tshark)", () => {
  it("reads 802.1Q and QinQ tagged frames and a refused connection inside them", async () => {
    const vl: [number, number][] = [[0x88a8, 100], [0x8100, 200]];
    const file = write("qinq.pcap", pcapFile(1, [
      e4(M1, M2, tcp(40000, 80, F.SYN, 1000), 6, vl),
      e4(M2, M1, tcp(80, 40000, F.RST | F.ACK, 0, 1001, 0), 6, vl),
      e4(M1, M2, tcp(40001, 81, F.SYN, 5000), 6, [[0x8100, 7]]),
      e4(M2, M1, tcp(81, 40001, F.SYN | F.ACK, 9000, 5001), 6, [[0x8100, 7]]),
    ]));
    const s = await analyzePcapFile(file);
    expect(s.flows.map((f) => [f.dport, f.outcome])).toEqual([[80, "refused"], [81, "established"]]);
    expect(s.flows.length).toBe((await tsharkConvs(file)).tcp);
    expect(s.anomalies[0]).toMatchObject({ kind: "syn-refused", fromIp: B, fromMac: M2, latencyUs: 1000 });
  });

  it("skips IPv6 extension headers and writes IPv6 addresses like tshark", async () => {
    const c = "2001:db8::1";
    const d = "2001:db8:0:1::2";
    const file = write("v6.pcap", pcapFile(1, [
      eth(M1, M2, 0x86dd, ipv6(c, d, 6, tcp(50000, 443, F.SYN, 1), [0, 60])),
      eth(M2, M1, 0x86dd, ipv6(d, c, 6, tcp(443, 50000, F.SYN | F.ACK, 7, 2))),
      eth(M1, M2, 0x86dd, ipv6(c, d, 6, tcp(50000, 443, F.ACK, 2, 8, 65535, 100), [43])),
    ]));
    const s = await analyzePcapFile(file);
    const t = (await tshark(["-r", file, "-T", "fields", "-e", "ipv6.src", "-e", "tcp.srcport"])).trim().split("\n")[0]!.split("\t");
    expect(s.flows).toHaveLength(1);
    expect(s.flows[0]).toMatchObject({ src: t[0], sport: Number(t[1]), dst: d, dport: 443, outcome: "established", packetsOut: 2, packetsIn: 1 });
    expect(s.counters.ipv6).toBe(3);
    expect(s.flows.length).toBe((await tsharkConvs(file)).tcp);
  });

  it.each([
    ["raw (101)", 101, (p: Buffer) => p],
    ["raw IPv4 (228)", 228, (p: Buffer) => p],
    ["linux-sll", 113, (p: Buffer) => sll(0, M2, 0x0800, p)],
    ["null/loopback", 0, (p: Buffer) => nullLoop(2, p)],
  ] as const)("decodes link type %s", async (_l, lt, wrap) => {
    const file = write(`lt-${lt}.pcap`, pcapFile(lt, [
      wrap(ipv4(A, B, 6, tcp(1234, 22, F.SYN, 1))),
      wrap(ipv4(B, A, 6, tcp(22, 1234, F.SYN | F.ACK, 1, 2), { options: 8 })),
      wrap(ipv4(A, B, 6, tcp(1234, 22, F.FIN | F.ACK, 2, 2))),
    ]));
    const s = await analyzePcapFile(file);
    expect(s.flows).toHaveLength((await tsharkConvs(file)).tcp);
    expect(s.flows[0]).toMatchObject({ src: A, sport: 1234, dst: B, dport: 22, outcome: "closed", packetsOut: 2, packetsIn: 1 });
    if (lt === 113) expect(s.flows[0]?.srcMacs).toEqual([M2]);
  });

  it("notes IP fragments and still reads the first fragment's UDP header", async () => {
    const file = write("frag.pcap", pcapFile(1, [
      eth(M1, M2, 0x0800, ipv4(A, B, 17, udp(5353, 53, 1000), { more: true, id: 9, totalLen: 1500 })),
      eth(M1, M2, 0x0800, ipv4(A, B, 17, Buffer.alloc(500), { fragOffset8: 185, id: 9 })),
    ]));
    const s = await analyzePcapFile(file);
    expect(s.counters.fragments).toBe(2);
    expect(s.flows).toEqual([expect.objectContaining({ proto: "udp", sport: 5353, dport: 53, packetsOut: 1, outcome: null })]);
  });

  it("ties ICMP port-unreachable and ICMPv6 admin-prohibited to the flow they quote", async () => {
    const q4 = ipv4(A, B, 17, udp(33000, 161, 20));
    const q6 = ipv6("2001:db8::1", "2001:db8::2", 6, tcp(41000, 8443, F.SYN, 77));
    const file = write("icmp.pcap", pcapFile(1, [
      eth(M1, M2, 0x0800, q4),
      eth(M2, M1, 0x0800, ipv4(B, A, 1, icmpError(false, 3, 3, q4))),
      eth(M1, M2, 0x86dd, q6),
      eth(M3, M1, 0x86dd, ipv6("2001:db8::fe", "2001:db8::1", 58, icmpError(true, 1, 1, q6))),
    ]));
    const s = await analyzePcapFile(file);
    const icmp = s.anomalies.filter((a) => a.kind === "icmp-unreachable");
    expect(icmp.map((a) => [a.severity, a.icmpType, a.icmpCode, a.fromIp, a.fromMac, a.flow?.dport])).toEqual([
      ["high", 1, 1, "2001:db8::fe", M3, 8443],
      ["medium", 3, 3, B, M2, 161],
    ]);
    expect(icmp[1]?.message).toContain("port unreachable");
    const udpFlow = s.flows.find((f) => f.proto === "udp");
    expect(udpFlow?.anomalyCount).toBe(1);
    expect((await tshark(["-r", file, "-Y", "icmp.type==3 || icmpv6.type==1", "-T", "fields", "-e", "frame.number"])).trim().split("\n")).toHaveLength(2);
  });

  it("counts retransmissions, zero windows and unanswered SYN retries", async () => {
    const file = write("retrans.pcap", pcapFile(1, [
      e4(M1, M2, tcp(40000, 80, F.SYN, 100)),
      e4(M2, M1, tcp(80, 40000, F.SYN | F.ACK, 500, 101)),
      e4(M1, M2, tcp(40000, 80, F.ACK | F.PSH, 101, 501, 65535, 100)),
      e4(M1, M2, tcp(40000, 80, F.ACK | F.PSH, 101, 501, 65535, 100)),
      e4(M2, M1, tcp(80, 40000, F.ACK, 501, 201, 0)),
      e4(M1, M2, tcp(40002, 9999, F.SYN, 7)),
      e4(M1, M2, tcp(40002, 9999, F.SYN, 7)),
      e4(M1, M2, tcp(40002, 9999, F.SYN, 7)),
    ]));
    const s = await analyzePcapFile(file);
    const t = (await tshark(["-r", file, "-Y", "tcp.analysis.retransmission", "-T", "fields", "-e", "frame.number"])).trim().split("\n").filter(Boolean);
    const f80 = s.flows.find((f) => f.dport === 80);
    expect(f80).toMatchObject({ retransmissions: 1, zeroWindows: 1, outcome: "established" });
    expect(t).toContain("4");
    const kinds = s.anomalies.map((a) => [a.kind, a.count]);
    expect(kinds).toEqual(expect.arrayContaining([["syn-unanswered", 3], ["retransmissions", 1], ["zero-window", 1]]));
    expect(s.anomalies[0]?.message).toContain("3 SYNs, 2 retransmitted");
  });

  it("does not take a forwarded segment seen on two interfaces (-i any) for a retransmission", async () => {
    // in on veth (ifindex 5) then out on eth0 (ifindex 2), each packet twice.
    const both = (p: Buffer, mac: string) => [sll2(5, 0, mac, 0x0800, p), sll2(2, 4, M3, 0x0800, p)];
    const file = write("any-dup.pcap", pcapFile(276, [
      ...both(ipv4(A, B, 6, tcp(40000, 80, F.SYN, 100)), M1),
      ...both(ipv4(B, A, 6, tcp(80, 40000, F.SYN | F.ACK, 500, 101)), M2),
      ...both(ipv4(A, B, 6, tcp(40000, 80, F.ACK | F.PSH, 101, 501, 65535, 100)), M1),
      ...both(ipv4(A, B, 6, tcp(40000, 80, F.ACK | F.PSH, 101, 501, 65535, 100)), M1),
    ]));
    const s = await analyzePcapFile(file);
    expect(s.linkTypes).toEqual(["linux-sll2"]);
    expect(s.flows).toEqual([expect.objectContaining({ packetsOut: 6, packetsIn: 2, synCount: 1, retransmissions: 1, outcome: "established", srcMacs: [M1], dstMacs: [M2] })]);
    expect(s.packets).toBe((await tshark(["-r", file, "-T", "fields", "-e", "frame.number"])).trim().split("\n").length);
  });

  it("flags an IP answered for by two MACs in ARP replies", async () => {
    const s = await analyzeBuffer(pcapFile(1, [arpReply(M2, B, M1, A), arpReply(M3, B, M1, A), arpReply(M2, B, M1, A)]));
    expect(s.macsByIp).toEqual({ [B]: [M2, M3] });
    expect(s.anomalies).toEqual([expect.objectContaining({ kind: "duplicate-ip", fromIp: B, macs: [M2, M3], severity: "high" })]);
  });
});

describe("bounded flow table", () => {
  it("evicts quiet flows first, keeps the refused ones, and says how many it dropped", async () => {
    const frames: Buffer[] = [];
    for (let k = 0; k < 300; k++) {
      const port = 20000 + k;
      frames.push(e4(M1, M2, tcp(port, 80, F.SYN, k)));
      if (k % 10 === 0) frames.push(e4(M2, M1, tcp(80, port, F.RST | F.ACK, 0, k + 1)));
      else frames.push(e4(M2, M1, tcp(80, port, F.SYN | F.ACK, 9, k + 1)), e4(M1, M2, tcp(port, 80, F.FIN | F.ACK, k + 1, 10)));
    }
    const s = await analyzeBuffer(pcapFile(1, frames), 4096);
    const capped = await (await import("./analyze")).analyzePcapStream((async function* () { yield pcapFile(1, frames); })(), { maxFlows: 100, maxFlowsListed: 50, maxAnomalies: 10 });
    expect(s.totalFlows).toBe(300);
    expect(s.droppedFlows).toBe(0);
    expect(s.outcomes).toEqual({ refused: 30, closed: 270 });
    expect(capped.totalFlows).toBe(300);
    expect(capped.droppedFlows).toBeGreaterThanOrEqual(200);
    expect(capped.flows).toHaveLength(50);
    expect(capped.flows.filter((f) => f.outcome === "refused")).toHaveLength(30);
    expect(capped.anomalyTotals["syn-refused"]).toBe(30);
    expect(capped.anomalies).toHaveLength(10);
    // All 30 refusals, not just the 10 kept, land in one group for the one service.
    expect(capped.anomalyGroups).toEqual([expect.objectContaining({ kind: "syn-refused", proto: "tcp", dst: B, dport: 80, records: 30, count: 30 })]);
  });
});

describe("decoder state never leaks from one frame into the next", () => {
  it("does not count an ARP frame after a first fragment as a fragment", async () => {
    const s = await analyzeBuffer(pcapFile(1, [
      eth(M1, M2, 0x0800, ipv4(A, B, 17, Buffer.alloc(300), { fragOffset8: 0, more: true, id: 1 })),
      arpReply(M2, B, M1, A),
    ]));
    expect(s.counters).toMatchObject({ fragments: 1, arp: 1 });
  });

  it("tracks TCP on a cooked-v2 interface numbered past 2^31 as on any other", async () => {
    const handshake = (ifindex: number) => pcapFile(276, [
      sll2(ifindex, 0, M1, 0x0800, ipv4(A, B, 6, tcp(41000, 80, F.SYN, 1))),
      sll2(ifindex, 0, M2, 0x0800, ipv4(B, A, 6, tcp(80, 41000, F.SYN | F.ACK, 9, 2))),
      sll2(ifindex, 0, M1, 0x0800, ipv4(A, B, 6, tcp(41000, 80, F.ACK, 2, 10, 65535, 50))),
      sll2(ifindex, 0, M1, 0x0800, ipv4(A, B, 6, tcp(41000, 80, F.FIN | F.ACK, 52, 10))),
    ]);
    const usual = await analyzeBuffer(handshake(5));
    const big = await analyzeBuffer(handshake(0x80000001));
    expect(usual.flows[0]?.outcome).toBe("closed");
    expect(big.flows).toEqual(usual.flows);
  });

  it("names the IPv4 sender of an ICMPv6 error carried, wrongly, in IPv4", async () => {
    const quoted = ipv6("2001:db8::1", "2001:db8::2", 6, tcp(50000, 443, F.SYN, 1));
    const s = await analyzeBuffer(pcapFile(1, [eth(M2, M1, 0x0800, ipv4(B, A, 58, icmpError(true, 1, 4, quoted)))]));
    expect(s.anomalies).toEqual([expect.objectContaining({ kind: "icmp-unreachable", fromIp: B })]);
  });
});

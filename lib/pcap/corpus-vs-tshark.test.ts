import { afterAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { analyzePcapFile } from "./analyze";
import { CORPUS_CAPTURES, analyzeBuffer, swapClassic, swapPcapng, tsharkFacts } from "@/test/support/pcap/pcap-helpers";
import type { PcapSummary } from "./types";

const FIX = path.join(__dirname, "fixtures");
const FILES = CORPUS_CAPTURES;

const tcpFlows = (s: PcapSummary) => s.flows.filter((f) => f.proto === "tcp");
const ep = (ip: string, port: number) => `${ip}:${port}`;
const convKey = (f: { src: string; sport: number; dst: string; dport: number }) => [ep(f.src, f.sport), ep(f.dst, f.dport)].sort().join(" <-> ");
/** What must not change when only the container format changes. */
const essence = (s: PcapSummary) => ({
  packets: s.packets,
  firstTs: s.firstTs,
  lastTs: s.lastTs,
  flows: s.flows.map((f) => [convKey(f), f.outcome, f.packetsOut, f.packetsIn, f.resets, f.firstTs]),
  anomalies: s.anomalies.map((a) => a.message),
});

describe.each(FILES)("%s against tshark", (name) => {
  const file = path.join(FIX, name);

  it("has tshark's frame, TCP conversation and RST counts, and per-conversation frames", async () => {
    const s = await analyzePcapFile(file);
    const t = await tsharkFacts(file);
    expect(s.error).toBeNull();
    expect(s.packets).toBe(t.frames);
    expect(tcpFlows(s)).toHaveLength(t.tcpConversations);
    expect(tcpFlows(s).reduce((n, f) => n + f.resets, 0)).toBe(t.rstFrames);
    const ours = new Map<string, number>();
    for (const f of tcpFlows(s)) ours.set(convKey(f), (ours.get(convKey(f)) ?? 0) + f.packetsIn + f.packetsOut);
    expect(ours).toEqual(t.convFrames);
  });

  it("gives the same result whatever the chunk size", async () => {
    const buf = readFileSync(file);
    const whole = essence(await analyzeBuffer(buf));
    for (const size of [1, 3, 17, 64, 1000]) expect(essence(await analyzeBuffer(buf, size))).toEqual(whole);
  });
});

describe("container variants (editcap, byte order, resolution)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "nbp-fmt-"));
  const convert = (src: string, fmt: string) => {
    const out = path.join(dir, `${path.basename(src)}.${fmt}`);
    execFileSync("editcap", ["-F", fmt, src, out], { stdio: "ignore" });
    return out;
  };

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(FILES)("%s reads the same as pcap, nsecpcap and pcapng, in both byte orders", async (name) => {
    const src = path.join(FIX, name);
    const base = essence(await analyzePcapFile(src));
    const variants: [string, Buffer][] = [];
    for (const fmt of ["pcap", "nsecpcap", "pcapng"]) {
      const buf = readFileSync(convert(src, fmt));
      variants.push([fmt, buf]);
      variants.push([`${fmt}-swapped`, fmt === "pcapng" ? swapPcapng(buf) : swapClassic(buf)]);
    }
    for (const [label, buf] of variants) {
      const s = await analyzeBuffer(buf);
      expect(s.error, label).toBeNull();
      expect(s.format, label).toBe(label.startsWith("pcapng") ? "pcapng" : label.startsWith("nsec") ? "pcap-nsec" : "pcap");
      expect(essence(s), label).toEqual(base);
      if (label.endsWith("-swapped")) {
        // The swapped file must be a valid capture in tshark's eyes too, or the check proves nothing.
        const out = path.join(dir, `${name}.${label}`);
        writeFileSync(out, buf);
        expect((await tsharkFacts(out)).frames, label).toBe(s.packets);
      }
    }
  });

  it("reads pcapng with several sections of different byte order, and several interfaces of different link types", async () => {
    const bgp = path.join(FIX, "tcpdump-bgp-linux-sll.pcapng");
    const dns = path.join(FIX, "tcpdump-dns-over-tcp-syn-to-fin.pcap");
    const sections = Buffer.concat([readFileSync(bgp), swapPcapng(readFileSync(convert(dns, "pcapng")))]);
    const two = path.join(dir, "two-sections.pcapng");
    writeFileSync(two, sections);
    const merged = path.join(dir, "merged.pcapng");
    execFileSync("mergecap", ["-F", "pcapng", "-w", merged, bgp, dns, path.join(FIX, "tcpdump-tcp-handshake-nsec-linux-sll.pcap")], { stdio: "ignore" });
    for (const [file, n] of [[two, 2], [merged, 3]] as const) {
      const s = await analyzePcapFile(file);
      const t = await tsharkFacts(file);
      expect(s.error).toBeNull();
      expect(s.packets).toBe(t.frames);
      expect(s.flows.filter((f) => f.proto === "tcp")).toHaveLength(n);
      expect(t.tcpConversations).toBe(n);
      expect(new Set(s.linkTypes)).toEqual(new Set(["linux-sll", "ethernet"]));
    }
  });

  it("keeps nanosecond timestamps to the microsecond and reads the first one like tshark", async () => {
    const s = await analyzePcapFile(path.join(FIX, "tcpdump-tcp-handshake-nsec-linux-sll.pcap"));
    expect(s.format).toBe("pcap-nsec");
    expect(s.linkTypes).toEqual(["linux-sll"]);
    // tshark: Epoch Time 1418145369.924505488
    expect(s.firstTs).toBe("2014-12-09T17:16:09.924505Z");
    expect(s.flows[0]).toMatchObject({ src: "131.155.215.69", sport: 46656, dst: "137.116.81.94", dport: 80, outcome: "established", synCount: 1 });
  });
});

describe("outcomes and anomalies in the corpus", () => {
  it("finds the refused connection (SYN -> RST,ACK) with its latency and the mid-stream reset", async () => {
    const s = await analyzePcapFile(path.join(FIX, "tcpdump-openflow-loopback-refused-rst.pcapng"));
    const refused = s.flows.filter((f) => f.outcome === "refused");
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ src: "127.0.0.1", dst: "127.0.0.1", dport: 6633, packetsOut: 1, packetsIn: 1 });
    const a = s.anomalies.find((x) => x.kind === "syn-refused");
    expect(a?.latencyUs).toBe(refused[0]?.handshakeUs);
    expect(a?.latencyUs).toBeGreaterThan(0);
    expect(s.anomalies.some((x) => x.kind === "rst-midstream")).toBe(true);
  });

  it("reads a DNS-over-TCP lifecycle as closed with MACs each way", async () => {
    const s = await analyzePcapFile(path.join(FIX, "tcpdump-dns-over-tcp-syn-to-fin.pcap"));
    expect(s.flows).toHaveLength(1);
    expect(s.flows[0]).toMatchObject({ src: "192.168.1.11", dport: 53, outcome: "closed", srcMacs: ["00:11:22:33:44:55"], dstMacs: ["00:11:22:33:44:66"] });
    expect(s.anomalies).toEqual([]);
  });

  it("counts ARP in the MPTCP capture and calls the ending RST,ACK a reset", async () => {
    const s = await analyzePcapFile(path.join(FIX, "tcpdump-mptcp-session-ending-rst.pcap"));
    expect(s.counters.arp).toBe(2);
    expect(s.flows[0]?.outcome).toBe("reset");
  });
});

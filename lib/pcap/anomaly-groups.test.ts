import { describe, expect, it } from "vitest";
import { analyzeBuffer } from "@/test/support/pcap/pcap-helpers";
import { eth, ipv4, pcapFile, tcp, TCP_F } from "@/test/support/pcap/synth";

// Hand-made: 4 connections to B:8080, three answered by MAC_A with SYN-ACK, one refused by MAC_B.
const [C, B, MAC_C, MAC_A, MAC_B] = ["198.18.0.1", "198.18.0.2", "02:00:00:00:00:0c", "02:00:00:00:00:0a", "02:00:00:00:00:0b"];
const frame = (from: string, to: string, src: string, dst: string, sp: number, dp: number, flags: number) => eth(from, to, 0x0800, ipv4(src, dst, 6, tcp(sp, dp, flags, 1000)));

describe("anomaly groups per endpoint", () => {
  it("counts records of attempts, latency percentiles and the answering MACs", async () => {
    const frames = [];
    for (let k = 0; k < 3; k++) {
      frames.push(frame(MAC_C, MAC_A, C, B, 40000 + k, 8080, TCP_F.SYN), frame(MAC_A, MAC_C, B, C, 8080, 40000 + k, TCP_F.SYN | TCP_F.ACK));
    }
    frames.push(frame(MAC_C, MAC_B, C, B, 40009, 8080, TCP_F.SYN), frame(MAC_B, MAC_C, B, C, 8080, 40009, TCP_F.RST | TCP_F.ACK));
    const s = await analyzeBuffer(pcapFile(1, frames));
    expect(s.anomalyGroups).toEqual([
      expect.objectContaining({ kind: "syn-refused", dst: B, dport: 8080, records: 1, attempts: 4, latencyUs: { n: 1, p50: 1000, p90: 1000, p99: 1000, max: 1000 }, answeredBy: [{ mac: MAC_B, count: 1 }], endpointMacs: [{ mac: MAC_A, count: 3 }, { mac: MAC_B, count: 1 }] }),
    ]);
  });
});

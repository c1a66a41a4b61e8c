import { describe, expect, it } from "vitest";
import type { Flow } from "@/lib/pcap/types";
import { flowSteps } from "./flow-steps";

const base: Flow = {
  proto: "tcp", src: "198.18.0.2", sport: 40000, dst: "198.18.0.5", dport: 80, firstTs: "", lastTs: "",
  packetsOut: 0, bytesOut: 0, packetsIn: 0, bytesIn: 0, outcome: null, srcMacs: [], dstMacs: [],
  synCount: 0, retransmissions: 0, zeroWindows: 0, resets: 0, handshakeUs: null, anomalyCount: 0,
};

describe("flowSteps", () => {
  it("draws a refused connection as SYN then RST,ACK with its latency, no data", () => {
    const s = flowSteps({ ...base, outcome: "refused", synCount: 1, packetsOut: 1, packetsIn: 1, handshakeUs: 41, bytesOut: 74, bytesIn: 54 });
    expect(s).toEqual([
      { dir: "out", label: "SYN" },
      { dir: "in", label: "RST,ACK (41 µs)", tone: "bad" },
    ]);
  });

  it("draws retried SYNs without answer", () => {
    const s = flowSteps({ ...base, outcome: "unanswered", synCount: 3, packetsOut: 3 });
    expect(s.map((x) => x.label)).toEqual(["SYN ×3", "… no answer"]);
  });

  it("draws a closed exchange with handshake, data both ways and FIN", () => {
    const s = flowSteps({ ...base, outcome: "closed", synCount: 1, packetsOut: 6, packetsIn: 5, bytesOut: 900, bytesIn: 4000, handshakeUs: 120 });
    expect(s.map((x) => `${x.dir} ${x.label}`)).toEqual(["out SYN", "in SYN,ACK (120 µs)", "out ACK", "out 4 packets, 900 B", "in 4 packets, 4000 B", "out FIN"]);
  });

  it("draws a mid-stream UDP flow as data only", () => {
    const s = flowSteps({ ...base, proto: "udp", outcome: null, packetsOut: 2, packetsIn: 1, bytesOut: 120, bytesIn: 60 });
    expect(s.map((x) => x.label)).toEqual(["2 packets, 120 B", "1 packets, 60 B"]);
  });
});

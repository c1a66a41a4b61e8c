/** FlowState (mutable, numeric) -> Flow (plain JSON for the summary). */
import type { FlowState } from "./flow-state";
import { isoUs, mac } from "./format";
import type { Flow } from "./types";

export function toFlow(f: FlowState, anomalyCount: number): Flow {
  const outcome = f.outcome();
  const handshakeUs = outcome === "refused" ? f.rstUs - f.lastSynUs : f.synUs >= 0 && f.synAckUs >= 0 ? f.synAckUs - f.synUs : null;
  return {
    proto: f.proto === 6 ? "tcp" : "udp",
    src: f.src,
    sport: f.sport,
    dst: f.dst,
    dport: f.dport,
    firstTs: isoUs(f.firstUs),
    lastTs: isoUs(f.lastUs),
    packetsOut: f.pkts0,
    bytesOut: f.bytes0,
    packetsIn: f.pkts1,
    bytesIn: f.bytes1,
    outcome,
    srcMacs: f.macs0.map(mac),
    dstMacs: f.macs1.map(mac),
    synCount: f.synCount,
    retransmissions: f.retrans,
    zeroWindows: f.zeroWin,
    resets: f.rstCount,
    handshakeUs,
    anomalyCount,
  };
}

/** A FlowStore slot (numbers) -> Flow (plain JSON for the summary). */
import type { FlowStore } from "./flow-store";
import { isoUs, mac } from "./format";
import type { Flow } from "./types";

export function toFlow(st: FlowStore, i: number, anomalyCount: number): Flow {
  const outcome = st.outcome(i);
  const synUs = st.synUs[i]!;
  const synAckUs = st.synAckUs[i]!;
  const handshakeUs = outcome === "refused" ? st.rstUs[i]! - st.lastSynUs[i]! : synUs >= 0 && synAckUs >= 0 ? synAckUs - synUs : null;
  return {
    proto: st.proto[i] === 6 ? "tcp" : "udp",
    ...st.ends(i),
    firstTs: isoUs(st.firstUs[i]!),
    lastTs: isoUs(st.lastUs[i]!),
    packetsOut: st.pkts0[i]!,
    bytesOut: st.bytes0[i]!,
    packetsIn: st.pkts1[i]!,
    bytesIn: st.bytes1[i]!,
    outcome,
    srcMacs: st.macs(i, 0).map(mac),
    dstMacs: st.macs(i, 1).map(mac),
    synCount: st.synCount[i]!,
    retransmissions: st.retrans[i]!,
    zeroWindows: st.zeroWin[i]!,
    resets: st.rstCount[i]!,
    handshakeUs,
    anomalyCount,
    firstFrame: st.firstFrame[i]!,
    firstOffset: st.firstOff[i]!,
  };
}

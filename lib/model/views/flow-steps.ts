import type { Flow } from "@/lib/pcap/types";

export interface TFlowStep {
  dir: "out" | "in";
  label: string;
  tone?: "bad" | "ok";
}

/**
 * A ladder (sequence) diagram of one flow, reconstructed from its summary: handshake
 * attempts, the answer that decided the outcome, data volume each way and how it ended.
 * The summary keeps counts rather than every packet, so repeated segments are one arrow "×N".
 */
export function flowSteps(f: Flow): TFlowStep[] {
  const steps: TFlowStep[] = [];
  const lat = f.handshakeUs !== null ? ` (${f.handshakeUs} µs)` : "";
  if (f.proto === "tcp" && f.outcome !== "midstream") steps.push({ dir: "out", label: f.synCount > 1 ? `SYN ×${f.synCount}` : "SYN" });
  if (f.outcome === "refused") steps.push({ dir: "in", label: `RST,ACK${lat}`, tone: "bad" });
  else if (f.outcome === "unanswered") steps.push({ dir: "out", label: "… no answer", tone: "bad" });
  else if (f.proto === "tcp" && f.outcome !== "midstream") {
    steps.push({ dir: "in", label: `SYN,ACK${lat}`, tone: "ok" });
    steps.push({ dir: "out", label: "ACK" });
  }
  const dataOut = Math.max(0, f.packetsOut - (f.proto === "tcp" ? f.synCount + 1 : 0));
  const dataIn = Math.max(0, f.packetsIn - (f.proto === "tcp" && f.outcome !== "unanswered" ? 1 : 0));
  if (f.outcome !== "refused" && f.outcome !== "unanswered") {
    if (dataOut > 0) steps.push({ dir: "out", label: `${dataOut} packets, ${f.bytesOut} B` });
    if (dataIn > 0) steps.push({ dir: "in", label: `${dataIn} packets, ${f.bytesIn} B` });
  }
  if (f.retransmissions) steps.push({ dir: "out", label: `${f.retransmissions} retransmissions`, tone: "bad" });
  if (f.zeroWindows) steps.push({ dir: "in", label: `zero window ×${f.zeroWindows}`, tone: "bad" });
  if (f.outcome === "reset") steps.push({ dir: "in", label: "RST", tone: "bad" });
  if (f.outcome === "closed") steps.push({ dir: "out", label: "FIN" });
  return steps;
}

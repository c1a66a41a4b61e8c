import type { Flow } from "@/lib/pcap/types";

interface TStep {
  dir: "out" | "in";
  label: string;
  tone?: "bad" | "ok";
}

/**
 * A ladder (sequence) diagram of one flow, reconstructed from its summary: handshake
 * attempts, the answer that decided the outcome, data volume each way and how it ended.
 * The summary keeps counts rather than every packet, so repeated segments are one arrow "×N".
 */
export function flowSteps(f: Flow): TStep[] {
  const steps: TStep[] = [];
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

export function FlowLadder({ flow }: { flow: Flow }) {
  const steps = flowSteps(flow);
  const W = 520;
  const L = 110;
  const R = W - 110;
  const H = 60 + steps.length * 34;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="w-full max-w-xl" role="img" aria-label="Flow ladder diagram" data-testid="flow-ladder">
      <text x={L} y={16} textAnchor="middle" fontSize={11} className="fill-current font-mono">{`${flow.src}:${flow.sport}`}</text>
      <text x={R} y={16} textAnchor="middle" fontSize={11} className="fill-current font-mono">{`${flow.dst}:${flow.dport}`}</text>
      <line x1={L} x2={L} y1={24} y2={H - 8} className="stroke-zinc-400" />
      <line x1={R} x2={R} y1={24} y2={H - 8} className="stroke-zinc-400" />
      {steps.map((s, i) => {
        const y = 48 + i * 34;
        const [x1, x2] = s.dir === "out" ? [L, R] : [R, L];
        const color = s.tone === "bad" ? "#dc2626" : s.tone === "ok" ? "#059669" : "#0284c7";
        const tip = s.dir === "out" ? x2 - 8 : x2 + 8;
        return (
          <g key={i}>
            <line x1={x1} x2={x2} y1={y} y2={y + 10} stroke={color} strokeWidth={1.5} />
            <polygon points={`${x2},${y + 10} ${tip},${y + 4} ${tip},${y + 14}`} fill={color} />
            <text x={(L + R) / 2} y={y - 2} textAnchor="middle" fontSize={11} fill={color}>
              {s.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

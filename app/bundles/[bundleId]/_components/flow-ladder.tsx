import type { FlowKey, FlowPacket } from "@/lib/pcap/flow-packets";

/** Arrows drawn; the packet list below the ladder has every packet read. */
const MAX_ARROWS = 60;

function fmtRel(us: number): string {
  return us < 1000 ? `${us} µs` : us < 1e6 ? `${(us / 1000).toFixed(2)} ms` : `${(us / 1e6).toFixed(3)} s`;
}

/**
 * A ladder (sequence) diagram drawn from the flow's packets as read from the capture: one
 * arrow per packet, time since the first packet on the left, flags and relative seq/ack
 * (from each side's first sequence number, as Wireshark shows them) on the arrow.
 */
export function FlowLadder({ flow, packets }: { flow: FlowKey; packets: FlowPacket[] }) {
  const drawn = packets.slice(0, MAX_ARROWS);
  const isn: Record<"out" | "in", number | null> = { out: null, in: null };
  for (const p of packets) if (p.seq !== null && isn[p.dir] === null) isn[p.dir] = p.seq;
  const rel = (v: number | null, base: number | null) => (v === null || base === null ? null : (v - base) >>> 0);
  const W = 560;
  const L = 150;
  const R = W - 40;
  const STEP = 26;
  const H = 40 + drawn.length * STEP + (packets.length > drawn.length ? 24 : 8);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="w-full max-w-2xl" role="img" aria-label="Flow ladder diagram" data-testid="flow-ladder" data-arrows={drawn.length}>
      <text x={L} y={14} textAnchor="middle" fontSize={11} className="fill-current font-mono">{`${flow.src}:${flow.sport}`}</text>
      <text x={R} y={14} textAnchor="end" fontSize={11} className="fill-current font-mono">{`${flow.dst}:${flow.dport}`}</text>
      <line x1={L} x2={L} y1={22} y2={H - 6} className="stroke-zinc-400" />
      <line x1={R} x2={R} y1={22} y2={H - 6} className="stroke-zinc-400" />
      {drawn.map((p, i) => {
        const y = 40 + i * STEP;
        const [x1, x2] = p.dir === "out" ? [L, R] : [R, L];
        const bad = p.flags.includes("RST");
        const ok = p.flags === "SYN,ACK";
        const color = bad ? "#dc2626" : ok ? "#059669" : "#0284c7";
        const tip = p.dir === "out" ? x2 - 7 : x2 + 7;
        const seq = rel(p.seq, isn[p.dir]);
        const ack = rel(p.ack, isn[p.dir === "out" ? "in" : "out"]);
        const label = [p.flags || p.dir, seq !== null ? `seq=${seq}` : "", ack !== null ? `ack=${ack}` : "", `len=${p.len}`].filter(Boolean).join(" ");
        return (
          <g key={p.frame} data-testid="ladder-arrow">
            <title>{`frame ${p.frame} · ${p.ts} · ${p.srcMac ?? "?"} → ${p.dstMac ?? "?"}`}</title>
            <text x={6} y={y + 8} fontSize={10} className="fill-zinc-500 font-mono">{`#${p.frame} +${fmtRel(p.relUs)}`}</text>
            <line x1={x1} x2={x2} y1={y} y2={y + 8} stroke={color} strokeWidth={1.5} />
            <polygon points={`${x2},${y + 8} ${tip},${y + 2} ${tip},${y + 12}`} fill={color} />
            <text x={(L + R) / 2} y={y - 2} textAnchor="middle" fontSize={10} fill={color} className="font-mono">
              {label}
            </text>
          </g>
        );
      })}
      {packets.length > drawn.length && (
        <text x={(L + R) / 2} y={H - 10} textAnchor="middle" fontSize={11} className="fill-zinc-500">{`… ${packets.length - drawn.length} more packets in the list below`}</text>
      )}
    </svg>
  );
}

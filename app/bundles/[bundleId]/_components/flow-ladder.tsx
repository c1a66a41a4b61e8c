import type { Flow } from "@/lib/pcap/types";
import { flowSteps } from "@/lib/model/views/flow-steps";

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

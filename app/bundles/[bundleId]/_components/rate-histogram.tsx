import type { RateSeries } from "@/lib/pcap/types";

const SERIES = [
  { key: "syn", label: "SYN", color: "#0284c7" },
  { key: "rst", label: "RST", color: "#dc2626" },
  { key: "retrans", label: "Retransmissions", color: "#d97706" },
] as const;

function fmtWidth(us: number): string {
  return us < 1000 ? `${us} µs` : us < 1e6 ? `${us / 1000} ms` : `${(us / 1e6).toFixed(us % 1e6 ? 3 : 0)} s`;
}

/** SYN, RST and retransmissions per time bucket, one strip each on a shared time axis. */
export function RateHistogram({ rates }: { rates: RateSeries }) {
  const n = Math.max(1, rates.syn.length);
  // Wide enough that the page scales it about 1:1 (the labels keep their size).
  const W = 1200;
  const STRIP = 40;
  const LEFT = 110;
  const bw = (W - LEFT) / n;
  const start = Date.parse(rates.startTs);
  const endLabel = new Date(start + (n * rates.widthUs) / 1000).toISOString().slice(11, 23);
  return (
    <svg viewBox={`0 0 ${W} ${SERIES.length * (STRIP + 8) + 18}`} className="w-full" role="img" aria-label="SYN, RST and retransmission rate over time" data-testid="rate-histogram" data-width-us={rates.widthUs}>
      {SERIES.map((s, k) => {
        const v = rates[s.key];
        const max = Math.max(1, ...v);
        const total = v.reduce((a, b) => a + b, 0);
        const top = k * (STRIP + 8);
        return (
          <g key={s.key} data-testid={`rate-${s.key}`} data-total={total}>
            <text x={0} y={top + 16} fontSize={11} fill={s.color}>{s.label}</text>
            <text x={0} y={top + 30} fontSize={10} className="fill-zinc-500">{`${total} · max ${max}/bucket`}</text>
            <line x1={LEFT} x2={W} y1={top + STRIP} y2={top + STRIP} className="stroke-zinc-300 dark:stroke-zinc-700" />
            {v.map((c, i) =>
              c > 0 ? (
                <rect key={i} x={LEFT + i * bw} y={top + STRIP - (c / max) * STRIP} width={Math.max(1, bw - 0.5)} height={(c / max) * STRIP} fill={s.color}>
                  <title>{`${new Date(start + (i * rates.widthUs) / 1000).toISOString().slice(11, 23)} +${fmtWidth(rates.widthUs)}: ${c} ${s.label}`}</title>
                </rect>
              ) : null,
            )}
          </g>
        );
      })}
      <text x={LEFT} y={SERIES.length * (STRIP + 8) + 12} fontSize={10} className="fill-zinc-500">{`${rates.startTs.slice(0, 10)} ${rates.startTs.slice(11, 23)} UTC (first SYN/RST) · ${fmtWidth(rates.widthUs)} per bar`}</text>
      <text x={W} y={SERIES.length * (STRIP + 8) + 12} fontSize={10} textAnchor="end" className="fill-zinc-500">{endLabel}</text>
    </svg>
  );
}

"use client";
import { useRef, useState } from "react";
import { sourceColor } from "./source-colors";

// Type-only import: erased at build, so the server-only query module stays on the server.
export type { THistogram as THistogramData } from "@/lib/queries/get-timeline-histogram";
import type { THistogram as THistogramData } from "@/lib/queries/get-timeline-histogram";

const W = 1000;
const H = 140;
const AXIS = 18;

function label(ms: number, step: number): string {
  const iso = new Date(ms).toISOString();
  if (step >= 86_400_000) return iso.slice(0, 10);
  if (step >= 60_000) return iso.slice(5, 16).replace("T", " ");
  if (step >= 1000) return iso.slice(11, 19);
  return iso.slice(11, 23);
}

/**
 * Stacked histogram in plain SVG (a viewBox scaled to the width). Drag across it to zoom
 * into that window; the parent refetches counts for the new window from the server.
 */
export function TimelineHistogram({ data, onZoom }: { data: THistogramData; onZoom: (from: number, to: number) => void }) {
  const ref = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const n = Math.max(1, data.counts.length);
  const bw = W / n;
  const max = Math.max(1, ...data.counts.map((c) => Object.values(c).reduce((a, v) => a + v, 0)));
  const xOf = (e: React.MouseEvent) => {
    const r = ref.current?.getBoundingClientRect();
    return r ? Math.min(W, Math.max(0, ((e.clientX - r.left) / r.width) * W)) : 0;
  };
  const tOf = (x: number) => data.start + (x / W) * n * data.step;
  const ticks = Array.from({ length: 6 }, (_, i) => (i * W) / 5);

  return (
    <svg
      ref={ref}
      viewBox={`0 0 ${W} ${H + AXIS}`}
      preserveAspectRatio="none"
      className="h-40 w-full cursor-crosshair select-none"
      role="img"
      aria-label={`Histogram of ${data.total} events`}
      data-testid="timeline-histogram"
      onMouseDown={(e) => setDrag({ a: xOf(e), b: xOf(e) })}
      onMouseMove={(e) => drag && setDrag({ ...drag, b: xOf(e) })}
      onMouseUp={() => {
        if (drag && Math.abs(drag.b - drag.a) > 4) {
          const [a, b] = drag.a < drag.b ? [drag.a, drag.b] : [drag.b, drag.a];
          onZoom(Math.floor(tOf(a)), Math.ceil(tOf(b)));
        }
        setDrag(null);
      }}
      onMouseLeave={() => setDrag(null)}
    >
      {data.counts.map((c, i) => {
        // Square-root scale: a burst of thousands must not flatten the few events that matter.
        const sum = Object.values(c).reduce((a, v) => a + v, 0);
        const barH = sum ? Math.max(2, Math.sqrt(sum / max) * (H - 4)) : 0;
        let y = H;
        return (
          <g key={i}>
            <title>{`${label(data.start + i * data.step, data.step)}: ${Object.entries(c)
              .map(([s, v]) => `${s} ${v}`)
              .join(", ")}`}</title>
            {data.sources.map((s) => {
              const v = c[s] ?? 0;
              if (!v) return null;
              const h = (v / sum) * barH;
              y -= h;
              return <rect key={s} x={i * bw + 0.5} y={y} width={Math.max(0.5, bw - 1)} height={h} fill={sourceColor(s)} />;
            })}
          </g>
        );
      })}
      <line x1={0} x2={W} y1={H} y2={H} className="stroke-zinc-300 dark:stroke-zinc-700" />
      {ticks.map((x, i) => (
        <text key={i} x={Math.min(W - 2, Math.max(2, x))} y={H + 13} fontSize={10} textAnchor={i === 0 ? "start" : i === 5 ? "end" : "middle"} className="fill-zinc-500">
          {label(tOf(x), data.step)}
        </text>
      ))}
      {drag && <rect x={Math.min(drag.a, drag.b)} y={0} width={Math.abs(drag.b - drag.a)} height={H} className="fill-sky-500/20 stroke-sky-500" />}
    </svg>
  );
}

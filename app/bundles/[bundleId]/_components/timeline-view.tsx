"use client";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { artifactHref } from "@/app/_components/format";
import { SEVERITY_CLASS } from "@/app/_components/severity-badge";
import { TimelineHistogram, type THistogramData } from "./timeline-histogram";
import { VirtualList } from "./virtual-list";
import { sourceColor, TIMELINE_SOURCES } from "./source-colors";

// Type-only import: erased at build, so the server-only query module stays on the server.
import type { TTimelineEventRead as TEvent } from "@/lib/db/rows/timeline-event";
import { SEVERITIES } from "@/lib/rules/finding";
interface TFilter {
  from?: number;
  to?: number;
  sources: string[];
  severities: string[];
  q: string;
}

const PAGE = 200;
const ROW = 24;

function qs(f: TFilter, extra: Record<string, string | number> = {}): string {
  const p = new URLSearchParams();
  if (f.from !== undefined) p.set("from", String(f.from));
  if (f.to !== undefined) p.set("to", String(f.to));
  if (f.sources.length) p.set("sources", f.sources.join(","));
  if (f.severities.length) p.set("severities", f.severities.join(","));
  if (f.q.trim()) p.set("q", f.q.trim());
  for (const [k, v] of Object.entries(extra)) p.set(k, String(v));
  return p.toString();
}

/**
 * The timeline island: histogram (zoom by dragging) over a windowed event list. Events are
 * fetched PAGE at a time for the rows in view, so a million-event bundle stays smooth.
 */
export function TimelineView({ bundleId, initial }: { bundleId: string; initial: TFilter }) {
  const base = `/bundles/${encodeURIComponent(bundleId)}/timeline`;
  const [filter, setFilter] = useState<TFilter>(initial);
  const [text, setText] = useState(initial.q);
  const [hist, setHist] = useState<THistogramData | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  // A search matching more than the server counts: the list holds the first `total` matches.
  const [capped, setCapped] = useState(false);
  const [, setTick] = useState(0);
  const [sel, setSel] = useState<number>(-1);
  const pages = useRef(new Map<number, TEvent[]>());
  const loading = useRef(new Set<number>());
  const gen = useRef(0);

  // Debounced text filter: one request per pause in typing.
  useEffect(() => {
    const t = setTimeout(() => setFilter((f) => (f.q === text ? f : { ...f, q: text })), 300);
    return () => clearTimeout(t);
  }, [text]);

  useEffect(() => {
    const g = ++gen.current;
    pages.current = new Map();
    loading.current = new Set();
    setTotal(null);
    setSel(-1);
    window.history.replaceState(null, "", `${base}${qs(filter) ? "?" + qs(filter) : ""}`);
    fetch(`${base}/histogram?${qs(filter)}`)
      .then((r) => r.json())
      .then((h: THistogramData) => g === gen.current && setHist(h))
      .catch(() => {});
    fetch(`${base}/events?${qs(filter, { offset: 0, limit: PAGE, count: 1 })}`)
      .then((r) => r.json())
      .then((d: { events: TEvent[]; total: number; totalCapped?: boolean }) => {
        if (g !== gen.current) return;
        pages.current.set(0, d.events);
        setTotal(d.total);
        setCapped(d.totalCapped === true);
      })
      .catch(() => {});
  }, [filter, base]);

  const onRange = useCallback(
    (first: number, last: number) => {
      for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) {
        if (pages.current.has(p) || loading.current.has(p)) continue;
        loading.current.add(p);
        const g = gen.current;
        fetch(`${base}/events?${qs(filter, { offset: p * PAGE, limit: PAGE })}`)
          .then((r) => r.json())
          .then((d: { events: TEvent[] }) => {
            if (g !== gen.current) return;
            pages.current.set(p, d.events);
            loading.current.delete(p);
            setTick((t) => t + 1);
          })
          .catch(() => loading.current.delete(p));
      }
    },
    [base, filter],
  );

  const eventAt = (i: number) => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE];
  const selected = sel >= 0 ? eventAt(sel) : undefined;
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

  function onKey(e: React.KeyboardEvent) {
    if (total === null) return;
    if (e.key === "ArrowDown" || e.key === "j") setSel((s) => Math.min(total - 1, s + 1));
    else if (e.key === "ArrowUp" || e.key === "k") setSel((s) => Math.max(0, s - 1));
    else if (e.key === "Enter" && selected?.artifact) window.location.href = artifactHref(bundleId, selected.artifact, selected.line);
    else return;
    e.preventDefault();
    e.stopPropagation();
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3 text-xs">
        <fieldset className="flex flex-wrap items-center gap-2" aria-label="Sources">
          {TIMELINE_SOURCES.map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input type="checkbox" checked={filter.sources.length === 0 || filter.sources.includes(s)} onChange={() => setFilter((f) => ({ ...f, sources: toggle(f.sources.length ? f.sources : TIMELINE_SOURCES, s) }))} data-testid={`source-${s}`} />
              <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: sourceColor(s) }} />
              {s}
            </label>
          ))}
        </fieldset>
        <select
          aria-label="Severity"
          value={filter.severities[0] ?? ""}
          onChange={(e) => setFilter((f) => ({ ...f, severities: e.target.value ? [e.target.value] : [] }))}
          className="rounded border border-zinc-300 bg-transparent px-1 py-0.5 dark:border-zinc-700"
          data-testid="severity-filter"
        >
          <option value="">any severity</option>
          {SEVERITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="Filter text…" aria-label="Filter text" data-testid="timeline-text" className="w-56 rounded border border-zinc-300 bg-transparent px-2 py-0.5 dark:border-zinc-700" />
        <span className="ml-auto flex items-center gap-2">
          {(filter.from !== undefined || filter.to !== undefined) && (
            <button type="button" className="rounded border border-zinc-300 px-2 py-0.5 dark:border-zinc-700" onClick={() => setFilter((f) => ({ ...f, from: undefined, to: undefined }))}>
              Reset zoom
            </button>
          )}
          <span className="tabular-nums text-zinc-500" data-testid="timeline-total">
            {total === null ? "…" : `${total.toLocaleString("en")}${capped ? "+" : ""} events`}
          </span>
        </span>
      </div>
      <div className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
        {hist && hist.extent ? <TimelineHistogram data={hist} onZoom={(from, to) => setFilter((f) => ({ ...f, from, to }))} /> : <p className="py-10 text-center text-zinc-500">{hist ? "No events in this bundle." : "Loading…"}</p>}
        <p className="text-[11px] text-zinc-400">
          Drag across the chart to zoom; bar heights on a square-root scale; times are UTC.
          {hist?.sampledOneIn ? <span data-testid="timeline-histogram-sampled"> A term in this many events is charted from a sample of 1 in {hist.sampledOneIn} of them: the shape is estimated.</span> : null}
          {capped ? <span data-testid="timeline-capped"> The list holds the first {total?.toLocaleString("en")} matches; narrow the search or zoom in to see others.</span> : null}
        </p>
      </div>
      <div tabIndex={0} onKeyDown={onKey} className="rounded border border-zinc-200 font-mono text-xs outline-none focus:ring-2 focus:ring-sky-500 dark:border-zinc-800" data-testid="timeline-events">
        <VirtualList
          count={total ?? 0}
          rowHeight={ROW}
          height={Math.min(480, Math.max(ROW * 3, (total ?? 0) * ROW))}
          onRange={onRange}
          scrollToIndex={sel}
          renderRow={(i) => {
            const ev = eventAt(i);
            if (!ev) return <div className="px-2 leading-6 text-zinc-400">…</div>;
            return (
              <div
                onClick={() => setSel(i)}
                data-testid="timeline-row"
                className={`flex h-full cursor-pointer items-center gap-2 border-b border-zinc-100 px-2 dark:border-zinc-900 ${i === sel ? "bg-sky-100 dark:bg-sky-900/50" : "hover:bg-zinc-50 dark:hover:bg-zinc-900"}`}
              >
                <span className="shrink-0 tabular-nums text-zinc-500">{ev.ts.slice(0, 23).replace("T", " ")}</span>
                <span className="inline-block h-2.5 w-2.5 shrink-0 rounded-sm" style={{ background: sourceColor(ev.source) }} title={ev.source} />
                <span className="w-28 shrink-0 truncate text-zinc-600 dark:text-zinc-400">{ev.label}</span>
                <span className="w-14 shrink-0">{ev.severity && <span className={`rounded px-1 text-[10px] uppercase ${SEVERITY_CLASS[ev.severity] ?? ""}`}>{ev.severity}</span>}</span>
                <span className="truncate">{ev.text}</span>
              </div>
            );
          }}
        />
      </div>
      {selected && (
        <div className="rounded border border-zinc-200 p-3 text-xs dark:border-zinc-800" data-testid="timeline-selected">
          <p className="text-zinc-500">
            {selected.ts} · {selected.source} · {selected.label}
          </p>
          <p className="mt-1 whitespace-pre-wrap break-all font-mono">{selected.text}</p>
          {selected.artifact ? (
            <Link href={artifactHref(bundleId, selected.artifact, selected.line)} className="mt-2 inline-block text-sky-700 hover:underline dark:text-sky-400" data-testid="event-evidence">
              Open evidence: {selected.artifact}
              {selected.line ? `:${selected.line}` : ""} →
            </Link>
          ) : (
            <p className="mt-2 text-zinc-400">No artifact line recorded for this event.</p>
          )}
        </div>
      )}
    </div>
  );
}

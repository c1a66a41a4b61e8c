"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
// Type-only import: erased at build, so the server-only query module stays on the server.
import type { TConversationRow as TRow } from "@/lib/queries/list-conversations";

const ROW = 24;
const OUTCOME_CLASS: Record<string, string> = { refused: "text-red-600 font-semibold", unanswered: "text-red-600", "icmp-rejected": "text-red-600", reset: "text-orange-600", established: "text-emerald-600", closed: "text-zinc-500", midstream: "text-zinc-500" };
const COLS = "grid-cols-[minmax(0,2fr)_6.5rem_3.5rem_5rem_5.5rem_3rem_minmax(0,2fr)]";

type TSortKey = "listed" | "src" | "dst" | "packets" | "bytes" | "durationUs" | "outcome" | "anomalies";
const ep = (ip: string, port: number) => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);

function fmtDur(us: number): string {
  if (us < 1000) return `${us} µs`;
  if (us < 1e6) return `${(us / 1000).toFixed(1)} ms`;
  return `${(us / 1e6).toFixed(2)} s`;
}

function fmtB(n: number): string {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
}

/** The address text compares as numbers for IPv4 (10.0.0.9 before 10.0.0.10). */
function ipKey(ip: string, port: number): string {
  const v4 = /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? ip.split(".").map((x) => x.padStart(3, "0")).join(".") : `~${ip}`;
  return `${v4}:${String(port).padStart(5, "0")}`;
}

/**
 * Wireshark-style Conversations over the capture's listed flows (lib/pcap caps the list,
 * most anomalous first): filtered and sorted here in the browser, since the whole capped
 * list is already on the page; rows are virtualised. Keys when the list has focus:
 * j/k or arrows move, Enter opens the flow's packets and ladder.
 */
export interface TConversationFilter {
  ip?: string;
  port?: string;
  outcome?: string;
  netns?: string;
}

export function ConversationsTable({ rows, total, hrefBase, selected, initial = {} }: { rows: TRow[]; total: number; hrefBase: string; selected: number; initial?: TConversationFilter }) {
  const router = useRouter();
  const [ip, setIp] = useState(initial.ip ?? "");
  const [port, setPort] = useState((initial.port ?? "").replace(/\D/g, "").slice(0, 5));
  const [outcome, setOutcome] = useState(initial.outcome ?? "");
  const [netns, setNetns] = useState(initial.netns ?? "");
  const [sort, setSort] = useState<{ key: TSortKey; desc: boolean }>({ key: "listed", desc: false });
  const [active, setActive] = useState(-1);
  const scrollRef = useRef<HTMLDivElement>(null);

  const outcomes = useMemo(() => [...new Set(rows.map((r) => r.outcome))].sort(), [rows]);
  const shown = useMemo(() => {
    const q = ip.trim().toLowerCase();
    const p = port.trim() === "" ? null : Number(port);
    const n = netns.trim().toLowerCase();
    const out = rows.filter(
      (r) =>
        (!q || r.src.toLowerCase().includes(q) || r.dst.toLowerCase().includes(q)) &&
        (p === null || r.sport === p || r.dport === p) &&
        (!outcome || r.outcome === outcome) &&
        (!n || (r.srcNetns ?? "").toLowerCase().includes(n) || (r.dstNetns ?? "").toLowerCase().includes(n)),
    );
    if (sort.key !== "listed") {
      const k = sort.key;
      const val = (r: TRow): string | number => (k === "src" ? ipKey(r.src, r.sport) : k === "dst" ? ipKey(r.dst, r.dport) : r[k]);
      out.sort((a, b) => {
        const x = val(a);
        const y = val(b);
        return (x < y ? -1 : x > y ? 1 : a.index - b.index) * (sort.desc ? -1 : 1);
      });
    } else if (sort.desc) out.reverse();
    return out;
  }, [rows, ip, port, outcome, netns, sort]);

  const virt = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 12, initialRect: { width: 900, height: 416 } });
  // A flow's link keeps the filter (the page seeds the table from it), so the list stays as it was.
  const filterQs = useMemo(() => {
    const p = new URLSearchParams();
    for (const [k, v] of [["ip", ip], ["port", port], ["outcome", outcome], ["netns", netns]] as const) if (v.trim()) p.set(k, v.trim());
    const q = p.toString();
    return q ? `&${q}` : "";
  }, [ip, port, outcome, netns]);
  const href = (r: TRow) => `${hrefBase}${r.index}${filterQs}#flow`;

  const onKey = (e: React.KeyboardEvent) => {
    if (e.metaKey || e.ctrlKey || e.altKey || shown.length === 0) return;
    let next = active;
    if (e.key === "j" || e.key === "ArrowDown") next = Math.min(shown.length - 1, active + 1);
    else if (e.key === "k" || e.key === "ArrowUp") next = Math.max(0, active - 1);
    else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      e.stopPropagation();
      return router.push(href(shown[active]!));
    } else return;
    e.preventDefault();
    e.stopPropagation();
    setActive(next);
    virt.scrollToIndex(next, { align: "auto" });
  };

  const head = (key: TSortKey, label: string) => (
    <button
      type="button"
      className={`text-left uppercase hover:text-zinc-800 dark:hover:text-zinc-200 ${sort.key === key ? "text-zinc-800 dark:text-zinc-200" : ""}`}
      onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== "listed" && key !== "src" && key !== "dst" && key !== "outcome" }))}
      data-testid={`sort-${key}`}
    >
      {label}
      {sort.key === key ? (sort.desc ? " ↓" : " ↑") : ""}
    </button>
  );
  const input = "rounded border border-zinc-300 bg-white px-1.5 py-0.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950";

  return (
    <div className="rounded border border-zinc-200 dark:border-zinc-800" data-testid="flows-table">
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 p-2 text-xs dark:border-zinc-800">
        <input aria-label="Filter by IP" placeholder="IP" value={ip} onChange={(e) => (setIp(e.target.value), setActive(-1))} className={`${input} w-32`} data-testid="filter-ip" />
        <input aria-label="Filter by port" placeholder="port" inputMode="numeric" value={port} onChange={(e) => (setPort(e.target.value.replace(/\D/g, "").slice(0, 5)), setActive(-1))} className={`${input} w-16`} data-testid="filter-port" />
        <select aria-label="Filter by outcome" value={outcome} onChange={(e) => (setOutcome(e.target.value), setActive(-1))} className={input} data-testid="filter-outcome">
          <option value="">any outcome</option>
          {outcomes.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <input aria-label="Filter by netns" placeholder="netns (inode or holder)" value={netns} onChange={(e) => (setNetns(e.target.value), setActive(-1))} className={`${input} w-44`} data-testid="filter-netns" />
        <span className="ml-auto text-zinc-500" data-testid="conversation-count" data-shown={shown.length}>
          {shown.length} of {rows.length} listed{total > rows.length ? ` (capture has ${total}; the most anomalous are listed)` : ""}
        </span>
      </div>
      <div className={`grid ${COLS} gap-2 bg-zinc-50 px-2 py-1 text-[11px] text-zinc-500 dark:bg-zinc-900`}>
        <span className="flex gap-3">
          {head("listed", "#")}
          {head("src", "Client")}
          {head("dst", "→ server")}
        </span>
        {head("outcome", "Outcome")}
        {head("packets", "Pkts")}
        {head("bytes", "Bytes")}
        {head("durationUs", "Duration")}
        {head("anomalies", "Anom.")}
        <span className="uppercase">netns client → server</span>
      </div>
      <div
        ref={scrollRef}
        tabIndex={0}
        onKeyDown={onKey}
        role="listbox"
        aria-label="Conversations"
        aria-activedescendant={active >= 0 ? `conv-${active}` : undefined}
        className="h-[26rem] overflow-auto font-mono text-xs outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
        data-testid="conversations-scroll"
      >
        <div style={{ height: virt.getTotalSize(), position: "relative" }}>
          {virt.getVirtualItems().map((v) => {
            const r = shown[v.index]!;
            const cls = [r.index === selected ? "bg-sky-50 dark:bg-sky-950/40" : "", v.index === active ? "ring-1 ring-inset ring-sky-500" : ""].join(" ");
            return (
              <div
                key={r.index}
                id={`conv-${v.index}`}
                role="option"
                aria-selected={r.index === selected}
                className={`absolute left-0 right-0 grid ${COLS} items-center gap-2 border-t border-zinc-100 px-2 dark:border-zinc-800 ${cls}`}
                style={{ top: v.start, height: ROW }}
                data-testid="conversation-row"
                data-outcome={r.outcome}
              >
                <Link href={href(r)} className="truncate text-sky-700 hover:underline dark:text-sky-400" title={`${r.proto} ${ep(r.src, r.sport)} → ${ep(r.dst, r.dport)}`}>
                  {r.proto === "udp" ? "udp " : ""}
                  {ep(r.src, r.sport)} → {ep(r.dst, r.dport)}
                </Link>
                <span className={OUTCOME_CLASS[r.outcome] ?? ""}>{r.outcome}</span>
                <span className="tabular-nums">{r.packets}</span>
                <span className="tabular-nums">{fmtB(r.bytes)}</span>
                <span className="tabular-nums">{fmtDur(r.durationUs)}</span>
                <span className="tabular-nums">{r.anomalies || ""}</span>
                <span className="truncate text-zinc-500" title={`${r.srcNetns ?? "?"} → ${r.dstNetns ?? "?"}`}>
                  {r.srcNetns ?? "?"} → {r.dstNetns ?? "?"}
                </span>
              </div>
            );
          })}
        </div>
        {shown.length === 0 && <p className="p-2 text-zinc-500">No conversation matches.</p>}
      </div>
    </div>
  );
}

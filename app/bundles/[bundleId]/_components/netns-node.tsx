"use client";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import type { TBridgeNode, TNetnsNode } from "@/lib/model/views/build-netns-graph";
import type { TGroupNode } from "./netns-map-view";

export const NODE_W = 260;

/** Height estimate for the layout: header + one line per interface (capped) + badges. */
export function nodeHeight(n: TNetnsNode | TBridgeNode | TGroupNode): number {
  if (n.type === "bridge") return 56;
  if (n.type === "group") return 64;
  return 58 + Math.min(6, n.interfaces.length) * 16 + (n.dupIps.length || n.noProcess || n.orphanedHolders.length ? 20 : 0);
}

export function Badges({ n }: { n: TNetnsNode }) {
  return (
    <div className="flex flex-wrap gap-1">
      {n.dupIps.length > 0 && <span className="rounded bg-red-600 px-1 text-[10px] font-semibold text-white" data-testid="badge-dup-ip">DUP IP {n.dupIps.join(", ")}</span>}
      {n.noProcess && <span className="rounded bg-amber-500 px-1 text-[10px] font-semibold text-white" data-testid="badge-no-process">NO PROCESS</span>}
      {n.orphanedHolders.length > 0 && <span className="rounded bg-fuchsia-600 px-1 text-[10px] font-semibold text-white" data-testid="badge-orphan">ORPHANED SHIM</span>}
    </div>
  );
}

function border(n: TNetnsNode): string {
  if (n.dupIps.length) return "border-red-500 ring-2 ring-red-500/30";
  if (n.noProcess) return "border-amber-500 ring-2 ring-amber-500/30";
  if (n.orphanedHolders.length) return "border-fuchsia-500";
  if (n.isHost) return "border-sky-500";
  return "border-zinc-300 dark:border-zinc-700";
}

export function NetnsNodeView({ data, selected }: NodeProps & { data: { ns: TNetnsNode; match?: boolean; current?: boolean } }) {
  const n = data.ns;
  // A search match glows yellow; the one the map is centred on also gets a thick outline.
  const hit = data.current ? "outline outline-4 outline-yellow-400 bg-yellow-50 dark:bg-yellow-950/40" : data.match ? "outline outline-2 outline-yellow-400" : selected ? "outline outline-2 outline-sky-500" : "";
  return (
    <div
      style={{ width: NODE_W }}
      className={`rounded-md border-2 bg-white p-2 text-left text-[11px] shadow-sm dark:bg-zinc-900 ${border(n)} ${hit}`}
      data-testid="netns-node"
      data-inode={n.inode}
      data-match={data.match ? (data.current ? "current" : "yes") : undefined}
    >
      <Handle type="target" position={Position.Left} />
      <div className="truncate font-semibold">{n.label}</div>
      <div className="truncate text-zinc-500">
        {n.processCount} processes · {n.holders.filter((h) => h.kind !== "process").length} mounts/names
      </div>
      <ul className="mt-1 font-mono">
        {n.interfaces.slice(0, 6).map((i) => (
          <li key={i.ifindex} className="truncate">
            <span className={i.state === "UP" || i.state === "UNKNOWN" ? "" : "text-zinc-400"}>{i.name}</span>{" "}
            <span className={i.addresses.some((a) => n.dupIps.includes(a.split("/")[0] ?? "")) ? "font-semibold text-red-600" : "text-zinc-500"}>{i.addresses.join(" ")}</span>
          </li>
        ))}
        {n.interfaces.length > 6 && <li className="text-zinc-400">+{n.interfaces.length - 6} more</li>}
      </ul>
      <div className="mt-1">
        <Badges n={n} />
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export function BridgeNodeView({ data }: NodeProps & { data: { br: TBridgeNode } }) {
  const b = data.br;
  return (
    <div style={{ width: NODE_W }} className="rounded-full border-2 border-emerald-500 bg-emerald-50 px-3 py-1.5 text-[11px] dark:bg-emerald-950/50">
      <Handle type="target" position={Position.Left} />
      <div className="font-semibold">bridge {b.name}</div>
      <div className="truncate font-mono text-zinc-500">{b.addresses.join(" ") || "no address"} · {b.ports.length} ports</div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

/** Healthy namespaces folded together by "problems only"; a click opens the group. */
export function GroupNodeView({ data }: NodeProps & { data: { group: TGroupNode } }) {
  const g = data.group;
  return (
    <div style={{ width: NODE_W }} className="cursor-pointer rounded-md border-2 border-dashed border-zinc-400 bg-zinc-50 p-2 text-[11px] shadow-sm hover:border-sky-500 dark:border-zinc-600 dark:bg-zinc-900" data-testid="netns-group" data-count={g.members.length}>
      <Handle type="target" position={Position.Left} />
      <div className="font-semibold">{g.members.length} healthy namespaces</div>
      <div className="truncate text-zinc-500">on {g.anchorLabel} · click to show them</div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

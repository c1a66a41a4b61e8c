"use client";
import "@xyflow/react/dist/style.css";
import { Background, Controls, MarkerType, ReactFlow, type Edge, type Node, type ReactFlowInstance } from "@xyflow/react";
import ELK from "elkjs/lib/elk.bundled.js";
import { useEffect, useMemo, useState } from "react";
import type { TBridgeNode, TNetnsGraph, TNetnsNode } from "@/lib/model/views/build-netns-graph";
import { BridgeNodeView, GroupNodeView, NetnsNodeView, NODE_W, nodeHeight } from "./netns-node";
import { NetnsPanel } from "./netns-panel";
import { buildMapView, searchNetns, type TMacs } from "./netns-map-view";

// Not "group": @xyflow/react styles its own group node type (a bordered box) by that name.
const NODE_TYPES = { netns: NetnsNodeView, bridge: BridgeNodeView, nsgroup: GroupNodeView };

/** Above this many namespaces the map opens with only the problems (issue 19: 200 boxes are unreadable). */
export const PROBLEMS_ONLY_ABOVE = 30;

/**
 * The namespace map: elkjs computes a layered layout in the browser, @xyflow/react draws it.
 * Search (IP, name, PID, inode, MAC) highlights the matches and centres the current one;
 * "problems only" folds healthy namespaces into counted groups (netns-map-view.ts); clicking a
 * group opens it, clicking a namespace opens its details beside the map.
 */
const NO_MACS: TMacs = {};

/**
 * `focus`: a namespace inode to open the map on (a finding's netns link): searched for, so it
 * is drawn (out of its group), centred and highlighted, with its details open.
 */
export function NetnsGraph({ graph, macs = NO_MACS, focus: openOn }: { graph: TNetnsGraph; macs?: TMacs; focus?: number }) {
  const netnsCount = graph.nodes.filter((n) => n.type === "netns").length;
  const focusId = openOn !== undefined && graph.nodes.some((n) => n.id === `ns:${openOn}`) ? `ns:${openOn}` : null;
  const [problemsOnly, setProblemsOnly] = useState(netnsCount > PROBLEMS_ONLY_ABOVE);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [query, setQuery] = useState(focusId ? String(openOn) : "");
  const [cursor, setCursor] = useState(0);
  const [pos, setPos] = useState<Map<string, { x: number; y: number }> | null>(null);
  const [selected, setSelected] = useState<string | null>(focusId);
  const [rf, setRf] = useState<ReactFlowInstance | null>(null);
  const [dark, setDark] = useState(false);
  // Follow the app's class-based theme (the toggle), not only the system preference.
  useEffect(() => {
    const html = document.documentElement;
    setDark(html.classList.contains("dark"));
    const mo = new MutationObserver(() => setDark(html.classList.contains("dark")));
    mo.observe(html, { attributes: true, attributeFilter: ["class"] });
    return () => mo.disconnect();
  }, []);

  const matches = useMemo(() => searchNetns(graph, query, macs), [graph, query, macs]);
  const current = matches.length ? matches[Math.min(cursor, matches.length - 1)] : undefined;
  const view = useMemo(() => buildMapView(graph, { problemsOnly, keep: matches, expanded }), [graph, problemsOnly, matches, expanded]);

  useEffect(() => {
    let live = true;
    const elk = new ELK();
    elk
      .layout({
        id: "root",
        layoutOptions: {
          "elk.algorithm": "layered",
          "elk.direction": "RIGHT",
          "elk.spacing.nodeNode": "24",
          "elk.layered.spacing.nodeNodeBetweenLayers": "110",
          // Room for edges between nodes of one layer, so they do not run under the boxes.
          "elk.layered.spacing.edgeNodeBetweenLayers": "30",
          "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
        },
        children: view.nodes.map((n) => ({ id: n.id, width: NODE_W, height: nodeHeight(n) })),
        edges: view.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
      })
      .then((res) => live && setPos(new Map((res.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]))))
      .catch(() => live && setPos(new Map(view.nodes.map((n, i) => [n.id, { x: (i % 4) * 300, y: Math.floor(i / 4) * 200 }]))));
    return () => {
      live = false;
    };
  }, [view]);

  // Centre the current match once it is laid out; without a search, show everything.
  useEffect(() => {
    if (!rf || !pos) return;
    const id = current && pos.has(current) ? current : undefined;
    const t = setTimeout(() => (id ? rf.fitView({ nodes: [{ id }], maxZoom: 1.2, duration: 300 }) : rf.fitView({ duration: 200 })), 50);
    return () => clearTimeout(t);
  }, [rf, pos, current]);

  const matchSet = useMemo(() => new Set(matches), [matches]);
  const focus = selected ?? current ?? null;
  const nodes: Node[] = useMemo(
    () =>
      view.nodes.map((n) => ({
        id: n.id,
        type: n.type === "group" ? "nsgroup" : n.type,
        position: pos?.get(n.id) ?? { x: 0, y: 0 },
        data: n.type === "netns" ? { ns: n, match: matchSet.has(n.id), current: n.id === current } : n.type === "bridge" ? { br: n } : { group: n },
        selected: n.id === selected,
      })),
    [view, pos, selected, matchSet, current],
  );
  // Edges touching the selected or current node are drawn strong; labels only while few edges show.
  const edges: Edge[] = useMemo(() => {
    const labels = view.edges.length <= 60;
    return view.edges.map((e) => {
      const hot = focus !== null && (e.source === focus || e.target === focus);
      const merged = e.id.startsWith("merged:");
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        type: "smoothstep",
        label: (labels || hot || merged) && e.label ? e.label : undefined,
        style: { strokeWidth: hot ? 3 : merged ? 2.5 : 1.5, stroke: hot ? "#0284c7" : merged ? "#10b981" : "#71717a" },
        markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: hot ? "#0284c7" : "#71717a" },
        labelStyle: { fontSize: 11, fontWeight: hot || merged ? 600 : 400 },
        labelBgPadding: [4, 2] as [number, number],
        labelBgStyle: { fill: dark ? "#18181b" : "#ffffff", fillOpacity: 0.9 },
        zIndex: hot ? 10 : 0,
      };
    });
  }, [view, focus, dark]);
  const sel = graph.nodes.find((n) => n.id === selected);

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3 text-xs">
        <input
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setCursor(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && matches.length) {
              e.preventDefault();
              setCursor((c) => (c + (e.shiftKey ? matches.length - 1 : 1)) % matches.length);
            }
          }}
          placeholder="Search IP, name, PID, inode, MAC…"
          aria-label="Search namespaces"
          className="w-72 rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
          data-testid="netns-search"
        />
        <span className="tabular-nums text-zinc-500" data-testid="netns-search-status">
          {query.trim() ? (matches.length ? `${Math.min(cursor, matches.length - 1) + 1} of ${matches.length} (Enter: next)` : "no namespace matches") : ""}
        </span>
        {current && (
          <button type="button" className="rounded border border-zinc-300 px-2 py-0.5 dark:border-zinc-700" onClick={() => setSelected(current)} data-testid="netns-search-open">
            Details
          </button>
        )}
        <label className="ml-auto flex items-center gap-1">
          <input type="checkbox" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} data-testid="netns-problems-only" />
          Problems only
        </label>
        {problemsOnly && view.hidden > 0 && (
          <span className="text-zinc-500" data-testid="netns-hidden">
            {view.hidden} healthy in groups{expanded.length ? "" : " (click a group to open it)"}
          </span>
        )}
        {expanded.length > 0 && (
          <button type="button" className="rounded border border-zinc-300 px-2 py-0.5 dark:border-zinc-700" onClick={() => setExpanded([])}>
            Fold groups
          </button>
        )}
      </div>
      <div className="grid gap-3 lg:grid-cols-[1fr_22rem]">
        <div className="h-[70vh] rounded border border-zinc-200 dark:border-zinc-800" data-testid="netns-graph">
          {pos ? (
            <ReactFlow
              colorMode={dark ? "dark" : "light"}
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              onInit={setRf}
              onNodeClick={(_, n) => (n.type === "nsgroup" ? setExpanded((x) => [...x, n.id]) : setSelected(n.id))}
              onPaneClick={() => setSelected(null)}
              fitView
              minZoom={0.05}
              nodesConnectable={false}
              proOptions={{ hideAttribution: true }}
            >
              <Background />
              <Controls showInteractive={false} />
            </ReactFlow>
          ) : (
            <p className="p-6 text-zinc-500">Laying out {view.nodes.length} nodes…</p>
          )}
        </div>
        <NetnsPanel node={sel as TNetnsNode | TBridgeNode | undefined} />
      </div>
    </div>
  );
}

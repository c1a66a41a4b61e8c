"use client";
import "@xyflow/react/dist/style.css";
import { Background, Controls, ReactFlow, type Edge, type Node } from "@xyflow/react";
import ELK from "elkjs/lib/elk.bundled.js";
import { useEffect, useMemo, useState } from "react";
import type { TBridgeNode, TNetnsGraph, TNetnsNode } from "@/lib/model/views/build-netns-graph";
import { BridgeNodeView, NetnsNodeView, NODE_W, nodeHeight } from "./netns-node";
import { NetnsPanel } from "./netns-panel";

const NODE_TYPES = { netns: NetnsNodeView, bridge: BridgeNodeView };

/**
 * The namespace map: elkjs computes a layered layout in the browser, @xyflow/react draws it.
 * Clicking a namespace opens its details (holders with ancestry, interfaces) beside the map.
 */
export function NetnsGraph({ graph }: { graph: TNetnsGraph }) {
  const [pos, setPos] = useState<Map<string, { x: number; y: number }> | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [dark, setDark] = useState(false);
  // Follow the app's class-based theme (the toggle), not only the system preference.
  useEffect(() => {
    const html = document.documentElement;
    setDark(html.classList.contains("dark"));
    const mo = new MutationObserver(() => setDark(html.classList.contains("dark")));
    mo.observe(html, { attributes: true, attributeFilter: ["class"] });
    return () => mo.disconnect();
  }, []);

  useEffect(() => {
    const elk = new ELK();
    elk
      .layout({
        id: "root",
        layoutOptions: { "elk.algorithm": "layered", "elk.direction": "RIGHT", "elk.spacing.nodeNode": "24", "elk.layered.spacing.nodeNodeBetweenLayers": "80" },
        children: graph.nodes.map((n) => ({ id: n.id, width: NODE_W, height: nodeHeight(n) })),
        edges: graph.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
      })
      .then((res) => setPos(new Map((res.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]))))
      .catch(() => setPos(new Map(graph.nodes.map((n, i) => [n.id, { x: (i % 4) * 300, y: Math.floor(i / 4) * 200 }]))));
  }, [graph]);

  const nodes: Node[] = useMemo(
    () =>
      graph.nodes.map((n) => ({
        id: n.id,
        type: n.type,
        position: pos?.get(n.id) ?? { x: 0, y: 0 },
        data: n.type === "netns" ? { ns: n } : { br: n },
        selected: n.id === selected,
      })),
    [graph, pos, selected],
  );
  const edges: Edge[] = useMemo(
    () => graph.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, label: e.label || undefined, style: { strokeWidth: 1.5 }, labelStyle: { fontSize: 10 } })),
    [graph],
  );
  const sel = graph.nodes.find((n) => n.id === selected);

  return (
    <div className="grid gap-3 lg:grid-cols-[1fr_22rem]">
      <div className="h-[70vh] rounded border border-zinc-200 dark:border-zinc-800" data-testid="netns-graph">
        {pos ? (
          <ReactFlow colorMode={dark ? "dark" : "light"} nodes={nodes} edges={edges} nodeTypes={NODE_TYPES} onNodeClick={(_, n) => setSelected(n.id)} onPaneClick={() => setSelected(null)} fitView minZoom={0.1} nodesConnectable={false} proOptions={{ hideAttribution: true }}>
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        ) : (
          <p className="p-6 text-zinc-500">Laying out {graph.nodes.length} nodes…</p>
        )}
      </div>
      <NetnsPanel node={sel as TNetnsNode | TBridgeNode | undefined} />
    </div>
  );
}

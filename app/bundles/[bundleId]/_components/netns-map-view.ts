/**
 * What the namespace map shows, decided before layout (pure: tested in
 * test/netns-map/netns-map-view.test.ts on the 200-netns bench bundle's model shape):
 *  - search: namespaces matching an IP (or its start), a name, an inode, a PID or a MAC;
 *  - "problems only": namespaces with a problem (duplicate IP, no process, orphaned shim),
 *    the host, bridges and every search match stay; the healthy rest collapse into one
 *    counted group per bridge they hang off (or per namespace their veths lead to), unless
 *    that group was expanded. Edges of collapsed namespaces become one "×N" edge.
 */
import type { TBridgeNode, TGraphEdge, TNetnsGraph, TNetnsNode } from "@/lib/model/views/build-netns-graph";

export interface TGroupNode {
  id: string;
  type: "group";
  /** The bridge or namespace the members hang off, or null for unlinked ones. */
  anchor: string | null;
  anchorLabel: string;
  members: string[];
}

export type TMapNode = TNetnsNode | TBridgeNode | TGroupNode;

export interface TMapView {
  nodes: TMapNode[];
  edges: TGraphEdge[];
  /** Namespaces hidden in groups. */
  hidden: number;
}

/** MACs per namespace node id (the page adds them from the model: the graph has none). */
export type TMacs = Record<string, string[]>;

export function hasProblem(n: TNetnsNode): boolean {
  return n.dupIps.length > 0 || n.noProcess || n.orphanedHolders.length > 0;
}

const MAC_RE = /^[0-9a-f]{2}([:-][0-9a-f]{2}){0,5}[:-]?$/i;

/**
 * Namespace ids matching q, best first: exact IP / PID / inode / MAC / name before partial
 * ones. An IP matches from its start ("198.18.0.1" finds .1, .10-.19, .100-...), a MAC and a
 * name anywhere; digits alone match a PID or an inode exactly.
 */
export function searchNetns(graph: TNetnsGraph, q: string, macs: TMacs = {}): string[] {
  const s = q.trim().toLowerCase();
  if (!s) return [];
  const exact: string[] = [];
  const partial: string[] = [];
  const digits = /^\d+$/.test(s);
  const mac = MAC_RE.test(s) ? s.replace(/-/g, ":") : null;
  for (const n of graph.nodes) {
    if (n.type !== "netns") continue;
    const ips = n.interfaces.flatMap((i) => i.addresses.map((a) => (a.split("/")[0] ?? "").toLowerCase()));
    const names = [n.label, ...n.names, ...n.interfaces.map((i) => i.name)].map((x) => x.toLowerCase());
    const nodeMacs = (macs[n.id] ?? []).map((m) => m.toLowerCase());
    const isExact =
      ips.includes(s) ||
      (digits && (String(n.inode) === s || n.holders.some((h) => h.pid !== undefined && String(h.pid) === s))) ||
      (mac !== null && nodeMacs.includes(mac)) ||
      n.names.some((x) => x.toLowerCase() === s);
    if (isExact) exact.push(n.id);
    else if ((!digits && ips.some((ip) => ip.startsWith(s))) || (mac !== null && nodeMacs.some((m) => m.includes(mac))) || (!digits && names.some((x) => x.includes(s)))) partial.push(n.id);
  }
  return [...exact, ...partial];
}

/** Where a healthy namespace would be grouped: the bridge its veth reaches, else the namespace. */
function anchorOf(graph: TNetnsGraph, id: string): string | null {
  const targets = graph.edges.flatMap((e) => (e.source === id ? [e.target] : e.target === id ? [e.source] : []));
  return targets.find((t) => t.startsWith("br:")) ?? targets.sort()[0] ?? null;
}

export function buildMapView(graph: TNetnsGraph, opts: { problemsOnly: boolean; keep?: Iterable<string>; expanded?: Iterable<string> }): TMapView {
  if (!opts.problemsOnly) return { nodes: graph.nodes, edges: graph.edges, hidden: 0 };
  const keep = new Set(opts.keep ?? []);
  const expanded = new Set(opts.expanded ?? []);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const groupOf = new Map<string, string>();
  const groups = new Map<string, TGroupNode>();
  for (const n of graph.nodes) {
    if (n.type !== "netns" || n.isHost || hasProblem(n) || keep.has(n.id)) continue;
    const anchor = anchorOf(graph, n.id);
    const gid = `group:${anchor ?? "unlinked"}`;
    if (expanded.has(gid)) continue;
    const a = anchor ? byId.get(anchor) : undefined;
    const anchorLabel = !a ? "no link" : a.type === "bridge" ? `bridge ${a.name}` : a.type === "netns" ? a.label : "";
    const g = groups.get(gid) ?? { id: gid, type: "group" as const, anchor, anchorLabel, members: [] };
    g.members.push(n.id);
    groups.set(gid, g);
    groupOf.set(n.id, gid);
  }
  // A group of one says nothing more than the namespace itself.
  for (const [gid, g] of groups)
    if (g.members.length < 2) {
      groups.delete(gid);
      for (const m of g.members) groupOf.delete(m);
    }
  const nodes: TMapNode[] = [...graph.nodes.filter((n) => !groupOf.has(n.id)), ...groups.values()];
  const edges: TGraphEdge[] = [];
  const merged = new Map<string, TGraphEdge & { n: number }>();
  for (const e of graph.edges) {
    const source = groupOf.get(e.source) ?? e.source;
    const target = groupOf.get(e.target) ?? e.target;
    if (source === e.source && target === e.target) {
      edges.push(e);
      continue;
    }
    if (source === target) continue;
    const id = `merged:${source}->${target}`;
    const m = merged.get(id) ?? { id, source, target, label: "", n: 0 };
    m.n++;
    merged.set(id, m);
  }
  for (const { n, ...e } of merged.values()) edges.push({ ...e, label: `×${n}` });
  return { nodes, edges, hidden: groupOf.size };
}

/**
 * Turns a NodeModel into the namespace map the netns page draws: one node per network
 * namespace (with holders, interfaces, addresses), one node per bridge, edges for veth
 * pairs. Problems are flagged on the nodes so the map can colour them:
 *   - dupIps: an address also configured in another netns (scenarios 1 and 3);
 *   - noProcess: no process lives in the netns, only mounts or names hold it (2 and 3);
 *   - orphanedHolders: holding processes of an orphaned runtime shim (1), i.e. the pids the
 *     orphaned-runtime-shim findings name (the shim and its children, such as the pause
 *     process that actually sits in the pod netns). The map and the findings thus agree on
 *     what "orphaned" means; a holder's own `orphan` flag only says "reparented to PID 1".
 * Pure: no I/O, so it is tested on hand-built models (build-netns-graph.test.ts).
 */
import { describeHolder } from "@/lib/model/lookup";
import type { NodeModel, NsHolder, Process } from "@/lib/model/types";

const IGNORED_IPS = [/^127\./, /^::1$/, /^fe80:/i, /^169\.254\./];

export interface TGraphHolder {
  kind: NsHolder["kind"];
  label: string;
  pid?: number;
  orphan?: boolean;
  /** comm(pid) chain up to PID 1, nearest first. */
  ancestry?: string[];
}

export interface TGraphIface {
  name: string;
  ifindex: number;
  kind: string | null;
  state: string;
  master: string | null;
  addresses: string[];
  peer: string | null;
}

export interface TNetnsNode {
  id: string;
  type: "netns";
  inode: number;
  label: string;
  isHost: boolean;
  names: string[];
  holders: TGraphHolder[];
  processCount: number;
  interfaces: TGraphIface[];
  dupIps: string[];
  noProcess: boolean;
  orphanedHolders: number[];
}

export interface TBridgeNode {
  id: string;
  type: "bridge";
  netns: number;
  name: string;
  addresses: string[];
  ports: string[];
}

export interface TGraphEdge {
  id: string;
  source: string;
  target: string;
  label: string;
}

export interface TNetnsGraph {
  nodes: (TNetnsNode | TBridgeNode)[];
  edges: TGraphEdge[];
  dupIps: Record<string, number[]>;
}

function ancestryOf(byPid: Map<number, Process>, pid: number): string[] {
  const chain: string[] = [];
  const seen = new Set<number>();
  let cur = byPid.get(pid);
  while (cur && !seen.has(cur.pid) && chain.length < 12) {
    chain.push(`${cur.comm}(${cur.pid})`);
    seen.add(cur.pid);
    if (cur.ppid === 0 || cur.ppid === cur.pid) break;
    cur = byPid.get(cur.ppid);
  }
  return chain;
}

/**
 * The collector's own shell and its children (nsenter, ip, ...) are caught by ps while they
 * sit inside the namespaces being collected; they are not holders and must not make a
 * leaked netns look alive.
 */
function collectorPids(byPid: Map<number, Process>): Set<number> {
  const own = new Set<number>();
  for (const p of byPid.values()) {
    const seen = new Set<number>();
    for (let cur: Process | undefined = p; cur && !seen.has(cur.pid); cur = byPid.get(cur.ppid)) {
      seen.add(cur.pid);
      if (/netbundle-collect/.test(cur.args)) {
        own.add(p.pid);
        break;
      }
      if (cur.ppid === 0 || cur.ppid === cur.pid) break;
    }
  }
  return own;
}

export function buildNetnsGraph(model: Pick<NodeModel, "processes" | "namespaces" | "netns">, opts: { orphanedShimPids?: Iterable<number> } = {}): TNetnsGraph {
  const orphanedShimPids = new Set(opts.orphanedShimPids ?? []);
  const allByPid = new Map(model.processes.map((p) => [p.pid, p]));
  const own = collectorPids(allByPid);
  const byPid = new Map([...allByPid].filter(([pid]) => !own.has(pid)));
  const nsMeta = new Map(model.namespaces.filter((n) => n.type === "net").map((n) => [n.inode, n]));
  const inodes = [...new Set([...model.netns.map((v) => v.inode), ...nsMeta.keys()])];

  const ipHomes = new Map<string, number[]>();
  for (const v of model.netns)
    for (const a of v.addresses) {
      if (IGNORED_IPS.some((re) => re.test(a.address))) continue;
      const homes = ipHomes.get(a.address) ?? [];
      if (!homes.includes(v.inode)) homes.push(v.inode);
      ipHomes.set(a.address, homes);
    }
  const dupIps: Record<string, number[]> = {};
  for (const [ip, homes] of ipHomes) if (homes.length > 1) dupIps[ip] = homes;

  const pidsByNetns = new Map<number, Process[]>();
  for (const p of byPid.values()) if (p.ns.net !== undefined) pidsByNetns.set(p.ns.net, [...(pidsByNetns.get(p.ns.net) ?? []), p]);

  const nodes: (TNetnsNode | TBridgeNode)[] = [];
  const edges: TGraphEdge[] = [];
  const bridgeId = (netns: number, name: string) => `br:${netns}:${name}`;

  for (const inode of inodes) {
    const view = model.netns.find((v) => v.inode === inode);
    const meta = nsMeta.get(inode);
    const procs = pidsByNetns.get(inode) ?? [];
    const holders: TGraphHolder[] = [];
    const seenPid = new Set<number>();
    for (const h of meta?.holders ?? []) {
      if ((h.kind === "process" || h.kind === "fd") && own.has(h.pid)) continue;
      if (h.kind === "process") {
        seenPid.add(h.pid);
        const p = byPid.get(h.pid);
        holders.push({ kind: "process", label: `${h.comm} (${h.pid})`, pid: h.pid, orphan: p?.orphan ?? false, ancestry: ancestryOf(byPid, h.pid) });
      } else if (h.kind === "nsfs-mount") {
        holders.push({ kind: h.kind, label: `${h.mountPoint} in mnt ns ${h.mntns ?? "?"}${h.seenByComm ? ` (seen by ${h.seenByComm} ${h.seenByPid ?? ""})` : ""}` });
      } else if (h.kind === "fd") {
        // Holds the netns open from outside it: not a process *in* the namespace.
        holders.push({ kind: "fd", label: describeHolder(h), pid: h.pid, ancestry: ancestryOf(byPid, h.pid) });
      } else holders.push({ kind: h.kind, label: `${h.name} → ${h.path}` });
    }
    // Processes found through ps/ns-links but not listed as holders by the collector.
    for (const p of procs.slice(0, 50))
      if (!seenPid.has(p.pid)) holders.push({ kind: "process", label: `${p.comm} (${p.pid})`, pid: p.pid, orphan: p.orphan, ancestry: ancestryOf(byPid, p.pid) });

    const processCount = Math.max(procs.length, holders.filter((h) => h.kind === "process").length);
    const ifaces: TGraphIface[] = (view?.interfaces ?? []).map((i) => ({
      name: i.name,
      ifindex: i.ifindex,
      kind: i.linkKind ?? null,
      state: i.state,
      master: i.master ?? null,
      addresses: (view?.addresses ?? []).filter((a) => a.ifname === i.name).map((a) => `${a.address}/${a.prefixLen}`),
      peer: i.peer ? `${i.peer.ifname}@${i.peer.netns}` : null,
    }));
    const ipsHere = (view?.addresses ?? []).map((a) => a.address);
    const isHost = meta?.isHost ?? false;
    const names = (meta?.holders ?? []).flatMap((h) => (h.kind === "name" ? [h.name] : []));
    nodes.push({
      id: `ns:${inode}`,
      type: "netns",
      inode,
      label: isHost ? `host netns ${inode}` : names[0] ? `netns ${names[0]} (${inode})` : `netns ${inode}`,
      isHost,
      names,
      holders,
      processCount,
      interfaces: ifaces,
      dupIps: [...new Set(ipsHere.filter((ip) => dupIps[ip]))],
      noProcess: !isHost && processCount === 0,
      // Only a container netns kept by an orphaned shim's process tree is the leak of
      // scenario 1 (the shim itself usually lives in the host netns, its pause in the pod's).
      orphanedHolders: isHost ? [] : holders.filter((h) => h.kind === "process" && h.pid !== undefined && orphanedShimPids.has(h.pid)).map((h) => h.pid as number),
    });

    for (const i of view?.interfaces ?? []) {
      if (i.linkKind !== "bridge") continue;
      nodes.push({
        id: bridgeId(inode, i.name),
        type: "bridge",
        netns: inode,
        name: i.name,
        addresses: (view?.addresses ?? []).filter((a) => a.ifname === i.name).map((a) => `${a.address}/${a.prefixLen}`),
        ports: (view?.interfaces ?? []).filter((p) => p.master === i.name).map((p) => p.name),
      });
      edges.push({ id: `in:${inode}:${i.name}`, source: `ns:${inode}`, target: bridgeId(inode, i.name), label: "" });
    }
  }

  // veth pairs: draw each pair once, from the namespace end to the bridge its peer is
  // enslaved to (or to the peer's namespace when it has no bridge).
  const viewByInode = new Map(model.netns.map((v) => [v.inode, v]));
  const drawn = new Set<string>();
  for (const v of model.netns)
    for (const i of v.interfaces) {
      if (!i.peer || i.peer.netns === v.inode) continue;
      const key = [`${v.inode}/${i.name}`, `${i.peer.netns}/${i.peer.ifname}`].sort().join("|");
      if (drawn.has(key)) continue;
      drawn.add(key);
      const peerIface = viewByInode.get(i.peer.netns)?.interfaces.find((p) => p.name === i.peer?.ifname);
      const hereOnBridge = i.master && viewByInode.get(v.inode)?.interfaces.some((b) => b.name === i.master && b.linkKind === "bridge");
      const thereOnBridge = peerIface?.master && viewByInode.get(i.peer.netns)?.interfaces.some((b) => b.name === peerIface.master && b.linkKind === "bridge");
      const source = hereOnBridge ? `ns:${i.peer.netns}` : `ns:${v.inode}`;
      const target = thereOnBridge && peerIface?.master ? bridgeId(i.peer.netns, peerIface.master) : hereOnBridge && i.master ? bridgeId(v.inode, i.master) : `ns:${i.peer.netns}`;
      const label = hereOnBridge ? `${i.peer.ifname} ↔ ${i.name}` : `${i.name} ↔ ${i.peer.ifname}`;
      edges.push({ id: `veth:${key}`, source, target, label });
    }
  return { nodes, edges, dupIps };
}

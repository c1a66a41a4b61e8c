import { describe, expect, it } from "vitest";
import { buildNetnsGraph, type TNetnsNode } from "@/lib/model/views/build-netns-graph";
import type { NodeModel } from "@/lib/model/types";
import { buildMapView, searchNetns, type TGroupNode } from "@/app/bundles/[bundleId]/_components/netns-map-view";

// A 200-netns node as the real graph builder sees it: the host with bridge cni0, 150 pods on
// the bridge (veth peers enslaved to cni0), 49 pods whose veth leads to the host without a
// bridge (pods in 198.18.1.0/24); pod 7 and pod 160 share an IP, pod 42 has no process.
type M = Pick<NodeModel, "processes" | "namespaces" | "netns">;
const HOST = 4026531840;
function model(): M {
  const m: M = { processes: [], namespaces: [], netns: [] };
  const hostIfaces: M["netns"][number]["interfaces"] = [{ ifindex: 2, name: "cni0", mac: "0a:58:0a:f4:00:01", state: "UP", flags: [], linkKind: "bridge" }];
  m.namespaces.push({ inode: HOST, type: "net", reachedVia: ["pid:1"], holders: [{ kind: "process", pid: 1, comm: "systemd" }], isHost: true });
  m.processes.push({ pid: 1, ppid: 0, comm: "systemd", args: "/sbin/init", ns: { net: HOST } } as unknown as M["processes"][number]);
  for (let i = 1; i < 200; i++) {
    const inode = HOST + 1000 + i;
    const pid = 1000 + i;
    const onBridge = i <= 150;
    const hostEnd = `veth${i}`;
    hostIfaces.push({ ifindex: 100 + i, name: hostEnd, mac: `aa:bb:cc:00:${(i >> 8).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")}`, state: "UP", flags: [], linkKind: "veth", ...(onBridge ? { master: "cni0" } : {}), peer: { netns: inode, ifname: "eth0", ifindex: 3 } });
    m.namespaces.push({ inode, type: "net", reachedVia: [`pid:${pid}`], holders: i === 42 ? [{ kind: "name", name: `pod-${i}`, path: `/run/netns/pod-${i}` }] : [{ kind: "process", pid, comm: "pause" }], isHost: false });
    if (i !== 42) m.processes.push({ pid, ppid: 1, comm: "pause", args: "/pause", ns: { net: inode } } as unknown as M["processes"][number]);
    const ip = i === 160 ? "198.18.1.7" : `198.18.${1 + (i >> 8)}.${i & 255}`;
    m.netns.push({
      inode,
      interfaces: [{ ifindex: 3, name: "eth0", mac: `02:42:c6:12:00:${(i & 255).toString(16).padStart(2, "0")}`, state: "UP", flags: [], linkKind: "veth", peer: { netns: HOST, ifname: hostEnd, ifindex: 100 + i } }],
      addresses: [{ family: 4, address: ip, prefixLen: 24, ifname: "eth0" }],
    } as unknown as M["netns"][number]);
  }
  m.netns.push({ inode: HOST, interfaces: hostIfaces, addresses: [{ family: 4, address: "198.18.0.1", prefixLen: 24, ifname: "cni0" }] } as unknown as M["netns"][number]);
  return m;
}

const graph = buildNetnsGraph(model());
const ns = (i: number) => `ns:${HOST + 1000 + i}`;
const macs = Object.fromEntries(model().netns.map((v) => [`ns:${v.inode}`, v.interfaces.flatMap((i) => (i.mac ? [i.mac] : []))]));

describe("namespace map search", () => {
  it("finds a namespace by its exact IP first, then those whose IP starts with it", () => {
    expect(searchNetns(graph, "198.18.1.123")).toEqual([ns(123)]);
    const hits = searchNetns(graph, "198.18.1.12");
    expect(hits[0]).toBe(ns(12));
    expect(new Set(hits)).toEqual(new Set([12, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129].map(ns)));
    // The duplicated address finds both of its homes, before 198.18.1.70-79.
    const dup = searchNetns(graph, "198.18.1.7");
    expect(new Set(dup.slice(0, 2))).toEqual(new Set([ns(7), ns(160)]));
    expect(dup).toHaveLength(12);
  });

  it("finds by PID, inode, MAC (any separator, any part) and name", () => {
    expect(searchNetns(graph, "1077")).toEqual([ns(77)]);
    expect(searchNetns(graph, String(HOST + 1000 + 88))).toEqual([ns(88)]);
    expect(searchNetns(graph, "02-42-C6-12-00-1f", macs)).toEqual([ns(31)]);
    expect(searchNetns(graph, "aa:bb:cc:00:00:2a", macs)).toEqual([`ns:${HOST}`]);
    expect(searchNetns(graph, "pod-42")).toEqual([ns(42)]);
    expect(searchNetns(graph, "no-such-thing")).toEqual([]);
    expect(searchNetns(graph, "  ")).toEqual([]);
  });
});

describe("namespace map problems-only view", () => {
  it("keeps problems, the host and bridges; folds the healthy rest into one counted group per bridge or peer", () => {
    const v = buildMapView(graph, { problemsOnly: true });
    const shown = v.nodes.filter((n) => n.type === "netns").map((n) => (n as TNetnsNode).id);
    expect(new Set(shown)).toEqual(new Set([`ns:${HOST}`, ns(7), ns(160), ns(42)]));
    expect(v.nodes.some((n) => n.id === `br:${HOST}:cni0`)).toBe(true);
    const groups = v.nodes.filter((n): n is TGroupNode => n.type === "group");
    expect(groups.map((g) => [g.anchorLabel, g.members.length]).sort()).toEqual([
      ["bridge cni0", 148],
      [`host netns ${HOST}`, 48],
    ]);
    expect(v.hidden).toBe(196);
    // One edge per group, counting the veths it stands for; every edge ends on a shown node.
    const ids = new Set(v.nodes.map((n) => n.id));
    expect(v.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
    expect(v.edges.filter((e) => e.id.startsWith("merged:")).map((e) => e.label).sort()).toEqual(["×148", "×48"]);
  });

  it("shows a search match outside its group, with its own edge, and a whole group once expanded", () => {
    const v = buildMapView(graph, { problemsOnly: true, keep: [ns(123)] });
    expect(v.nodes.some((n) => n.id === ns(123))).toBe(true);
    expect(v.edges.some((e) => e.source === ns(123) || e.target === ns(123))).toBe(true);
    expect(v.nodes.find((n): n is TGroupNode => n.type === "group" && n.anchorLabel === "bridge cni0")?.members).toHaveLength(147);
    const open = buildMapView(graph, { problemsOnly: true, expanded: [`group:br:${HOST}:cni0`] });
    expect(open.nodes.filter((n) => n.type === "netns")).toHaveLength(4 + 148);
    expect(buildMapView(graph, { problemsOnly: false }).nodes).toBe(graph.nodes);
  });
});

import { describe, expect, it } from "vitest";
import type { Interface, NetnsView, NodeModel, Process } from "@/lib/model/types";
import { buildNetnsGraph, type TBridgeNode, type TNetnsNode } from "./build-netns-graph";

const HOST = 4026531840;
const A = 4026532200;
const B = 4026532300;

function view(inode: number, interfaces: Interface[], addrs: [string, string][]): NetnsView {
  return {
    inode,
    interfaces,
    addresses: addrs.map(([ifname, address]) => ({ family: 4, address, prefixLen: 24, ifname })),
    routes: [],
    rules: [],
    neighbours: [],
    sockets: [],
    iptables: [],
    nft: null,
    sysctls: {},
    conntrackCount: null,
    effectiveConf: {},
    collected: [],
  };
}
const iface = (ifindex: number, name: string, extra: Partial<Interface> = {}): Interface => ({ ifindex, name, mac: null, state: "UP", flags: [], ...extra });
const proc = (pid: number, ppid: number, comm: string, net: number, orphan = false): Process => ({ pid, ppid, comm, args: comm, ns: { net }, orphan });

// Scenario 1 in miniature: two pods on docker0 carry 198.18.0.5; B is held only by an nsfs mount.
function model(): NodeModel {
  return {
    bundle: {} as NodeModel["bundle"],
    artifacts: [],
    processes: [proc(1, 0, "systemd", HOST), proc(900, 1, "dockerd", HOST), proc(4711, 1, "containerd-shim", A, true), proc(4720, 4711, "pause", A)],
    namespaces: [
      { inode: HOST, type: "net", reachedVia: ["pid:1"], holders: [{ kind: "process", pid: 1, comm: "systemd" }], isHost: true },
      { inode: A, type: "net", reachedVia: ["pid:4720"], holders: [{ kind: "process", pid: 4720, comm: "pause" }], isHost: false },
      {
        inode: B,
        type: "net",
        reachedVia: ["nsfs:/run/docker/netns/abc@mnt:4026531841"],
        holders: [{ kind: "nsfs-mount", mountPoint: "/run/docker/netns/abc", mntns: 4026532999, seenByPid: 4711, seenByComm: "containerd-shim", fstype: "nsfs" }],
        isHost: false,
      },
    ],
    netns: [
      view(
        HOST,
        [iface(3, "docker0", { linkKind: "bridge" }), iface(10, "vethA", { linkKind: "veth", master: "docker0", peer: { netns: A, ifname: "eth0", ifindex: 2 } }), iface(11, "vethB", { linkKind: "veth", master: "docker0", peer: { netns: B, ifname: "eth0", ifindex: 2 } })],
        [["docker0", "198.18.0.1"]],
      ),
      view(A, [iface(1, "lo"), iface(2, "eth0", { linkKind: "veth", peer: { netns: HOST, ifname: "vethA", ifindex: 10 } })], [["lo", "127.0.0.1"], ["eth0", "198.18.0.5"]]),
      view(B, [iface(2, "eth0", { linkKind: "veth", peer: { netns: HOST, ifname: "vethB", ifindex: 11 } })], [["eth0", "198.18.0.5"]]),
    ],
    mounts: [],
    containers: [],
    units: [],
    sysctls: {},
    timeline: [],
    logSignals: [],
    logSignalCounts: {},
    ipvs: [],
    captures: [],
    collection: { missingTools: [], limitations: [], failedCommands: [] },
    errors: [],
  } as NodeModel;
}

describe("buildNetnsGraph", () => {
  // As the netns page passes them: the pids the orphaned-runtime-shim findings name.
  const g = buildNetnsGraph(model(), { orphanedShimPids: [4711, 4720] });
  const ns = (inode: number) => g.nodes.find((n): n is TNetnsNode => n.type === "netns" && n.inode === inode);

  it("flags the duplicate IP on both namespaces and nowhere else, ignoring loopback", () => {
    expect(g.dupIps).toEqual({ "198.18.0.5": [A, B] });
    expect(ns(A)?.dupIps).toEqual(["198.18.0.5"]);
    expect(ns(B)?.dupIps).toEqual(["198.18.0.5"]);
    expect(ns(HOST)?.dupIps).toEqual([]);
  });

  it("marks the process-less netns and the orphaned shim holder", () => {
    expect(ns(B)?.noProcess).toBe(true);
    expect(ns(B)?.holders[0]?.kind).toBe("nsfs-mount");
    expect(ns(A)?.noProcess).toBe(false);
    expect(ns(A)?.orphanedHolders).toEqual([4720, 4711]);
    // without such a finding, being reparented to PID 1 alone flags nothing
    const plain = buildNetnsGraph(model()).nodes.find((n): n is TNetnsNode => n.type === "netns" && n.inode === A);
    expect(plain?.orphanedHolders).toEqual([]);
    expect(plain?.holders.find((h) => h.pid === 4711)?.orphan).toBe(true);
    const pause = ns(A)?.holders.find((h) => h.pid === 4720);
    expect(pause?.ancestry).toEqual(["pause(4720)", "containerd-shim(4711)", "systemd(1)"]);
    expect(ns(HOST)?.noProcess).toBe(false);
  });

  it("does not flag re-parented daemons of the host netns as orphaned holders", () => {
    const m = model();
    m.processes.push(proc(950, 1, "sshd", HOST, true));
    expect(buildNetnsGraph(m, { orphanedShimPids: [950] }).nodes.find((n) => n.type === "netns" && n.inode === HOST)).toMatchObject({ orphanedHolders: [] });
  });

  it("draws each veth pair once, from the pod netns to the bridge of its peer", () => {
    const bridge = g.nodes.find((n): n is TBridgeNode => n.type === "bridge");
    expect(bridge?.name).toBe("docker0");
    expect(bridge?.ports.sort()).toEqual(["vethA", "vethB"]);
    const veths = g.edges.filter((e) => e.id.startsWith("veth:"));
    expect(veths).toHaveLength(2);
    expect(veths.map((e) => [e.source, e.target]).sort()).toEqual([
      [`ns:${A}`, bridge?.id],
      [`ns:${B}`, bridge?.id],
    ]);
    expect(veths.find((e) => e.source === `ns:${A}`)?.label).toBe("eth0 ↔ vethA");
  });

  it("does not count the collector's own processes caught inside a namespace", () => {
    const m = model();
    m.processes.push(proc(7000, 1, "sh", HOST), proc(7001, 7000, "dash", HOST), proc(7002, 7001, "ip", B));
    m.processes[4]!.args = "sh /tmp/netbundle-collect.sh --output x.tar.gz";
    m.namespaces[2]!.holders.push({ kind: "process", pid: 7002, comm: "ip" });
    const b = buildNetnsGraph(m).nodes.find((n): n is TNetnsNode => n.type === "netns" && n.inode === B);
    expect(b?.noProcess).toBe(true);
    expect(b?.holders.map((h) => h.kind)).toEqual(["nsfs-mount"]);
  });

  it("handles an empty model", () => {
    const empty = { ...model(), processes: [], namespaces: [], netns: [] };
    expect(buildNetnsGraph(empty)).toEqual({ nodes: [], edges: [], dupIps: {} });
  });
});

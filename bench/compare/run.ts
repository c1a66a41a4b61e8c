/**
 * compareModels on two busy nodes' models: 200 network namespaces each and 54,000 iptables
 * rules in the host netns, B with a tenth of the namespaces re-created (new inodes, same
 * names), a few hundred rules changed and every rule's counters moved. Prints the time of
 * the diff and, for scale, of a JSON round trip of the two models (what loading them costs).
 * Run: npx tsx bench/compare/run.ts [NETNS=200] [RULES=54000]
 */
import { compareModels } from "@/lib/compare/compare-models";
import type { NetnsView, NodeModel } from "@/lib/model/types";

const NETNS = Number(process.argv[2] ?? 200);
const RULES = Number(process.argv[3] ?? 54_000);
const HOST = 4026531840;

function view(inode: number, i: number): NetnsView {
  return {
    inode,
    interfaces: [{ ifindex: 1, name: "lo", mac: null, state: "UNKNOWN", flags: [] }, { ifindex: 2, name: "eth0", mac: `02:00:00:00:${(i >> 8).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")}`, state: "UP", flags: [], mtu: 1450 }],
    addresses: [{ family: 4, address: `198.18.${i >> 8}.${i & 255}`, prefixLen: 16, ifname: "eth0" }],
    routes: [{ table: "main", type: "unicast", dst: "default", family: 4, gateway: "198.18.0.1", dev: "eth0" }],
    rules: [], neighbours: [],
    sockets: [{ proto: "tcp", state: "LISTEN", local: "0.0.0.0:8080", peer: "*:*", localPort: 8080, processes: [{ comm: "app", pid: 1000 + i }] }],
    iptables: [], nft: null,
    sysctls: { "net.ipv4.conf.all.rp_filter": { value: "1" }, "net.ipv4.ip_forward": { value: "0" } },
    conntrackCount: null, effectiveConf: {}, collected: ["ip-addr-json", "ip-route-json", "ss", "sysctl", "iptables-save"],
  };
}

function model(seed: number): NodeModel {
  const netns: NetnsView[] = [view(HOST, 0)];
  const namespaces: NodeModel["namespaces"] = [{ inode: HOST, type: "net", reachedVia: ["pid:1"], holders: [], isHost: true }];
  for (let i = 1; i < NETNS; i++) {
    // B re-creates every tenth namespace: same name, new inode
    const inode = 4026532000 + i + (seed && i % 10 === 0 ? 100_000 : 0);
    netns.push(view(inode, i));
    namespaces.push({ inode, type: "net", reachedVia: [`netns-name:pod-${i}`], holders: [{ kind: "name", name: `pod-${i}`, path: `/run/netns/pod-${i}` }], isHost: false });
  }
  const rules = Array.from({ length: RULES }, (_, r) => ({
    table: "nat", chain: `KUBE-SVC-${Math.floor(r / 20)}`, text: `-A KUBE-SVC-${Math.floor(r / 20)} -m statistic --mode random --probability 0.05 -j KUBE-SEP-${r + (seed && r % 200 === 0 ? 1_000_000 : 0)}`,
    matches: [], target: `KUBE-SEP-${r}`, packets: r * 3 + seed * 7, bytes: r * 300 + seed * 700,
  }));
  const chains = Array.from({ length: Math.ceil(RULES / 20) }, (_, c) => ({ table: "nat", name: `KUBE-SVC-${c}`, policy: null }));
  netns[0]!.iptables.push({ family: 4, backend: "nf_tables", artifact: "netns/4026531840/iptables-nft-save.txt", chains, rules });
  return {
    bundle: { host: "busy", kernel: "6.1", collectedAt: null, nodeClock: null, utcOffsetSeconds: 0, collector: null, formatVersion: 1, uid: 0, root: true, osRelease: {}, bootTime: "2026-11-23T00:00:00Z", iptablesMode: "nf_tables" },
    artifacts: [], processes: [], namespaces, netns, mounts: [], containers: [], units: [], sysctls: {}, timeline: [], logSignals: [], logSignalCounts: {}, ipvs: [], captures: [],
    collection: { missingTools: [], limitations: [], failedCommands: [] }, errors: [],
  };
}

const a = model(0);
const b = model(1);
const t0 = performance.now();
const roundTrip = [JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b))];
const t1 = performance.now();
const runs: number[] = [];
let diff = compareModels({ model: roundTrip[0], findings: [] }, { model: roundTrip[1], findings: [] });
for (let i = 0; i < 3; i++) {
  const s = performance.now();
  diff = compareModels({ model: a, findings: [] }, { model: b, findings: [] });
  runs.push(performance.now() - s);
}
const changes = diff.netns.reduce((n, d) => n + d.areas.reduce((m, x) => m + x.changes.length, 0), 0);
console.log(`compare: ${NETNS} netns, ${RULES} rules per side; matched ${diff.namespaces.matched.length} (${diff.namespaces.matched.filter((p) => p.matchedBy === "name").length} by name), ${changes} changes`);
console.log(`compareModels: ${runs.map((r) => (r / 1000).toFixed(3)).join(" s, ")} s (target < 2 s); JSON round trip of both models, for scale: ${((t1 - t0) / 1000).toFixed(3)} s`);

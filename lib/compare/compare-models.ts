/**
 * compareModels(a, b): what changed on the node between bundle A (before) and B (after).
 * Namespaces are matched by identity (match-netns.ts), then each area of each matched
 * namespace is diffed by key (netns-facts.ts, keyed-diff.ts); findings by id and entities
 * (compare-findings.ts); node-wide facts and collector coverage here. See types.ts.
 */
import type { NodeModel } from "@/lib/model/types";
import { buildIndex } from "@/lib/model/lookup";
import { isHostLocalAddress } from "@/lib/rules/route-facts";
import { keyedDiff, type KeyedFact } from "@/lib/compare/keyed-diff";
import { matchNetns, type NetnsMatching } from "@/lib/compare/match-netns";
import { areaFacts, collectedAreas } from "@/lib/compare/netns-facts";
import { compareFindings } from "@/lib/compare/compare-findings";
import { summarizeDiff } from "@/lib/compare/summarize-diff";
import { NETNS_AREAS, type BundleDiff, type BundleSideInfo, type Change, type CompareSide, type IpMove, type NetnsDiff } from "@/lib/compare/types";

function sideInfo(m: NodeModel): BundleSideInfo {
  const c = m.bundle.collector;
  return { host: m.bundle.host, collectedAt: m.bundle.collectedAt, collector: c ? `${c.name} ${c.version}` : null, bootTime: m.bundle.bootTime, kernel: m.bundle.kernel };
}

/** A rule present on both sides whose counters moved. */
function counterDelta(x: KeyedFact, y: KeyedFact): Change | null {
  if (!x.counters || !y.counters || x.counters === y.counters) return null;
  const [pa, ba] = x.counters.split(" ").map(Number) as [number, number];
  const [pb, bb] = y.counters.split(" ").map(Number) as [number, number];
  return { kind: "changed", what: x.key, a: { text: `${x.text} [${pa} packets]`, ...(x.src ? { src: x.src } : {}) }, b: { text: `${y.text} [${pb} packets]`, ...(y.src ? { src: y.src } : {}) }, delta: { packets: pb - pa, bytes: bb - ba } };
}

function compareNetns(a: NodeModel, b: NodeModel, matching: NetnsMatching): NetnsDiff[] {
  const ia = buildIndex(a);
  const ib = buildIndex(b);
  const out: NetnsDiff[] = [];
  for (const pair of matching.pairs) {
    const isHost = pair.matchedBy === "host";
    const va = ia.netnsByInode.get(pair.a.inode);
    const vb = ib.netnsByInode.get(pair.b.inode);
    const ca = collectedAreas(va, isHost, a);
    const cb = collectedAreas(vb, isHost, b);
    const diff: NetnsDiff = { pair, areas: [], notCompared: [] };
    for (const area of NETNS_AREAS) {
      if (!ca.has(area) || !cb.has(area)) {
        if (ca.has(area) !== cb.has(area)) diff.notCompared.push({ area, onlyIn: ca.has(area) ? "a" : "b" });
        continue;
      }
      const changes = keyedDiff(areaFacts(area, a, pair.a.inode, va, isHost), areaFacts(area, b, pair.b.inode, vb, isHost), counterDelta);
      if (changes.length > 0) diff.areas.push({ area, changes });
    }
    if (diff.areas.length > 0 || diff.notCompared.length > 0) out.push(diff);
  }
  return out;
}

/** Where each address is configured, by namespace label; A's namespaces named as B's when matched. */
function holdersOfIps(m: NodeModel, labels: Map<number, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const v of m.netns) {
    for (const addr of v.addresses) {
      if (isHostLocalAddress(addr.address)) continue;
      const list = out.get(addr.address) ?? [];
      const label = labels.get(v.inode) ?? String(v.inode);
      if (!list.includes(label)) list.push(label);
      out.set(addr.address, list);
    }
  }
  return out;
}

function compareIps(a: NodeModel, b: NodeModel, matching: NetnsMatching): BundleDiff["ips"] {
  // A namespace matched on both sides gets one name (B's label), so "moved" means moved.
  const labelA = new Map<number, string>();
  const labelB = new Map<number, string>();
  for (const p of matching.pairs) {
    labelA.set(p.a.inode, p.b.label);
    labelB.set(p.b.inode, p.b.label);
  }
  for (const n of matching.removed) labelA.set(n.inode, `${n.label} (only in A)`);
  for (const n of matching.added) labelB.set(n.inode, `${n.label} (only in B)`);
  const ha = holdersOfIps(a, labelA);
  const hb = holdersOfIps(b, labelB);
  const moved: IpMove[] = [];
  const appeared: IpMove[] = [];
  const resolved: IpMove[] = [];
  for (const ip of [...new Set([...ha.keys(), ...hb.keys()])].sort()) {
    const from = ha.get(ip) ?? [];
    const to = hb.get(ip) ?? [];
    const same = from.length === to.length && from.every((l) => to.includes(l));
    if (same) continue;
    const move = { ip, from, to };
    if (from.length > 1 && to.length <= 1) resolved.push(move);
    else if (to.length > 1 && from.length <= 1) appeared.push(move);
    else if (from.length > 0 && to.length > 0) moved.push(move);
  }
  return { moved, duplicatesAppeared: appeared, duplicatesResolved: resolved };
}

function compareHost(a: NodeModel, b: NodeModel): BundleDiff["host"] {
  const fact = (key: string, value: string | null | undefined): KeyedFact[] => (value ? [{ key, text: `${key} ${value}`, value }] : []);
  const bundleFacts = (m: NodeModel): KeyedFact[] => [
    ...fact("host", m.bundle.host),
    ...fact("kernel", m.bundle.kernel),
    ...fact("boot time", m.bundle.bootTime),
    ...fact("iptables mode", m.bundle.iptablesMode),
    ...fact("collector", m.bundle.collector ? `${m.bundle.collector.name} ${m.bundle.collector.version}` : null),
    ...fact("collected as root", m.bundle.root === null ? null : String(m.bundle.root)),
  ];
  const ipvs = (m: NodeModel): KeyedFact[] =>
    m.ipvs.map((s) => ({ key: `${s.protocol} ${s.service}`, text: `${s.protocol} ${s.service} ${s.scheduler} → ${s.realServers.map((r) => `${r.address}:${r.port ?? "*"}`).join(", ") || "no backends"}`, ...(s.src ? { src: s.src } : {}) }));
  const out: BundleDiff["host"] = [];
  const node = keyedDiff(bundleFacts(a), bundleFacts(b)).filter((c) => c.kind === "changed");
  if (node.length) out.push({ area: "node", changes: node });
  if (a.ipvs.length || b.ipvs.length) {
    const changes = keyedDiff(ipvs(a), ipvs(b));
    if (changes.length) out.push({ area: "ipvs services", changes });
  }
  return out;
}

function compareCoverage(a: NodeModel, b: NodeModel, netns: NetnsDiff[]): BundleDiff["coverage"] {
  const kinds = (m: NodeModel) => {
    const counts = new Map<string, number>();
    for (const art of m.artifacts) if (art.kind && !art.error) counts.set(art.kind, (counts.get(art.kind) ?? 0) + 1);
    return counts;
  };
  const ka = kinds(a);
  const kb = kinds(b);
  const only = (x: Map<string, number>, y: Map<string, number>) => [...x].filter(([k]) => !y.has(k)).map(([kind, files]) => ({ kind, files })).sort((p, q) => p.kind.localeCompare(q.kind));
  const notCompared: string[] = [];
  if (a.captures.length !== b.captures.length && (a.captures.length === 0 || b.captures.length === 0)) {
    notCompared.push(`packet captures: only ${a.captures.length ? "A" : "B"} has any (${Math.max(a.captures.length, b.captures.length)})`);
  }
  if (a.bundle.root !== b.bundle.root && (a.bundle.root === false || b.bundle.root === false)) notCompared.push(`${a.bundle.root === false ? "A" : "B"} was collected without root: per-namespace facts are missing there`);
  const byArea = new Map<string, number>();
  for (const d of netns) for (const n of d.notCompared) byArea.set(`${n.area} (only ${n.onlyIn.toUpperCase()} collected them)`, (byArea.get(`${n.area} (only ${n.onlyIn.toUpperCase()} collected them)`) ?? 0) + 1);
  for (const [what, count] of byArea) notCompared.push(`${what}: ${count} namespace${count === 1 ? "" : "s"}`);
  return { onlyA: only(ka, kb), onlyB: only(kb, ka), notCompared };
}

export function compareModels(a: CompareSide, b: CompareSide): BundleDiff {
  const matching = matchNetns(a.model, b.model);
  const netns = compareNetns(a.model, b.model, matching);
  const diff: BundleDiff = {
    a: sideInfo(a.model),
    b: sideInfo(b.model),
    summary: [],
    findings: compareFindings(a, b, matching),
    namespaces: { matched: matching.pairs, added: matching.added, removed: matching.removed },
    netns,
    ips: compareIps(a.model, b.model, matching),
    host: compareHost(a.model, b.model),
    coverage: compareCoverage(a.model, b.model, netns),
  };
  diff.summary = summarizeDiff(diff);
  return diff;
}

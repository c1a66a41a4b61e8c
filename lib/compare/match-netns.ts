/**
 * Which network namespace of bundle B is which of bundle A.
 *
 * The kernel hands out nsfs inode numbers from a pool it reuses as soon as a namespace is
 * freed, and starts over at each boot: the same inode in two bundles is the same namespace
 * only within one boot, and even then a namespace torn down and another created between the
 * two collections can carry the old number. So an inode is trusted only within one boot and
 * only when the namespace's names and addresses do not contradict it; otherwise namespaces
 * are matched by what identifies them to people: a /run/netns name, an nsfs mount point,
 * interface MACs, addresses, the processes in it. Each feature counts less the more
 * namespaces share it (every pod has "pause" and "eth0"), and pairs are taken best first.
 */
import type { NodeModel } from "@/lib/model/types";
import { buildIndex, netnsLabel, type ModelIndex } from "@/lib/model/lookup";
import { isHostLocalAddress } from "@/lib/rules/route-facts";
import type { NetnsBrief, NetnsMatchReason, NetnsPair } from "@/lib/compare/types";

type Feature = Exclude<NetnsMatchReason, "host" | "inode">;

/** What a feature is worth when exactly one namespace on each side has it. */
const WEIGHT: Record<Feature, number> = { name: 100, mount: 80, mac: 50, addresses: 20, processes: 10 };
/** Below this, two namespaces share too little to be called the same (one unique address is enough). */
const MIN_SCORE = 20;
/** Boot times computed from uptime differ by a second or so between collections of one boot. */
const SAME_BOOT_SLACK_MS = 5_000;

interface NetnsIdentity {
  brief: NetnsBrief;
  isHost: boolean;
  features: Map<Feature, Set<string>>;
}

export interface NetnsMatching {
  pairs: NetnsPair[];
  removed: NetnsBrief[];
  added: NetnsBrief[];
  /** A's inode → B's inode for matched pairs. */
  bOfA: Map<number, number>;
}

function netnsInodes(model: NodeModel): number[] {
  const set = new Set(model.netns.map((v) => v.inode));
  for (const ns of model.namespaces) if (ns.type === "net") set.add(ns.inode);
  return [...set].sort((x, y) => x - y);
}

function identities(model: NodeModel): NetnsIdentity[] {
  const index = buildIndex(model);
  return netnsInodes(model).map((inode) => identityOf(index, inode));
}

function identityOf(index: ModelIndex, inode: number): NetnsIdentity {
  const ns = index.namespaceByInode.get(`net:${inode}`);
  const view = index.netnsByInode.get(inode);
  const pids = index.pidsByNetns.get(inode) ?? [];
  const procs = pids.map((pid) => index.processByPid.get(pid)).filter((p) => p !== undefined);
  const addresses = (view?.addresses ?? []).filter((a) => !isHostLocalAddress(a.address)).map((a) => `${a.address}/${a.prefixLen}`);
  const features = new Map<Feature, Set<string>>([
    ["name", new Set(ns?.holders.flatMap((h) => (h.kind === "name" ? [h.path] : [])) ?? [])],
    ["mount", new Set(ns?.holders.flatMap((h) => (h.kind === "nsfs-mount" ? [h.mountPoint] : [])) ?? [])],
    ["mac", new Set((view?.interfaces ?? []).flatMap((i) => (i.mac && !/^(00:){5}00$/.test(i.mac) && i.name !== "lo" ? [i.mac.toLowerCase()] : [])))],
    ["addresses", new Set(addresses)],
    ["processes", new Set(procs.map((p) => `${p.comm} ${p.args}`))],
  ]);
  let label = netnsLabel(index, inode);
  if (!ns?.isHost && !ns?.holders.some((h) => h.kind === "name")) {
    const p = procs[0];
    const mount = ns?.holders.find((h) => h.kind === "nsfs-mount");
    if (p) label += ` (${p.comm} ${p.pid})`;
    else if (mount?.kind === "nsfs-mount") label += ` (mount ${mount.mountPoint})`;
  }
  return { brief: { inode, label, addresses }, isHost: ns?.isHost ?? false, features };
}

function sameBoot(a: NodeModel, b: NodeModel): boolean {
  if (a.bundle.host && b.bundle.host && a.bundle.host !== b.bundle.host) return false;
  const ta = a.bundle.bootTime ? Date.parse(a.bundle.bootTime) : NaN;
  const tb = b.bundle.bootTime ? Date.parse(b.bundle.bootTime) : NaN;
  if (Number.isNaN(ta) || Number.isNaN(tb)) return a.bundle.bootTime === null && b.bundle.bootTime === null;
  return Math.abs(ta - tb) <= SAME_BOOT_SLACK_MS;
}

/** Both sides have values of the feature and share none. */
function disagree(x: NetnsIdentity, y: NetnsIdentity, f: Feature): boolean {
  const fx = x.features.get(f)!;
  const fy = y.features.get(f)!;
  return fx.size > 0 && fy.size > 0 && ![...fx].some((v) => fy.has(v));
}

/** The inode was reused by another namespace: both have names, or both have addresses, and none is shared. */
const inodeReused = (x: NetnsIdentity, y: NetnsIdentity) => disagree(x, y, "name") || disagree(x, y, "addresses");

/** How many namespaces on a side carry each feature value. */
function featureCounts(ids: NetnsIdentity[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) for (const [f, values] of id.features) for (const v of values) counts.set(`${f}\0${v}`, (counts.get(`${f}\0${v}`) ?? 0) + 1);
  return counts;
}

export function matchNetns(a: NodeModel, b: NodeModel): NetnsMatching {
  const idsA = identities(a);
  const idsB = identities(b);
  const pairs: NetnsPair[] = [];
  const takenA = new Set<number>();
  const takenB = new Set<number>();
  const take = (x: NetnsIdentity, y: NetnsIdentity, matchedBy: NetnsMatchReason) => {
    pairs.push({ a: x.brief, b: y.brief, matchedBy });
    takenA.add(x.brief.inode);
    takenB.add(y.brief.inode);
  };

  const hostA = idsA.find((x) => x.isHost);
  const hostB = idsB.find((x) => x.isHost);
  if (hostA && hostB) take(hostA, hostB, "host");

  if (sameBoot(a, b)) {
    const byInodeB = new Map(idsB.map((y) => [y.brief.inode, y]));
    for (const x of idsA) {
      const y = byInodeB.get(x.brief.inode);
      if (y && !takenA.has(x.brief.inode) && !takenB.has(y.brief.inode) && !x.isHost && !y.isHost && !inodeReused(x, y)) take(x, y, "inode");
    }
  }

  // Scores through an index of B's feature values, so 200 namespaces are not 40,000 comparisons.
  const countsA = featureCounts(idsA);
  const countsB = featureCounts(idsB);
  const holdersB = new Map<string, NetnsIdentity[]>();
  for (const y of idsB) {
    if (takenB.has(y.brief.inode)) continue;
    for (const [f, values] of y.features) for (const v of values) holdersB.set(`${f}\0${v}`, [...(holdersB.get(`${f}\0${v}`) ?? []), y]);
  }
  const candidates: { x: NetnsIdentity; y: NetnsIdentity; score: number; by: Feature }[] = [];
  for (const x of idsA) {
    if (takenA.has(x.brief.inode)) continue;
    const scores = new Map<NetnsIdentity, Map<Feature, number>>();
    for (const [f, values] of x.features) {
      for (const v of values) {
        const key = `${f}\0${v}`;
        const worth = WEIGHT[f] / Math.max(countsA.get(key) ?? 1, countsB.get(key) ?? 1);
        for (const y of holdersB.get(key) ?? []) {
          const perFeature = scores.get(y) ?? new Map<Feature, number>();
          perFeature.set(f, (perFeature.get(f) ?? 0) + worth);
          scores.set(y, perFeature);
        }
      }
    }
    for (const [y, perFeature] of scores) {
      // Two /run/netns names are two namespaces, whatever else they share (a copy of the other's address, say).
      if (x.isHost !== y.isHost || disagree(x, y, "name")) continue;
      const score = [...perFeature.values()].reduce((s, v) => s + v, 0);
      const by = [...perFeature.entries()].sort((p, q) => q[1] - p[1])[0]![0];
      if (score >= MIN_SCORE) candidates.push({ x, y, score, by });
    }
  }
  candidates.sort((p, q) => q.score - p.score || p.x.brief.inode - q.x.brief.inode || p.y.brief.inode - q.y.brief.inode);
  for (const c of candidates) if (!takenA.has(c.x.brief.inode) && !takenB.has(c.y.brief.inode)) take(c.x, c.y, c.by);

  pairs.sort((p, q) => p.a.inode - q.a.inode);
  return {
    pairs,
    removed: idsA.filter((x) => !takenA.has(x.brief.inode)).map((x) => x.brief),
    added: idsB.filter((y) => !takenB.has(y.brief.inode)).map((y) => y.brief),
    bOfA: new Map(pairs.map((p) => [p.a.inode, p.b.inode])),
  };
}

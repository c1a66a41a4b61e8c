/**
 * Which netns each per-netns artifact describes, for layouts that do not say by inode.
 *
 * Our format names the inode (netns/<inode>/). A sosreport does not: its plain outputs describe
 * the netns sos ran in ("the host"), and `ip netns exec NAME` outputs describe a netns known by
 * name. One netns can then appear twice: sos run inside a netns that also has a /run/netns name
 * (a container, `ip netns exec`), or one netns with two names. Two sources join such views:
 *  - by path: an nsfs mount at /run/netns/NAME (or /var/run/netns/NAME) in a mountinfo of the
 *    bundle gives the name its real inode;
 *  - by content: views of one bundle with the identical link set (same ifindexes, MACs and
 *    addresses, at least one real MAC) are one netns. Only views without a real inode are
 *    joined so: two namespaces the collector read by inode are two namespaces.
 * A name with neither gets a small synthetic inode (real ones are above 4026531835).
 */
import type { Mount, NetnsView } from "@/lib/model/types";
import type { ParsedArtifact, ParsedBundle } from "@/lib/stream/parsed-bundle";

/** Kinds read inside a network namespace (the rest are host-wide). */
export const PER_NETNS_KIND = /^(ip-|ss$|netstat$|iptables-save$|ip6tables-save$|nft-|conntrack-count$)/;

export interface NetnsGroup {
  inode: number;
  artifacts: ParsedArtifact[];
  /** /run/netns names of this netns (from ip_netns_exec_NAME_ paths). */
  names: string[];
  /** The group of the plain (inode-less) outputs: the netns the report was taken in. */
  isReportNetns: boolean;
  /** Whether the inode is real (from the layout or an nsfs mount), not synthetic. */
  realInode: boolean;
}

/** The nsfs mount at /run/netns/NAME, as the inode of that name. */
function inodeOfName(mounts: Mount[], name: string): number | undefined {
  const paths = [`/run/netns/${name}`, `/var/run/netns/${name}`];
  const m = mounts.find((x) => paths.includes(x.mountPoint) && /^net:\[\d+\]$/.test(x.root));
  return m ? Number(/\d+/.exec(m.root)?.[0]) : undefined;
}

export function groupNetnsArtifacts(pb: ParsedBundle, hostInode: number | null, mounts: Mount[]): NetnsGroup[] {
  const groups = new Map<number, NetnsGroup>();
  const group = (inode: number, init: Partial<NetnsGroup> = {}) => {
    let g = groups.get(inode);
    if (!g) groups.set(inode, (g = { inode, artifacts: [], names: [], isReportNetns: false, realInode: inode > 1 << 16, ...init }));
    return g;
  };
  const synthetic = new Map<string, number>();
  for (const a of pb.artifacts) {
    if (a.info.netns !== undefined) group(a.info.netns).artifacts.push(a);
    else if (a.netnsName !== undefined) {
      const name = a.netnsName;
      let inode = inodeOfName(mounts, name);
      if (inode === undefined) {
        if (!synthetic.has(name)) synthetic.set(name, synthetic.size + 1);
        inode = synthetic.get(name)!;
      }
      const g = group(inode);
      if (!g.names.includes(name)) g.names.push(name);
      a.info.netns = inode;
      g.artifacts.push(a);
    } else if (a.info.kind && PER_NETNS_KIND.test(a.info.kind) && !a.info.path.startsWith("netns/")) {
      const inode = hostInode ?? 0;
      const g = group(inode, { realInode: hostInode !== null });
      g.isReportNetns = true;
      a.info.netns = inode;
      g.artifacts.push(a);
    }
  }
  return [...groups.values()];
}

/**
 * The link set of a view: its interfaces' ifindex and MAC with their addresses. Null when no
 * interface has a real MAC (a netns holding only lo looks like every other such netns).
 */
export function linkSignature(view: NetnsView): string | null {
  const real = view.interfaces.some((i) => i.mac && !/^(00:){5}00$/.test(i.mac));
  if (!real) return null;
  const ifaces = [...new Set(view.interfaces.map((i) => `${i.ifindex}/${i.mac ?? "-"}`))].sort();
  const addrs = [...new Set(view.addresses.map((a) => `${a.address}/${a.prefixLen}@${a.ifname}`))].sort();
  return `${ifaces.join(",")}|${addrs.join(",")}`;
}

/**
 * Joins groups whose views show the identical link set, when at least one of them has no real
 * inode. The kept group: one with a real inode, else the report's own netns, else the first.
 * `build` makes a view from a group's artifacts (called again for joined groups).
 */
export function joinSameNetns(groups: NetnsGroup[], build: (g: NetnsGroup) => NetnsView): { group: NetnsGroup; view: NetnsView }[] {
  const built = groups.map((group) => ({ group, view: build(group) }));
  const bySig = new Map<string, (typeof built)[number][]>();
  for (const b of built) {
    const sig = linkSignature(b.view);
    if (sig !== null) bySig.set(sig, [...(bySig.get(sig) ?? []), b]);
  }
  // Joined entries take the kept one's place; the others drop out (bundle order stays).
  const replaced = new Map<(typeof built)[number], (typeof built)[number] | null>();
  for (const same of bySig.values()) {
    // two real inodes with one link set stay apart (the collector saw two namespaces)
    const real = same.find((b) => b.group.realInode);
    const joinable = same.filter((b) => !b.group.realInode);
    if (joinable.length === 0 || (joinable.length === 1 && !real)) continue;
    const keep = real ?? joinable.find((b) => b.group.isReportNetns) ?? joinable[0]!;
    const others = [...(real ? [real] : []), ...joinable].filter((b) => b !== keep);
    // Each kind comes from one group only, so no ruleset or route is counted twice: the report
    // netns's own outputs first (the richer ones: ip -d address vs ip address show), then the
    // kept group's, then the rest.
    const members = [keep, ...others];
    const sources = [...members.filter((b) => b.group.isReportNetns), ...members.filter((b) => !b.group.isReportNetns)];
    const artifacts: ParsedArtifact[] = [];
    for (const b of sources) {
      const had = new Set(artifacts.map((a) => a.info.kind));
      artifacts.push(...b.group.artifacts.filter((a) => !had.has(a.info.kind)));
    }
    for (const b of others) for (const a of b.group.artifacts) a.info.netns = keep.group.inode;
    const merged: NetnsGroup = {
      ...keep.group,
      artifacts,
      names: [...new Set([...keep.group.names, ...others.flatMap((b) => b.group.names)])],
      isReportNetns: [keep, ...others].some((b) => b.group.isReportNetns),
    };
    replaced.set(keep, { group: merged, view: build(merged) });
    for (const b of others) replaced.set(b, null);
  }
  const out: { group: NetnsGroup; view: NetnsView }[] = [];
  for (const b of built) {
    const r = replaced.has(b) ? replaced.get(b) : b;
    if (r) out.push(r);
  }
  return out;
}

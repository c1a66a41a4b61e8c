/**
 * Per-netns views: interfaces, addresses, routes, rules, neighbours, sockets, iptables per
 * backend, nft and sysctls, from the artifacts collected inside each netns. Where the
 * collector wrote both the JSON and the text form of an `ip` command, JSON wins (it is
 * unambiguous); text is the fallback for old iproute2 and foreign bundles.
 */
import type { IpLinkRecord, IpNeighRecord, IpRouteRecord, IpRuleRecord, IptablesSaveRecord, NftRecord, SsRecord } from "@/lib/parsers/net";
import { toModelAddresses, toModelInterfaces, toModelNeighbours, toModelRoutes, toModelRules } from "@/lib/model/from-parsers/ip";
import { toIptablesRuleset } from "@/lib/model/from-parsers/iptables";
import { toNftRuleset } from "@/lib/model/from-parsers/nft";
import { toModelSockets } from "@/lib/model/from-parsers/ss";
import { netstatToSockets } from "@/lib/model/from-parsers/netstat";
import type { NetstatRecord } from "@/lib/parsers/net/netstat";
import type { ConntrackCount } from "@/lib/parsers/net/conntrack-count";
import type { SysctlRecord } from "@/lib/parsers/host/sysctl";
import type { Address, Mount, NetnsView, Route, SysctlValue } from "@/lib/model/types";
import { groupNetnsArtifacts, joinSameNetns } from "@/lib/model/group-netns-artifacts";
import { srcOf, type ParsedArtifact, type ParsedBundle } from "@/lib/stream/parsed-bundle";
import { anchorToText } from "@/lib/model/anchor-to-text";

/** JSON form if present, else the text form. */
/** The artifacts of the preferred kind that parsed, else those of the fallback kind. */
function pick<R>(arts: ParsedArtifact[], preferred: string, fallback: string): ParsedArtifact<R>[] {
  const p = arts.filter((a) => a.info.kind === preferred && !a.info.error && !a.info.command?.notFound);
  return (p.length ? p : arts.filter((a) => a.info.kind === fallback && !a.info.error)) as ParsedArtifact<R>[];
}

const isV6Path = (p: string) => /(^|\/)(ip6-|ip6tables)/.test(p);

export function sysctlRecordsToMap(art: ParsedArtifact<SysctlRecord>): Record<string, SysctlValue> {
  const out: Record<string, SysctlValue> = {};
  for (const r of art.records) out[r.key] = { value: r.value, src: srcOf(art.info.path, r.line) };
  return out;
}

export function buildNetnsView(inode: number, arts: ParsedArtifact[]): NetnsView {
  const view: NetnsView = {
    inode, interfaces: [], addresses: [], routes: [], rules: [], neighbours: [], sockets: [], iptables: [], nft: null, sysctls: {}, conntrackCount: null, effectiveConf: {},
    collected: [...new Set(arts.filter((a) => !a.info.error && a.info.kind).map((a) => a.info.kind as string))],
  };
  const links = pick<IpLinkRecord>(arts, "ip-link-json", "ip-link");
  const addrs = pick<IpLinkRecord>(arts, "ip-addr-json", "ip-addr");
  for (const a of links.length ? links : addrs) view.interfaces.push(...toModelInterfaces(a.records, a.info.path));
  // ip addr repeats link facts; fill what ip link lacked (e.g. a bundle with only ip addr).
  for (const a of addrs) {
    view.addresses.push(...toModelAddresses(a.records, a.info.path));
    for (const i of toModelInterfaces(a.records, a.info.path)) if (!view.interfaces.some((x) => x.ifindex === i.ifindex && x.name === i.name)) view.interfaces.push(i);
  }
  for (const a of pick<IpRouteRecord>(arts, "ip-route-json", "ip-route")) view.routes.push(...toModelRoutes(a.records, a.info.path));
  for (const a of pick<IpRuleRecord>(arts, "ip-rule-json", "ip-rule")) view.rules.push(...toModelRules(a.records, a.info.path, isV6Path(a.info.path) ? 6 : 4));
  for (const a of pick<IpNeighRecord>(arts, "ip-neigh-json", "ip-neigh")) view.neighbours.push(...toModelNeighbours(a.records, a.info.path));
  const ss = arts.filter((x) => x.info.kind === "ss" && !x.info.error) as ParsedArtifact<SsRecord>[];
  for (const a of ss) {
    view.sockets.push(...toModelSockets(a.records, a.info.path, /ss-udp/.test(a.info.path) ? "udp" : /ss-tcp/.test(a.info.path) ? "tcp" : "unknown"));
  }
  // netstat (sosreports: always collected, ss only with its kernel modules loaded) when ss is not there
  if (ss.length === 0) for (const a of arts.filter((x) => x.info.kind === "netstat" && !x.info.error) as ParsedArtifact<NetstatRecord>[]) view.sockets.push(...netstatToSockets(a.records, a.info.path));
  for (const a of arts.filter((x) => (x.info.kind === "iptables-save" || x.info.kind === "ip6tables-save") && !x.info.error) as ParsedArtifact<IptablesSaveRecord>[]) {
    if (a.info.command?.notFound || (a.info.command?.exitCode ?? 0) !== 0 && a.records.length === 0) continue;
    view.iptables.push(toIptablesRuleset(a.records, { family: a.info.kind === "ip6tables-save" ? 6 : 4, artifact: a.info.path, backend: a.backend }));
  }
  // nft's JSON is one line: its text form gives every rule a line of its own to cite.
  const nft = pick<NftRecord>(arts, "nft-ruleset", "nft-ruleset-json")[0];
  if (nft) view.nft = toNftRuleset(nft.records, nft.info.path);
  for (const a of arts.filter((x) => x.info.kind === "sysctl" && !x.info.error) as ParsedArtifact<SysctlRecord>[]) Object.assign(view.sysctls, sysctlRecordsToMap(a));
  const ct = arts.find((x) => x.info.kind === "conntrack-count" && !x.info.error) as ParsedArtifact<ConntrackCount> | undefined;
  if (ct?.records[0]) view.conntrackCount = ct.records[0].count;
  view.routes = dedupeRoutes(view.routes);
  view.addresses = dedupeAddresses(view.addresses);
  anchorJsonFactsToText(view, arts);
  return view;
}

const textOf = <R>(arts: ParsedArtifact[], kind: string) => arts.filter((a) => a.info.kind === kind && !a.info.error) as ParsedArtifact<R>[];

function anchorJsonFactsToText(view: NetnsView, arts: ParsedArtifact[]): void {
  const ifaceKey = (i: { name: string; ifindex: number }) => `${i.ifindex}|${i.name}`;
  anchorToText(view.interfaces, textOf<IpLinkRecord>(arts, "ip-link").flatMap((a) => toModelInterfaces(a.records, a.info.path)), ifaceKey);
  anchorToText(view.addresses, textOf<IpLinkRecord>(arts, "ip-addr").flatMap((a) => toModelAddresses(a.records, a.info.path)), (a) => `${a.address}/${a.prefixLen}|${a.ifname}`);
  anchorToText(view.routes, textOf<IpRouteRecord>(arts, "ip-route").flatMap((a) => toModelRoutes(a.records, a.info.path)), (r) => `${r.family}|${r.table}|${r.dst}|${r.dev ?? ""}|${r.gateway ?? ""}`);
  anchorToText(view.rules, textOf<IpRuleRecord>(arts, "ip-rule").flatMap((a) => toModelRules(a.records, a.info.path, isV6Path(a.info.path) ? 6 : 4)), (r) => `${r.family}|${r.priority}|${r.table ?? ""}`);
  anchorToText(view.neighbours, textOf<IpNeighRecord>(arts, "ip-neigh").flatMap((a) => toModelNeighbours(a.records, a.info.path)), (n) => `${n.address}|${n.dev}`);
}

/** Two outputs of one netns (a sosreport's `ip -d address` and `ip netns exec NAME ip address show`) list the same addresses. */
function dedupeAddresses(addrs: Address[]): Address[] {
  const seen = new Set<string>();
  return addrs.filter((a) => {
    const key = `${a.address}/${a.prefixLen}|${a.ifname}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `ip route show table all` already lists IPv6 on current iproute2, so ip6-route repeats it. */
function dedupeRoutes(routes: Route[]): Route[] {
  const seen = new Set<string>();
  return routes.filter((r) => {
    const key = [r.family, r.table, r.type, r.dst, r.dev, r.gateway, r.metric].join("|");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface NetnsGrouping {
  views: NetnsView[];
  /** /run/netns names per view inode (sosreport's ip_netns_exec_NAME_ outputs). */
  named: { inode: number; name: string }[];
  /** Inode of the view of the plain outputs (the netns a foreign report was taken in), if any. */
  reportNetns: number | null;
}

/**
 * One view per netns with artifacts: grouped by inode, name or as the report's own netns
 * (lib/model/group-netns-artifacts.ts), and views of one netns seen twice joined.
 */
export function buildNetnsViews(pb: ParsedBundle, hostInode: number | null, mounts: Mount[] = []): NetnsGrouping {
  const joined = joinSameNetns(groupNetnsArtifacts(pb, hostInode, mounts), (g) => buildNetnsView(g.inode, g.artifacts));
  return {
    views: joined.map((j) => j.view),
    named: joined.flatMap((j) => j.group.names.map((name) => ({ inode: j.group.inode, name }))),
    reportNetns: joined.find((j) => j.group.isReportNetns)?.group.inode ?? null,
  };
}

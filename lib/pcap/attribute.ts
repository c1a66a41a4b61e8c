/**
 * Ties a capture's MACs and IPs to the node's interfaces and network namespaces, so an
 * anomaly can read "RST,ACK came from MAC M on eth0 in netns N (held by pid 812 nginx)".
 * Plain inputs only: the caller flattens its NodeModel into NodeFacts.
 *
 * A MAC match is preferred (it names the very interface that sent the frame); an IP match is
 * the fallback (routed traffic carries the router's MAC, but the address still says whose it
 * is). Interface addresses may carry a prefix length ("10.0.0.2/24"); it is ignored.
 */
import type { Anomaly, AnomalyGroup, PcapSummary } from "./types";

export interface FactInterface {
  netns: number;
  ifname: string;
  mac: string | null;
  addresses: string[];
}

export interface NodeFacts {
  interfaces: FactInterface[];
  /** Who keeps each netns alive, as short labels: "pid 812 (nginx)", "/run/netns/blue". */
  holders?: Record<number, string[]>;
}

export interface Place {
  netns: number;
  ifname: string;
  by: "mac" | "ip";
  holders: string[];
}

export interface AttributedAnomaly extends Anomaly {
  /** Where the decisive packet came from (may be several places: a duplicate IP has two). */
  from: Place[];
  /** The anomaly's message plus where it came from. */
  text: string;
}

/** A group whose answering MACs (and the endpoint's) are tied to interfaces and netns. */
export interface AttributedGroup extends AnomalyGroup {
  answeredFrom: Place[][];
  endpointFrom: Place[][];
}

export interface PcapAttribution {
  anomalies: AttributedAnomaly[];
  groups: AttributedGroup[];
  macs: Record<string, Place[]>;
  ips: Record<string, Place[]>;
}

const bareIp = (a: string) => a.split("/")[0]!.toLowerCase();
const normMac = (m: string) => m.toLowerCase();

export function attributePcap(summary: PcapSummary, facts: NodeFacts): PcapAttribution {
  const byMac = new Map<string, Place[]>();
  const byIp = new Map<string, Place[]>();
  const push = (m: Map<string, Place[]>, k: string, p: Place) => (m.get(k) ?? m.set(k, []).get(k)!).push(p);
  for (const i of facts.interfaces) {
    const holders = facts.holders?.[i.netns] ?? [];
    if (i.mac && normMac(i.mac) !== "00:00:00:00:00:00") push(byMac, normMac(i.mac), { netns: i.netns, ifname: i.ifname, by: "mac", holders });
    for (const a of i.addresses) push(byIp, bareIp(a), { netns: i.netns, ifname: i.ifname, by: "ip", holders });
  }
  const where = (ip: string | null, mac: string | null): Place[] => {
    const m = mac ? byMac.get(normMac(mac)) : undefined;
    if (m?.length) return m;
    return ip ? (byIp.get(bareIp(ip)) ?? []) : [];
  };
  const anomalies = summary.anomalies.map((a): AttributedAnomaly => {
    const from = a.kind === "duplicate-ip" ? (a.macs ?? []).flatMap((m) => where(null, m)) : where(a.fromIp, a.fromMac);
    return { ...a, from, text: from.length ? `${a.message}; from ${from.map((p) => describe(p, a.kind === "duplicate-ip" ? null : a.fromMac)).join(" and ")}` : a.message };
  });
  // Older summaries have groups without the MAC lists.
  const groups = (summary.anomalyGroups ?? []).map((g): AttributedGroup => ({
    ...g,
    answeredFrom: (g.answeredBy ?? []).map((m) => where(null, m.mac)),
    endpointFrom: (g.endpointMacs ?? []).map((m) => where(null, m.mac)),
  }));
  const macs: Record<string, Place[]> = {};
  const ips: Record<string, Place[]> = {};
  for (const [ip, list] of Object.entries(summary.macsByIp)) {
    const p = where(ip, null);
    if (p.length) ips[ip] = p;
    for (const m of list) {
      const q = byMac.get(normMac(m));
      if (q?.length) macs[m] = q;
    }
  }
  return { anomalies, groups, macs, ips };
}

function describe(p: Place, mac: string | null): string {
  const held = p.holders.length ? ` (held by ${p.holders.slice(0, 3).join(", ")})` : "";
  const via = p.by === "mac" && mac ? `MAC ${mac} on ` : p.by === "ip" ? "the owner of that IP, " : "";
  return `${via}${p.ifname} in netns ${p.netns}${held}`;
}

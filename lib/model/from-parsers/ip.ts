/**
 * Maps iproute2 records (text or JSON forms alike) to the model's Interface, Address, Route,
 * Rule and Neighbour shapes. Every fact gets a SourceRef into `artifact`: an interface's whole
 * block, or the one line of an address, route, rule or neighbour.
 */
import type { Address, Interface, Neighbour, Route, IpRule } from "@/lib/model/types";
import type { IpLinkRecord } from "@/lib/parsers/net/ip-link-text";
import type { IpNeighRecord } from "@/lib/parsers/net/ip-neigh";
import type { IpRouteRecord } from "@/lib/parsers/net/ip-route";
import type { IpRuleRecord } from "@/lib/parsers/net/ip-rule";

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5,}$/i;

const ref = (artifact: string, lineStart: number, lineEnd: number) => ({ artifact, lineStart, lineEnd });

export function toModelInterfaces(records: IpLinkRecord[], artifact: string): Interface[] {
  return records.map((r) => {
    const iface: Interface = {
      ifindex: r.ifindex,
      name: r.ifname,
      // link/ipip and friends print an IP where Ethernet links print the MAC.
      mac: r.mac !== undefined && MAC.test(r.mac) ? r.mac : null,
      state: r.state ?? "UNKNOWN",
      flags: r.flags,
      src: ref(artifact, r.lineStart, r.lineEnd),
    };
    if (r.mtu !== undefined) iface.mtu = r.mtu;
    if (r.kind !== undefined) iface.linkKind = r.kind;
    if (r.master !== undefined) iface.master = r.master;
    if (r.peerIfindex !== undefined) iface.peerIfindex = r.peerIfindex;
    if (r.linkNetnsId !== undefined) iface.peerNetnsId = r.linkNetnsId;
    return iface;
  });
}

export function toModelAddresses(records: IpLinkRecord[], artifact: string): Address[] {
  return records.flatMap((r) =>
    r.addresses.map((a) => {
      const addr: Address = { family: a.family === "inet6" ? 6 : 4, address: a.local, prefixLen: a.prefixlen, ifname: r.ifname, src: ref(artifact, a.line, a.line) };
      if (a.scope !== undefined) addr.scope = a.scope;
      if (a.flags.length) addr.flags = [...a.flags];
      return addr;
    }),
  );
}

export function toModelRoutes(records: IpRouteRecord[], artifact: string): Route[] {
  return records.map((r) => {
    const route: Route = { table: r.table, type: r.type, dst: r.dst, family: r.family, src: ref(artifact, r.lineStart, r.lineEnd) };
    const gateway = r.gateway ?? r.nexthops?.find((h) => h.gateway)?.gateway;
    if (gateway !== undefined) route.gateway = gateway;
    const dev = r.dev ?? r.nexthops?.find((h) => h.dev)?.dev;
    if (dev !== undefined) route.dev = dev;
    if (r.metric !== undefined) route.metric = r.metric;
    if (r.protocol !== undefined) route.protocol = r.protocol;
    if (r.scope !== undefined) route.scope = r.scope;
    if (r.prefsrc !== undefined) route.prefsrc = r.prefsrc;
    return route;
  });
}

/** `family` is what the command asked for (ip -6 rule gives 6); records that show an address win. */
export function toModelRules(records: IpRuleRecord[], artifact: string, family: 4 | 6 = 4): IpRule[] {
  return records.map((r) => {
    const rule: IpRule = { family: r.family ?? family, priority: r.priority, selector: r.selector, action: r.action, src: ref(artifact, r.line, r.line) };
    if (r.table !== undefined) rule.table = r.table;
    return rule;
  });
}

export function toModelNeighbours(records: IpNeighRecord[], artifact: string): Neighbour[] {
  return records.map((r) => {
    const n: Neighbour = { address: r.address, dev: r.dev ?? "", state: r.state, src: ref(artifact, r.line, r.line) };
    if (r.lladdr !== undefined) n.lladdr = r.lladdr;
    return n;
  });
}

/** Routing facts shared by the route and rp_filter rules. */
import type { NetnsView, Route } from "@/lib/model/types";
import type { Evidence } from "@/lib/rules/finding";
import { evidenceFrom } from "@/lib/model/lookup";

const STANDARD_TABLES = new Set(["main", "local", "default", "254", "255", "253"]);

export function isDefaultRoute(r: Route): boolean {
  return r.dst === "default" || r.dst === "0.0.0.0/0" || r.dst === "::/0";
}

export function routesInTable(view: NetnsView, table: string): Route[] {
  const t = table === "254" ? "main" : table === "255" ? "local" : table === "253" ? "default" : table;
  return view.routes.filter((r) => r.table === t || r.table === table);
}

export interface Sign {
  text: string;
  evidence: Evidence[];
  /** Addresses and subnets the sign is about: gateways, rule sources, the shared subnet. */
  ips: string[];
}

/** Signs that replies may come back on another interface than requests left from. */
export function asymmetricRoutingSigns(view: NetnsView): Sign[] {
  const signs: Sign[] = [];
  const defaults = view.routes.filter((r) => r.family === 4 && isDefaultRoute(r) && r.type === "unicast" && routesTableIsMain(r));
  const devs = new Set(defaults.map((r) => r.dev));
  if (defaults.length > 1 && devs.size > 1) {
    signs.push({
      text: `${defaults.length} default routes via ${[...devs].join(", ")}`,
      evidence: defaults.flatMap((r) => evidenceFrom(r.src, `default via ${r.gateway ?? "?"} dev ${r.dev ?? "?"}`)),
      ips: defaults.flatMap((r) => (r.gateway ? [r.gateway] : [])),
    });
  }
  const policy = view.rules.filter((r) => r.family === 4 && r.table && !STANDARD_TABLES.has(r.table));
  if (policy.length) {
    signs.push({
      text: `ip rules send traffic to table${policy.length > 1 ? "s" : ""} ${[...new Set(policy.map((r) => r.table))].join(", ")}`,
      evidence: policy.flatMap((r) => evidenceFrom(r.src, `${r.priority}: ${r.selector}`)),
      // the sources the rules steer: the traffic whose replies may come back elsewhere
      ips: policy.flatMap((r) => [.../(?:^|\s)from\s+(\S+)/.exec(r.selector)?.slice(1) ?? []]).filter((x) => x !== "all"),
    });
  }
  const bySubnet = new Map<string, string[]>();
  for (const a of view.addresses) {
    if (a.family !== 4 || a.ifname === "lo") continue;
    const key = subnetOf(a.address, a.prefixLen);
    bySubnet.set(key, [...new Set([...(bySubnet.get(key) ?? []), a.ifname])]);
  }
  for (const [subnet, ifaces] of bySubnet) {
    if (ifaces.length > 1) {
      const addrs = view.addresses.filter((a) => a.family === 4 && ifaces.includes(a.ifname) && subnetOf(a.address, a.prefixLen) === subnet);
      signs.push({ text: `interfaces ${ifaces.join(", ")} are on the same subnet ${subnet}`, evidence: addrs.flatMap((a) => evidenceFrom(a.src, `${a.address}/${a.prefixLen} ${a.ifname}`)), ips: [subnet] });
    }
  }
  return signs;
}

function routesTableIsMain(r: Route): boolean {
  return r.table === "main" || r.table === "254";
}

export function subnetOf(ip: string, prefix: number): string {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p))) return `${ip}/${prefix}`;
  const n = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const net = (n & mask) >>> 0;
  return `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}/${prefix}`;
}

/** Does `ip` fall inside `cidr` (IPv4 only; IPv6 compares textually for exact matches)? */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [base, len] = cidr.split("/");
  if (!base) return false;
  const prefix = len === undefined ? 32 : Number(len);
  return subnetOf(ip, prefix) === subnetOf(base, prefix);
}

/** Loopback, link-local and the like: addresses every namespace may have, never a conflict. */
export function isHostLocalAddress(ip: string): boolean {
  return /^127\./.test(ip) || ip === "::1" || /^fe80:/i.test(ip) || /^169\.254\./.test(ip);
}

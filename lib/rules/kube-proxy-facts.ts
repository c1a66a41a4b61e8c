/** What kube-proxy programs on a node: its service VIPs (KUBE-SERVICES) per namespace and backend. */
import type { IptablesRule, NetnsView } from "@/lib/model/types";
import { opt } from "@/lib/rules/iptables-facts";

export interface ServiceRule {
  /** "VIP:port" ("[VIP]:port" for IPv6). */
  service: string;
  ip: string;
  port: number;
  /** tcp, udp, sctp: one VIP:port is a service per protocol. */
  proto: string;
  /** The service's own chain (KUBE-SVC-…, KUBE-EXT-…), else the first target seen (KUBE-MARK-MASQ). */
  target: string | undefined;
  netns: number;
  backend: string;
  /** Its KUBE-SERVICES rules (kube-proxy writes a KUBE-MARK-MASQ rule and a KUBE-SVC rule per port). */
  rules: IptablesRule[];
}

const SERVICE_CHAIN = /^KUBE-(SVC|EXT|FW|SVL)-/;

/** One entry per service address, port and protocol in each namespace and backend, in ruleset order. */
export function serviceRules(views: NetnsView[]): ServiceRule[] {
  const out: ServiceRule[] = [];
  for (const view of views) {
    for (const rs of view.iptables) {
      const byService = new Map<string, ServiceRule>();
      for (const r of rs.rules) {
        if (r.table !== "nat" || r.chain !== "KUBE-SERVICES") continue;
        const dst = opt(r, "-d")?.replace(/\/(32|128)$/, "");
        const port = Number(opt(r, "--dport"));
        if (!dst || dst.includes("/") || !Number.isInteger(port) || port <= 0) continue;
        const service = dst.includes(":") ? `[${dst}]:${port}` : `${dst}:${port}`;
        const proto = opt(r, "-p") ?? "tcp";
        const seen = byService.get(`${service}/${proto}`);
        if (seen) {
          seen.rules.push(r);
          if (r.target && SERVICE_CHAIN.test(r.target) && !(seen.target && SERVICE_CHAIN.test(seen.target))) seen.target = r.target;
          continue;
        }
        const entry: ServiceRule = { service, ip: dst, port, proto, target: r.target, netns: view.inode, backend: rs.backend, rules: [r] };
        byService.set(`${service}/${proto}`, entry);
        out.push(entry);
      }
    }
  }
  return out;
}

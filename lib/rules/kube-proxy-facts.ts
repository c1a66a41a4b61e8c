/** What kube-proxy programs on a node: its service VIPs (KUBE-SERVICES) per namespace and backend. */
import type { IptablesRule, NetnsView } from "@/lib/model/types";
import { opt } from "@/lib/rules/iptables-facts";

export interface ServiceRule {
  /** "VIP:port" ("[VIP]:port" for IPv6). */
  service: string;
  ip: string;
  port: number;
  /** The chain the service jumps to (KUBE-SVC-…, or KUBE-MARK-MASQ on the way). */
  target: string | undefined;
  netns: number;
  backend: string;
  rule: IptablesRule;
}

/** KUBE-SERVICES rules with a destination address and port, in every namespace and backend. */
export function serviceRules(views: NetnsView[]): ServiceRule[] {
  const out: ServiceRule[] = [];
  for (const view of views) {
    for (const rs of view.iptables) {
      for (const r of rs.rules) {
        if (r.table !== "nat" || r.chain !== "KUBE-SERVICES") continue;
        const dst = opt(r, "-d")?.replace(/\/(32|128)$/, "");
        const port = Number(opt(r, "--dport"));
        if (!dst || dst.includes("/") || !Number.isInteger(port) || port <= 0) continue;
        out.push({ service: dst.includes(":") ? `[${dst}]:${port}` : `${dst}:${port}`, ip: dst, port, target: r.target, netns: view.inode, backend: rs.backend, rule: r });
      }
    }
  }
  return out;
}

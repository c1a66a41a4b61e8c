/**
 * What kube-proxy programs on a node: its services (VIP:port per protocol), from
 * KUBE-SERVICES rules in each namespace and backend (iptables mode) and from the host's
 * IPVS virtual services (IPVS mode, kube-router).
 */
import type { NodeModel, SourceRef } from "@/lib/model/types";
import { opt } from "@/lib/rules/iptables-facts";

export interface ServiceRule {
  /** "VIP:port" ("[VIP]:port" for IPv6). */
  service: string;
  ip: string;
  port: number;
  /** tcp, udp, sctp: one VIP:port is a service per protocol. */
  proto: string;
  /** The service's own chain (KUBE-SVC-…, KUBE-EXT-…), else the first target seen; "IPVS" for a virtual service. */
  target: string | undefined;
  netns: number | undefined;
  backend: "legacy" | "nf_tables" | "unknown" | "ipvs";
  /** The lines that program it (kube-proxy writes a KUBE-MARK-MASQ rule and a KUBE-SVC rule per port). */
  lines: { text: string; src?: SourceRef }[];
  /** IPVS: how many real servers it has (0: no endpoints). */
  endpoints?: number;
}

const SERVICE_CHAIN = /^KUBE-(SVC|EXT|FW|SVL)-/;

const serviceName = (ip: string, port: number) => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);

/** One entry per service address, port and protocol in each namespace and backend, in ruleset order, then IPVS. */
export function serviceRules(model: Pick<NodeModel, "netns" | "ipvs" | "namespaces">): ServiceRule[] {
  const out: ServiceRule[] = [];
  for (const view of model.netns) {
    for (const rs of view.iptables) {
      const byService = new Map<string, ServiceRule>();
      for (const r of rs.rules) {
        if (r.table !== "nat" || r.chain !== "KUBE-SERVICES") continue;
        const dst = opt(r, "-d")?.replace(/\/(32|128)$/, "");
        const port = Number(opt(r, "--dport"));
        if (!dst || dst.includes("/") || !Number.isInteger(port) || port <= 0) continue;
        const proto = opt(r, "-p") ?? "tcp";
        const key = `${serviceName(dst, port)}/${proto}`;
        const seen = byService.get(key);
        if (seen) {
          seen.lines.push(r);
          if (r.target && SERVICE_CHAIN.test(r.target) && !(seen.target && SERVICE_CHAIN.test(seen.target))) seen.target = r.target;
          continue;
        }
        const entry: ServiceRule = { service: serviceName(dst, port), ip: dst, port, proto, target: r.target, netns: view.inode, backend: rs.backend, lines: [r] };
        byService.set(key, entry);
        out.push(entry);
      }
    }
  }
  // host/ipvsadm.txt is the host namespace's table; per-netns ones say whose they are
  const host = model.namespaces.find((n) => n.type === "net" && n.isHost)?.inode;
  for (const v of model.ipvs) {
    if (v.port === undefined) continue; // fwmark services have no address of their own
    out.push({
      service: v.service, ip: v.address, port: v.port, proto: v.protocol, target: "IPVS", netns: v.netns ?? host, backend: "ipvs",
      lines: [{ text: `${v.protocol.toUpperCase()} ${v.service} ${v.scheduler} (${v.realServers.length} real servers)`, src: v.src }],
      endpoints: v.realServers.length,
    });
  }
  return out;
}

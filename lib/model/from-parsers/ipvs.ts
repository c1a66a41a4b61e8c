/** Maps ipvsadm records to the model's IPVS virtual services, each with its SourceRef (the service's block). */
import type { IpvsVirtualService } from "@/lib/model/types";
import type { IpvsService } from "@/lib/parsers/net/ipvsadm";

export function toIpvsServices(records: IpvsService[], artifact: string, netns?: number): IpvsVirtualService[] {
  return records.map((r) => {
    const service = r.fwmark !== undefined ? `fwmark:${r.fwmark}` : r.address.includes(":") ? `[${r.address}]:${r.port ?? 0}` : `${r.address}:${r.port ?? 0}`;
    const out: IpvsVirtualService = {
      protocol: r.protocol.toLowerCase(),
      service,
      address: r.address,
      scheduler: r.scheduler,
      realServers: r.realServers.map((s) => ({ address: s.address, port: s.port, forward: s.forward, weight: s.weight, activeConn: s.activeConn, inactConn: s.inactConn })),
      src: { artifact, lineStart: r.lineStart, lineEnd: r.lineEnd },
    };
    if (r.port !== undefined) out.port = r.port;
    if (netns !== undefined) out.netns = netns;
    return out;
  });
}

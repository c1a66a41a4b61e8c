/**
 * Scenario 4: a namespace with a workload (processes and a non-loopback address) but no
 * default route: everything beyond its directly connected subnets is unreachable. Many
 * workloads only talk on-link (a sidecar, an isolated test netns), so it is medium unless
 * the bundle shows egress failing: a socket stuck in SYN-SENT to an off-link address.
 */
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom, namespace, netnsLabel } from "@/lib/model/lookup";
import type { Address, NetnsView, Socket } from "@/lib/model/types";
import { entities } from "@/lib/rules/entities";
import { ipInCidr, isDefaultRoute, isHostLocalAddress } from "@/lib/rules/route-facts";
import type { Rule } from "@/lib/rules/types";

/** "198.18.0.5:80" / "[fd00::5]:80" → address and port. */
function splitEndpoint(s: string): { ip: string; port: number } | null {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(s);
  return m ? { ip: m[1]!, port: Number(m[2]) } : null;
}

/** IPv4 sockets still waiting for a SYN-ACK from an address outside every connected subnet. */
function offLinkSynSent(view: NetnsView, addrs: Address[]): { sock: Socket; ip: string; port: number }[] {
  return view.sockets.flatMap((sock) => {
    if (!sock.state.toUpperCase().startsWith("SYN-SENT")) return [];
    const peer = splitEndpoint(sock.peer);
    if (!peer || peer.ip.includes(":") || isHostLocalAddress(peer.ip)) return [];
    return addrs.some((a) => ipInCidr(peer.ip, `${a.address}/${a.prefixLen}`)) ? [] : [{ sock, ...peer }];
  });
}

export const missingDefaultRouteRule: Rule = {
  id: "missing-default-route",
  severity: "medium",
  summary: "No default route in a namespace that has workloads",
  needs: [{ kinds: ["ip-route-json", "ip-route"], what: "routes (ip route show table all)" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const view of ctx.model.netns) {
      if (!view.collected.some((k) => k.startsWith("ip-route"))) continue;
      const addrs = view.addresses.filter((a) => a.family === 4 && !a.address.startsWith("127.") && !a.address.startsWith("169.254."));
      if (!addrs.length) continue;
      const isHost = namespace(ctx.index, "net", view.inode)?.isHost ?? false;
      const pids = ctx.index.pidsByNetns.get(view.inode) ?? [];
      if (!isHost && pids.length === 0) continue; // process-less namespaces have their own finding
      if (view.routes.some((r) => r.family === 4 && isDefaultRoute(r) && r.type !== "unreachable" && r.type !== "blackhole" && r.type !== "prohibit")) continue;
      const stuck = offLinkSynSent(view, addrs);
      findings.push({
        id: `missing-default-route:${view.inode}`,
        ruleId: "missing-default-route",
        severity: stuck.length ? "high" : "medium",
        title: `No IPv4 default route in ${netnsLabel(ctx.index, view.inode)}`,
        explanation:
          `${netnsLabel(ctx.index, view.inode)} has addresses (${addrs.map((a) => `${a.address}/${a.prefixLen} on ${a.ifname}`).join(", ")}) and ` +
          `${isHost ? "is the host namespace" : `${pids.length} process(es)`}, but no default route in any table: only its directly connected subnets are reachable; ` +
          "connections elsewhere fail at once with \"Network is unreachable\"." +
          (stuck.length
            ? ` Egress is failing now: ${stuck.slice(0, 5).map((x) => `${x.sock.local} → ${x.sock.peer} in SYN-SENT${x.sock.processes[0] ? ` (${x.sock.processes[0].comm} pid ${x.sock.processes[0].pid})` : ""}`).join(", ")}.`
            : " No socket in the bundle shows a connection off its subnets failing, so its workload may only talk on-link."),
        remediation: "Restore the default route (for pods the CNI plugin sets it on ADD; re-create the pod). On hosts, check DHCP/network manager configuration.",
        references: ["https://man7.org/linux/man-pages/man8/ip-route.8.html"],
        entities: entities({
          ips: [...addrs.map((a) => a.address), ...stuck.map((x) => x.ip)],
          ports: stuck.map((x) => x.port),
          netns: [view.inode],
          pids: stuck.flatMap((x) => x.sock.processes.map((p) => p.pid)),
          interfaces: addrs.map((a) => a.ifname),
        }),
        evidence: [
          ...addrs.flatMap((a) => evidenceFrom(a.src, `${a.address}/${a.prefixLen} ${a.ifname}`)),
          ...stuck.slice(0, 5).flatMap((x) => evidenceFrom(x.sock.src, `${x.sock.state} ${x.sock.local} ${x.sock.peer}`)),
        ],
      });
    }
    return findings;
  },
};

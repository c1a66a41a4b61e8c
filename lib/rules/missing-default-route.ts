/**
 * Scenario 4: a namespace with a workload (processes and a non-loopback address) but no
 * default route: everything beyond its directly connected subnets is unreachable.
 */
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom, namespace, netnsLabel } from "@/lib/model/lookup";
import { isDefaultRoute } from "@/lib/rules/route-facts";
import type { Rule } from "@/lib/rules/types";

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
      findings.push({
        id: `missing-default-route:${view.inode}`,
        ruleId: "missing-default-route",
        severity: isHost ? "medium" : "high",
        title: `No IPv4 default route in ${netnsLabel(ctx.index, view.inode)}`,
        explanation:
          `${netnsLabel(ctx.index, view.inode)} has addresses (${addrs.map((a) => `${a.address}/${a.prefixLen} on ${a.ifname}`).join(", ")}) and ` +
          `${isHost ? "is the host namespace" : `${pids.length} process(es)`}, but no default route in any table: only its directly connected subnets are reachable; ` +
          "connections elsewhere fail at once with \"Network is unreachable\".",
        remediation: "Restore the default route (for pods the CNI plugin sets it on ADD; re-create the pod). On hosts, check DHCP/network manager configuration.",
        references: ["https://man7.org/linux/man-pages/man8/ip-route.8.html"],
        entities: { netns: [view.inode], ips: addrs.map((a) => a.address) },
        evidence: addrs.flatMap((a) => evidenceFrom(a.src, `${a.address}/${a.prefixLen} ${a.ifname}`)),
      });
    }
    return findings;
  },
};

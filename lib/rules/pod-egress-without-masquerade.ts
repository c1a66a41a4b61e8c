/**
 * Scenario 4: a container bridge subnet (pod CIDR on this node) with no MASQUERADE/SNAT rule
 * covering it. Pod traffic then leaves the node with private source addresses that the
 * outside cannot answer. Medium, not high: routed designs (BGP, cloud routes) need no SNAT.
 */
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { opt } from "@/lib/rules/iptables-facts";
import { ipInCidr, subnetOf } from "@/lib/rules/route-facts";
import { entities } from "@/lib/rules/entities";
import type { Rule } from "@/lib/rules/types";

export const podEgressWithoutMasqueradeRule: Rule = {
  id: "pod-egress-without-masquerade",
  severity: "medium",
  summary: "Container bridge subnet without MASQUERADE/SNAT for egress",
  needs: [
    { kinds: ["iptables-save"], what: "iptables rulesets (nat table)" },
    { kinds: ["ip-addr-json", "ip-addr"], what: "addresses" },
  ],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const view of ctx.model.netns) {
      const v4 = view.iptables.filter((rs) => rs.family === 4 && rs.rules.length + rs.chains.length > 0);
      if (!v4.length) continue;
      const snat = v4.flatMap((rs) => rs.rules.filter((r) => r.table === "nat" && (r.target === "MASQUERADE" || r.target === "SNAT")));
      const bridges = view.interfaces.filter((i) => i.linkKind === "bridge");
      for (const br of bridges) {
        const addr = view.addresses.find((a) => a.family === 4 && a.ifname === br.name && !a.address.startsWith("169.254."));
        if (!addr) continue;
        const subnet = subnetOf(addr.address, addr.prefixLen);
        // A rule qualified by a mark (kube-proxy's KUBE-POSTROUTING masquerades only marked
        // service traffic) or by a negated source does not cover plain pod egress.
        const covered = snat.some((r) => {
          if (/(^|\s)-m mark\b|--mark\b|!\s+-s\b/.test(r.text)) return false;
          const s = opt(r, "-s");
          return !s || ipInCidr(addr.address, s) || s === subnet;
        });
        if (covered) continue;
        findings.push({
          id: `pod-egress-without-masquerade:${view.inode}:${br.name}`,
          ruleId: "pod-egress-without-masquerade",
          severity: "medium",
          title: `No MASQUERADE/SNAT for ${subnet} on bridge ${br.name} in ${netnsLabel(ctx.index, view.inode)}`,
          explanation:
            `Containers on ${br.name} (${subnet}) reach other hosts with their own private source addresses: no nat rule masquerades or SNATs that subnet` +
            `${snat.length ? ` (the ${snat.length} SNAT/MASQUERADE rule(s) present cover other sources)` : " (there is no SNAT/MASQUERADE rule at all)"}. ` +
            "Unless the network routes this subnet back to the node (BGP, cloud routes), replies never return and egress from pods times out.",
          remediation: `Add \`iptables -t nat -A POSTROUTING -s ${subnet} ! -o ${br.name} -j MASQUERADE\` (or restore the CNI/Docker-managed rule, e.g. restart the daemon that owns it), unless the pod CIDR is routed natively.`,
          references: ["https://www.cni.dev/plugins/current/main/bridge/", "https://docs.docker.com/engine/network/packet-filtering-firewalls/"],
          entities: entities({ ips: [subnet], netns: [view.inode], interfaces: [br.name] }),
          evidence: evidenceFrom(addr.src, `${addr.address}/${addr.prefixLen} on ${br.name}`),
        });
      }
    }
    return findings;
  },
};

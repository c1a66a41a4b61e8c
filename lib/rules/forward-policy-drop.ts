/**
 * Scenario 4: the filter FORWARD chain's policy is DROP. Docker sets this on purpose and
 * then accepts its own bridges' traffic explicitly; it breaks pod traffic when no ACCEPT
 * rule covers the pod bridge/CNI interface. Severity depends on whether the policy
 * actually dropped packets (its counter) and on accept rules for container interfaces.
 */
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { describeBackend } from "@/lib/rules/iptables-facts";
import type { Rule } from "@/lib/rules/types";

export const forwardPolicyDropRule: Rule = {
  id: "forward-policy-drop",
  severity: "medium",
  summary: "filter FORWARD chain policy is DROP",
  needs: [{ kinds: ["iptables-save"], what: "iptables rulesets (iptables-save -c)" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const view of ctx.model.netns) {
      for (const rs of view.iptables) {
        const fwd = rs.chains.find((c) => c.table === "filter" && c.name === "FORWARD");
        if (!fwd || fwd.policy !== "DROP") continue;
        const bridges = view.interfaces.filter((i) => i.linkKind === "bridge").map((i) => i.name);
        const fwdRules = rs.rules.filter((r) => r.table === "filter" && r.chain === "FORWARD");
        const uncovered = bridges.filter((b) => !rs.rules.some((r) => r.table === "filter" && r.target === "ACCEPT" && new RegExp(`-[io] ${b}(\\s|$)`).test(r.text)));
        const dropped = fwd.packets ?? 0;
        const severity = dropped > 0 && uncovered.length > 0 ? "high" : dropped > 0 || uncovered.length > 0 ? "medium" : "low";
        findings.push({
          id: `forward-policy-drop:${view.inode}:${rs.family}:${rs.backend}`,
          ruleId: "forward-policy-drop",
          severity,
          title: `FORWARD policy DROP in ${netnsLabel(ctx.index, view.inode)} (${describeBackend(rs)}, IPv${rs.family})${dropped ? `: ${dropped} packets dropped` : ""}`,
          explanation:
            "Forwarded packets that no rule in FORWARD accepts are dropped silently: traffic from pods/containers to other hosts and between bridges fails " +
            `while the node's own traffic works. ${dropped ? `The policy counter shows ${dropped} packets (${fwd.bytes ?? 0} bytes) dropped so far. ` : "The policy counter shows no drops (or counters were not collected). "}` +
            (uncovered.length ? `No ACCEPT rule mentions bridge${uncovered.length > 1 ? "s" : ""} ${uncovered.join(", ")}.` : `FORWARD has ${fwdRules.length} rule(s).`),
          remediation:
            "Add explicit ACCEPT rules for the container bridge/CNI interfaces (e.g. `iptables -A FORWARD -i cni0 -j ACCEPT; iptables -A FORWARD -o cni0 -j ACCEPT`), " +
            "or let the CNI plugin/kube-proxy manage them; keep DROP as policy only with those rules in place.",
          references: ["https://docs.docker.com/engine/network/packet-filtering-firewalls/", "https://kubernetes.io/docs/concepts/cluster-administration/networking/"],
          entities: { netns: [view.inode], chains: ["FORWARD"], interfaces: uncovered },
          evidence: evidenceFrom(fwd.src, `:FORWARD DROP [${fwd.packets ?? 0}:${fwd.bytes ?? 0}]`),
        });
      }
    }
    return findings;
  },
};

/**
 * Scenario 4: the filter FORWARD chain's policy is DROP. Docker sets this on purpose and
 * then accepts its own bridges' traffic explicitly; it breaks pod traffic when no ACCEPT
 * rule covers the pod bridge/CNI interface. Severity depends on whether the policy
 * actually dropped packets (its counter) and on accept rules for container interfaces.
 */
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom, namespace, netnsLabel } from "@/lib/model/lookup";
import { entities, sysctlEntity } from "@/lib/rules/entities";
import { sysctlsOf } from "@/lib/rules/sysctl-facts";
import { describeBackend } from "@/lib/rules/iptables-facts";
import type { Rule } from "@/lib/rules/types";

const BRIDGE_NF = "net.bridge.bridge-nf-call-iptables";

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
        // Whether bridged (same-bridge, pod-to-pod) frames pass FORWARD too: br_netfilter's switch.
        const nf = sysctlsOf(ctx.model, view, namespace(ctx.index, "net", view.inode)?.isHost ?? false)[BRIDGE_NF];
        const nfValue = nf?.value.trim();
        const bridged =
          bridges.length === 0
            ? ""
            : nfValue === "1"
              ? ` ${BRIDGE_NF}=1: frames between containers on the same bridge pass FORWARD as well, so this policy drops them too unless a rule accepts them.`
              : nfValue === "0"
                ? ` ${BRIDGE_NF}=0: frames between containers on one bridge skip iptables; only routed traffic meets this policy.`
                : ` ${BRIDGE_NF} was not in the collected sysctls (br_netfilter not loaded): frames within a bridge skip iptables.`;
        findings.push({
          id: `forward-policy-drop:${view.inode}:${rs.family}:${rs.backend}`,
          ruleId: "forward-policy-drop",
          severity,
          title: `FORWARD policy DROP in ${netnsLabel(ctx.index, view.inode)} (${describeBackend(rs)}, IPv${rs.family})${dropped ? `: ${dropped} packets dropped` : ""}`,
          explanation:
            "Forwarded packets that no rule in FORWARD accepts are dropped silently: traffic from pods/containers to other hosts and between bridges fails " +
            `while the node's own traffic works. ${dropped ? `The policy counter shows ${dropped} packets (${fwd.bytes ?? 0} bytes) dropped so far. ` : "The policy counter shows no drops (or counters were not collected). "}` +
            (uncovered.length ? `No ACCEPT rule mentions bridge${uncovered.length > 1 ? "s" : ""} ${uncovered.join(", ")}.` : `FORWARD has ${fwdRules.length} rule(s).`) +
            bridged,
          remediation:
            "Add explicit ACCEPT rules for the container bridge/CNI interfaces (e.g. `iptables -A FORWARD -i cni0 -j ACCEPT; iptables -A FORWARD -o cni0 -j ACCEPT`), " +
            "or let the CNI plugin/kube-proxy manage them; keep DROP as policy only with those rules in place.",
          references: ["https://docs.docker.com/engine/network/packet-filtering-firewalls/", "https://kubernetes.io/docs/concepts/cluster-administration/networking/"],
          entities: entities({ netns: [view.inode], chains: ["FORWARD"], sysctls: nf && bridges.length ? [sysctlEntity(BRIDGE_NF, nfValue ?? "")] : [], interfaces: uncovered }),
          evidence: [...evidenceFrom(fwd.src, `:FORWARD DROP [${fwd.packets ?? 0}:${fwd.bytes ?? 0}]`), ...(bridges.length ? evidenceFrom(nf?.src, `${BRIDGE_NF} = ${nfValue}`) : [])],
        });
      }
    }
    return findings;
  },
};

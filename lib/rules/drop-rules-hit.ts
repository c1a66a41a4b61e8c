/**
 * Scenario 4: DROP/REJECT rules whose counters are non-zero (iptables-save -c). A rule that
 * has matched packets is the first place to look when traffic disappears. Reported per
 * ruleset, listing the rules by packet count; rules in chains kube-proxy/Docker use for
 * expected drops (invalid conntrack state, marked-drop) are named as such, at low severity.
 */
import type { IptablesRule } from "@/lib/model/types";
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { describeBackend } from "@/lib/rules/iptables-facts";
import { entities } from "@/lib/rules/entities";
import type { Rule } from "@/lib/rules/types";

const EXPECTED = /KUBE-FIREWALL|KUBE-MARK-DROP|ctstate INVALID|--ctstate INVALID|DOCKER-ISOLATION/;

export const dropRulesHitRule: Rule = {
  id: "drop-rules-hit",
  severity: "medium",
  summary: "DROP/REJECT rules with non-zero packet counters",
  needs: [{ kinds: ["iptables-save"], what: "iptables rulesets with counters (iptables-save -c)" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const view of ctx.model.netns) {
      for (const rs of view.iptables) {
        const hit = rs.rules.filter((r) => (r.target === "DROP" || r.target === "REJECT") && (r.packets ?? 0) > 0);
        if (hit.length === 0) continue;
        const unexpected = hit.filter((r) => !EXPECTED.test(`${r.chain} ${r.text}`));
        const sorted = [...hit].sort((a, b) => (b.packets ?? 0) - (a.packets ?? 0));
        const describe = (r: IptablesRule) => `${r.packets} pkts: -t ${r.table} ${r.text}`;
        findings.push({
          id: `drop-rules-hit:${view.inode}:${rs.family}:${rs.backend}`,
          ruleId: "drop-rules-hit",
          severity: unexpected.length ? "medium" : "low",
          title: `${hit.length} DROP/REJECT rule(s) have matched packets in ${netnsLabel(ctx.index, view.inode)} (${describeBackend(rs)}, IPv${rs.family})`,
          explanation:
            `These rules have dropped or rejected traffic since their counters were last reset:\n${sorted.slice(0, 10).map(describe).join("\n")}` +
            (unexpected.length < hit.length ? `\n${hit.length - unexpected.length} of them are in chains that drop by design (invalid conntrack state, kube-proxy/Docker isolation).` : "") +
            "\nDROP makes the sender retry until it times out; REJECT answers at once (TCP RST or ICMP unreachable), which clients report as \"connection refused\" or \"no route to host\".",
          remediation: "Check whether each rule matches traffic that should flow (source/destination/ports); watch the counters grow while reproducing (`iptables -nvL CHAIN`). Fix or remove the rule in the tool that owns it.",
          references: ["https://man7.org/linux/man-pages/man8/iptables.8.html"],
          entities: entities({ netns: [view.inode], chains: hit.map((r) => r.chain) }),
          evidence: sorted.slice(0, 10).flatMap((r) => evidenceFrom(r.src, r.text)),
        });
      }
    }
    return findings;
  },
};

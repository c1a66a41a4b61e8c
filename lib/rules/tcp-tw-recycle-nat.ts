/**
 * Scenario 4: net.ipv4.tcp_tw_recycle=1 (kernels before 4.12) behind NAT drops SYNs from
 * clients whose TCP timestamps are behind another client's, because several hosts share
 * one address after NAT. tcp_tw_reuse is benign and not reported.
 */
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom, namespace, netnsLabel } from "@/lib/model/lookup";
import { isNatRule } from "@/lib/rules/iptables-facts";
import { sysctlsOf } from "@/lib/rules/sysctl-facts";
import { entities, sysctlEntity } from "@/lib/rules/entities";
import type { Rule } from "@/lib/rules/types";

export const tcpTwRecycleNatRule: Rule = {
  id: "tcp-tw-recycle-nat",
  severity: "high",
  summary: "tcp_tw_recycle=1 on a node that does NAT",
  needs: [{ kinds: ["sysctl"], what: "sysctl values" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const view of ctx.model.netns) {
      const isHost = namespace(ctx.index, "net", view.inode)?.isHost ?? false;
      const v = sysctlsOf(ctx.model, view, isHost)["net.ipv4.tcp_tw_recycle"];
      if (!v || v.value.trim() !== "1") continue;
      const nat = view.iptables.flatMap((rs) => rs.rules.filter(isNatRule));
      findings.push({
        id: `tcp-tw-recycle-nat:${view.inode}`,
        ruleId: "tcp-tw-recycle-nat",
        severity: nat.length ? "high" : "medium",
        title: `net.ipv4.tcp_tw_recycle=1 in ${netnsLabel(ctx.index, view.inode)}${nat.length ? " with NAT rules present" : ""}`,
        explanation:
          "With tcp_tw_recycle the kernel drops SYNs whose TCP timestamp is older than the last one seen from the same address. " +
          "Behind NAT many clients share one address with unrelated timestamp clocks, so some clients' connections fail at random " +
          `(SYNs silently dropped).${nat.length ? ` This namespace has ${nat.length} NAT rule(s) (${nat[0]?.target} in ${nat[0]?.chain}...).` : ""} ` +
          "The option was removed in Linux 4.12 because it is unsafe with NAT.",
        remediation: "Set net.ipv4.tcp_tw_recycle=0 and remove it from /etc/sysctl.d. tcp_tw_reuse may stay.",
        references: ["https://docs.kernel.org/networking/ip-sysctl.html", "https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=4396e46187ca5070219b81773c4e65088dac50cc"],
        entities: entities({ netns: [view.inode], sysctls: [sysctlEntity("net.ipv4.tcp_tw_recycle", v.value.trim())], chains: nat.map((r) => r.chain) }),
        evidence: [...evidenceFrom(v.src, `net.ipv4.tcp_tw_recycle = ${v.value}`), ...nat.slice(0, 3).flatMap((r) => evidenceFrom(r.src, r.text))],
      });
    }
    return findings;
  },
};

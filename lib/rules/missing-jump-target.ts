/**
 * Scenario 5: a rule jumps to a chain that does not exist in that backend's table (for
 * example KUBE-MARK-DROP missing from the nf_tables ruleset while the legacy tables have it).
 * iptables-restore refuses the whole batch, so kube-proxy stops programming services.
 * When the chain exists in the other backend, the finding says so: that is the
 * mixed-backend signature.
 */
import type { Finding, IptablesRule, IptablesRuleset } from "@/lib/model/types";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { BUILTIN_TARGETS, chainNames, describeBackend } from "@/lib/rules/iptables-facts";
import type { Rule } from "@/lib/rules/types";

export const missingJumpTargetRule: Rule = {
  id: "missing-jump-target",
  severity: "high",
  summary: "A rule jumps to a chain that does not exist in its backend",
  needs: [{ kinds: ["iptables-save"], what: "iptables rulesets" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const view of ctx.model.netns) {
      for (const rs of view.iptables) {
        const missing = new Map<string, IptablesRule[]>();
        for (const r of rs.rules) {
          if (!r.target || BUILTIN_TARGETS.has(r.target) || /^[a-z]/.test(r.target)) continue;
          if (chainNames(rs, r.table).has(r.target)) continue;
          const key = `${r.table}/${r.target}`;
          missing.set(key, [...(missing.get(key) ?? []), r]);
        }
        for (const [key, rules] of missing) {
          const [table, chain] = key.split("/") as [string, string];
          const other = view.iptables.find((o: IptablesRuleset) => o !== rs && o.family === rs.family && chainNames(o, table).has(chain));
          const otherChain = other?.chains.find((c) => c.table === table && c.name === chain);
          findings.push({
            id: `missing-jump-target:${view.inode}:${rs.family}:${rs.backend}:${table}:${chain}`,
            ruleId: "missing-jump-target",
            severity: "high",
            title: `Rules jump to ${chain}, which is missing in the ${describeBackend(rs)} ${table} table${other ? ` but present in ${describeBackend(other)}` : ""}`,
            explanation:
              `${rules.length} rule(s) in ${netnsLabel(ctx.index, view.inode)} jump to ${chain} in table ${table}, but ${describeBackend(rs)} has no such chain. ` +
              "iptables-restore rejects any batch that references a missing chain, so the tool writing these rules (kube-proxy, a CNI plugin) fails to apply its updates." +
              (other
                ? ` The chain exists in ${describeBackend(other)}: the node has rules in BOTH iptables backends, written by different tools (e.g. kubelet on legacy, kube-proxy on nf_tables). Each tool sees only its own backend.`
                : ""),
            remediation: other
              ? "Make every component use the same iptables backend (the host's `iptables -V` mode): run kube-proxy/CNI images whose iptables wrapper detects the backend in use (Kubernetes 1.17+ images), or switch the host with update-alternatives; then flush the unused backend's rules and restart kube-proxy and kubelet."
              : `Create the chain or fix the rule's target; find the component that owns ${chain}.`,
            references: ["https://github.com/kubernetes/kubernetes/issues/82361", "https://github.com/kubernetes/kubernetes/pull/82214", "https://github.com/kubernetes/kubernetes/pull/84422"],
            entities: { netns: [view.inode], chains: [chain, ...new Set(rules.map((r) => r.chain))] },
            evidence: [...rules.slice(0, 5).flatMap((r) => evidenceFrom(r.src, r.text)), ...evidenceFrom(otherChain?.src, `:${chain}`)],
          });
        }
      }
    }
    return findings;
  },
};

/**
 * Scenario 5: a rule jumps to a chain that does not exist in that backend's table (for
 * example KUBE-MARK-DROP missing from the nf_tables ruleset while the legacy tables have it).
 * iptables-restore refuses the whole batch, so kube-proxy stops programming services.
 * When the chain exists in the other backend, the finding says so: that is the
 * mixed-backend signature.
 */
import type { IptablesRule, IptablesRuleset, LogSignal, NetnsView } from "@/lib/model/types";
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { evidenceFromSignal } from "@/lib/model/evidence";
import { BUILTIN_TARGETS, chainNames, describeBackend, nonEmpty, MIXED_BACKENDS_REFERENCES, MIXED_BACKENDS_REMEDIATION } from "@/lib/rules/iptables-facts";
import { entities } from "@/lib/rules/entities";
import type { Rule, RuleContext } from "@/lib/rules/types";

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
              ? MIXED_BACKENDS_REMEDIATION
              : `Create the chain or fix the rule's target; find the component that owns ${chain}.`,
            references: MIXED_BACKENDS_REFERENCES,
            entities: entities({ netns: [view.inode], chains: [chain, ...rules.map((r) => r.chain)] }),
            evidence: [...rules.slice(0, 5).flatMap((r) => evidenceFrom(r.src, r.text)), ...evidenceFrom(otherChain?.src, `:${chain}`)],
          });
        }
      }
      findings.push(...fromRestoreLogs(ctx, view, new Set(findings.map((f) => f.id))));
    }
    return findings;
  },
};

/**
 * The kernel refuses a rule whose jump target does not exist, so a dump rarely shows the
 * dangling jump itself: the failed batch is simply absent. What a bundle does show is the
 * writer's "Couldn't load target `CHAIN'" log line, and CHAIN present in one backend but
 * absent from the other. That is the same finding, cited from the log.
 */
function fromRestoreLogs(ctx: RuleContext, view: NetnsView, seen: Set<string>): Finding[] {
  const out: Finding[] = [];
  const byChain = new Map<string, LogSignal[]>();
  for (const s of ctx.model.logSignals) {
    // iptables <= 1.8.4 says "Couldn't load target `X'", newer ones "Chain 'X' does not exist"
    const chain = s.signal === "iptables-missing-target" || s.signal === "iptables-missing-chain" ? s.groups.chain : undefined;
    if (chain && !BUILTIN_TARGETS.has(chain)) byChain.set(chain, [...(byChain.get(chain) ?? []), s]);
  }
  for (const [chain, lines] of byChain) {
    for (const other of view.iptables) {
      const otherChain = other.chains.find((c) => c.name === chain);
      if (!otherChain) continue;
      const table = otherChain.table;
      for (const rs of view.iptables) {
        if (rs === other || rs.family !== other.family || rs.backend === other.backend || !nonEmpty(rs) || chainNames(rs, table).has(chain)) continue;
        const id = `missing-jump-target:${view.inode}:${rs.family}:${rs.backend}:${table}:${chain}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({
          id,
          ruleId: "missing-jump-target",
          severity: "high",
          title: `Rules jump to ${chain}, which is missing in the ${describeBackend(rs)} ${table} table but present in ${describeBackend(other)}`,
          explanation:
            `${lines.length} log line(s) show iptables-restore failing on the missing ${chain}: the batch jumps to ${chain}, which ${describeBackend(rs)} in ${netnsLabel(ctx.index, view.inode)} does not have, ` +
            `so the kernel refused the whole batch and none of its rules exist. ${chain} does exist in ${describeBackend(other)} (table ${table}): the node has rules in BOTH iptables backends, ` +
            "written by different tools (e.g. kubelet on legacy, kube-proxy on nf_tables). Each tool sees only its own backend.",
          remediation:
            MIXED_BACKENDS_REMEDIATION,
          references: MIXED_BACKENDS_REFERENCES,
          entities: entities({ netns: [view.inode], chains: [chain], paths: lines.map((l) => l.artifact) }),
          evidence: [
            ...lines.slice(0, 5).map((l) => evidenceFromSignal(l, 300)),
            ...evidenceFrom(otherChain.src, `:${chain}`),
          ],
          ts: lines.find((l) => l.ts)?.ts ?? undefined,
        });
      }
    }
  }
  return out;
}

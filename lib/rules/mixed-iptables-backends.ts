/**
 * Scenario 5: rules exist in both the legacy and the nf_tables iptables backends of one
 * namespace. The kernel evaluates both, but each userland tool sees only one, so components
 * disagree about what exists (kube-proxy cannot find chains kubelet created). Each chain is
 * named with the tool that writes it by convention, and each running writer with the backend
 * its chains are in.
 */
import type { IptablesRuleset } from "@/lib/model/types";
import type { Finding } from "@/lib/rules/finding";
import { entities } from "@/lib/rules/entities";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { chainOwner, describeBackend, MIXED_BACKENDS_REFERENCES, nonEmpty } from "@/lib/rules/iptables-facts";
import type { Rule } from "@/lib/rules/types";

/** Programs that write iptables rules on a node, and so pick a backend through their binary. */
const RULE_WRITERS = /^(kube-proxy|kubelet|dockerd|containerd|firewalld|calico-node|felix|flanneld|cilium-agent|kube-router|weaver|ufw|fail2ban-server|iptables|iptables-restore|nft)$/;
const BUILTIN = new Set(["INPUT", "OUTPUT", "FORWARD", "PREROUTING", "POSTROUTING"]);

/** The user chains of a backend (what its writer made), in ruleset order, capped. */
function userChains(rs: IptablesRuleset, max = 20): string[] {
  return [...new Set(rs.chains.filter((c) => !BUILTIN.has(c.name)).map((c) => c.name))].slice(0, max);
}

export const mixedIptablesBackendsRule: Rule = {
  id: "mixed-iptables-backends",
  severity: "high",
  summary: "Rules present in both the legacy and nf_tables iptables backends",
  needs: [{ kinds: ["iptables-save"], what: "iptables-legacy-save and iptables-nft-save outputs" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const view of ctx.model.netns) {
      for (const family of [4, 6] as const) {
        const legacy = view.iptables.find((rs) => rs.family === family && rs.backend === "legacy" && nonEmpty(rs));
        const nft = view.iptables.find((rs) => rs.family === family && rs.backend === "nf_tables" && nonEmpty(rs));
        if (!legacy || !nft) continue;
        const kube = (rs: typeof legacy) => rs.chains.filter((c) => c.name.startsWith("KUBE-")).length;
        const writers = (ctx.index.pidsByNetns.get(view.inode) ?? []).flatMap((pid) => {
          const p = ctx.index.processByPid.get(pid);
          return p && RULE_WRITERS.test(p.comm) ? [p] : [];
        });
        const mode = ctx.model.bundle.iptablesMode;
        const chainsOf = (rs: typeof legacy) =>
          userChains(rs).length ? userChains(rs).map((c) => (chainOwner(c) ? `${c} (${chainOwner(c)})` : c)).join(", ") : "built-in chains only";
        // a running writer whose chains are in one backend only writes there
        const backendOf = (comm: string) => {
          const owns = (rs: typeof legacy) => userChains(rs, Infinity).some((c) => chainOwner(c) === comm);
          const [l, n] = [owns(legacy), owns(nft)];
          return l && !n ? "legacy" : n && !l ? "nf_tables" : undefined;
        };
        findings.push({
          id: `mixed-iptables-backends:${view.inode}:${family}`,
          ruleId: "mixed-iptables-backends",
          severity: "high",
          title: `IPv${family} rules in both iptables backends in ${netnsLabel(ctx.index, view.inode)}: legacy ${legacy.rules.length} rules, nf_tables ${nft.rules.length} rules`,
          explanation:
            `${describeBackend(legacy)} holds ${legacy.rules.length} rules (${kube(legacy)} KUBE-* chains) and ${describeBackend(nft)} holds ${nft.rules.length} rules (${kube(nft)} KUBE-* chains). ` +
            "Packets traverse both, but each tool reads and writes only the backend its iptables binary uses. Components then miss each other's chains " +
            "(kube-proxy failing with \"Couldn't load target KUBE-MARK-DROP\") and rules that were meant to replace each other both apply. " +
            `Chains in legacy: ${chainsOf(legacy)}; in nf_tables: ${chainsOf(nft)}.` +
            (mode ? ` The node's \`iptables\` binary uses ${mode} (iptables -V): tools that call it write there; the ${mode === "legacy" ? "nf_tables" : "legacy"} rules come from a tool that ships its own iptables (a container image's).` : "") +
            (writers.length
              ? ` Processes here that write rules: ${writers.map((p) => `${p.comm} (PID ${p.pid})${backendOf(p.comm) ? `, whose chains are in ${backendOf(p.comm)}` : ""}`).join("; ")}; each uses the backend of the iptables binary it runs.`
              : ""),
          remediation:
            "Pick one backend for the node (`iptables -V` shows the host's), make kubelet, kube-proxy and the CNI use it, flush the other (`iptables-legacy -F; iptables-legacy -X` per table, or `nft flush ruleset` for the nft side) and restart the components so they recreate their rules.",
          references: MIXED_BACKENDS_REFERENCES,
          entities: entities({ netns: [view.inode], pids: writers.map((p) => p.pid), paths: [legacy.artifact, nft.artifact], chains: [...userChains(legacy), ...userChains(nft)] }),
          evidence: [
            ...evidenceFrom(legacy.rules[0]?.src, legacy.rules[0]?.text ?? ""),
            ...evidenceFrom(nft.rules[0]?.src, nft.rules[0]?.text ?? ""),
            ...writers.slice(0, 5).flatMap((p) => evidenceFrom(p.src, p.args || p.comm)),
          ],
        });
      }
    }
    return findings;
  },
};

/**
 * Scenario 4: DROP/REJECT rules whose counters are non-zero (iptables-save -c). A rule that
 * has matched packets is the first place to look when traffic disappears. One finding per
 * rule, naming its match (source, destination, protocol, ports, interfaces), its counters,
 * the backend, and who on this node owns the addresses it matches: the namespace and
 * processes whose traffic it stops. Many hit rules of one chain and target are one finding.
 * Rules in chains kube-proxy/Docker use for expected drops are named as such, at low severity.
 */
import type { IptablesRule, IptablesRuleset, NetnsView } from "@/lib/model/types";
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { describeBackend, opt } from "@/lib/rules/iptables-facts";
import { addressHolders, type AddressHolder } from "@/lib/rules/netns-facts";
import { entities } from "@/lib/rules/entities";
import type { Rule, RuleContext } from "@/lib/rules/types";

const EXPECTED = /KUBE-FIREWALL|KUBE-MARK-DROP|ctstate INVALID|--ctstate INVALID|DOCKER-ISOLATION/;
/** More hit rules than this in one chain with one target become one finding. */
const GROUP_OVER = 5;

function matchOf(r: IptablesRule) {
  return { src: opt(r, "-s"), dst: opt(r, "-d"), proto: opt(r, "-p"), dport: opt(r, "--dport"), sport: opt(r, "--sport"), in: opt(r, "-i"), out: opt(r, "-o") };
}

function describeMatch(m: ReturnType<typeof matchOf>): string {
  const parts = [m.proto && `${m.proto}`, m.src && `from ${m.src}`, m.dst && `to ${m.dst}`, m.dport && `port ${m.dport}`, m.sport && `source port ${m.sport}`, m.in && `in on ${m.in}`, m.out && `out on ${m.out}`];
  return parts.filter(Boolean).join(" ") || "all traffic";
}

function describeOwners(ctx: RuleContext, owners: AddressHolder[]): string {
  return owners
    .map((o) => {
      const comms = o.pids.slice(0, 3).map((pid) => `${ctx.index.processByPid.get(pid)?.comm ?? "?"}(${pid})`);
      return `${o.address} on ${o.ifname} in ${netnsLabel(ctx.index, o.netns)}${comms.length ? `, processes ${comms.join(", ")}` : ", no process"}`;
    })
    .join("; ");
}

function ruleFinding(ctx: RuleContext, view: NetnsView, rs: IptablesRuleset, rules: IptablesRule[]): Finding {
  const [first] = rules as [IptablesRule, ...IptablesRule[]];
  const grouped = rules.length > 1;
  const expected = rules.every((r) => EXPECTED.test(`${r.chain} ${r.text}`));
  const matches = rules.map(matchOf);
  // INPUT (and OUTPUT) match traffic of this namespace itself; elsewhere the -d names the receiver.
  const local = first.chain === "INPUT" || first.chain === "OUTPUT";
  const dstOwners = matches.flatMap((m) => addressHolders(ctx, m.dst));
  const srcOwners = matches.flatMap((m) => addressHolders(ctx, m.src));
  const packets = rules.reduce((n, r) => n + (r.packets ?? 0), 0);
  const bytes = rules.reduce((n, r) => n + (r.bytes ?? 0), 0);
  const where = `${netnsLabel(ctx.index, view.inode)} (${describeBackend(rs)}, IPv${rs.family})`;
  const key = grouped ? `${first.table}:${first.chain}:${first.target}` : `${first.table}:${first.chain}:${first.src?.lineStart ?? 0}`;
  return {
    id: `drop-rules-hit:${view.inode}:${rs.family}:${rs.backend}:${key}`,
    ruleId: "drop-rules-hit",
    severity: expected ? "low" : "medium",
    title: grouped
      ? `${rules.length} ${first.target} rules in ${first.chain} have matched ${packets} packets in ${where}`
      : `${first.target} ${describeMatch(matches[0]!)} in ${first.chain} matched ${packets} packets in ${where}`,
    explanation:
      `${grouped ? "These rules have" : "This rule has"} ${first.target === "DROP" ? "dropped" : "rejected"} traffic since the counters were last reset (${packets} packets, ${bytes} bytes):\n` +
      rules.slice(0, 10).map((r) => `[${r.packets}:${r.bytes ?? 0}] -t ${r.table} ${r.text}`).join("\n") +
      (rules.length > 10 ? `\n… and ${rules.length - 10} more` : "") +
      (srcOwners.length ? `\nThe matched source is on this node: ${describeOwners(ctx, srcOwners)}.` : "") +
      (dstOwners.length ? `\nThe matched destination is on this node: ${describeOwners(ctx, dstOwners)}.` : local ? `\nIn ${first.chain} it stops traffic ${first.chain === "INPUT" ? "to" : "from"} this namespace itself.` : "") +
      (expected ? "\nThe chain drops by design (invalid conntrack state, kube-proxy/Docker isolation)." : "") +
      "\nDROP makes the sender retry until it times out; REJECT answers at once (TCP RST or ICMP unreachable), which clients report as \"connection refused\" or \"no route to host\".",
    remediation: "Check whether the rule matches traffic that should flow (source/destination/ports); watch the counters grow while reproducing (`iptables -nvL CHAIN`). Fix or remove it in the tool that owns the chain.",
    references: ["https://man7.org/linux/man-pages/man8/iptables.8.html"],
    entities: entities({
      ips: matches.flatMap((m) => [m.src, m.dst]),
      ports: matches.flatMap((m) => [m.dport, m.sport]).filter((p): p is string => !!p && /^\d+$/.test(p)).map(Number),
      netns: [view.inode, ...srcOwners.map((o) => o.netns), ...dstOwners.map((o) => o.netns)],
      pids: [...srcOwners, ...dstOwners].flatMap((o) => o.pids.slice(0, 5)),
      chains: rules.map((r) => r.chain),
      interfaces: matches.flatMap((m) => [m.in, m.out]),
    }),
    evidence: rules.slice(0, 10).flatMap((r) => evidenceFrom(r.src, r.text)),
  };
}

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
        const groups = new Map<string, IptablesRule[]>();
        for (const r of hit) {
          const k = `${r.table}\u0000${r.chain}\u0000${r.target}`;
          const list = groups.get(k);
          if (list) list.push(r);
          else groups.set(k, [r]);
        }
        for (const rules of groups.values()) {
          const sorted = [...rules].sort((a, b) => (b.packets ?? 0) - (a.packets ?? 0));
          if (sorted.length > GROUP_OVER) findings.push(ruleFinding(ctx, view, rs, sorted));
          else for (const r of sorted) findings.push(ruleFinding(ctx, view, rs, [r]));
        }
      }
    }
    return findings;
  },
};

/**
 * Scenario 4: DROP/REJECT rules whose counters are non-zero (iptables-save -c). A rule that
 * has matched packets is the first place to look when traffic disappears. One finding per
 * rule, naming its match (source, destination, protocol, ports, interfaces), its counters,
 * the backend, and who on this node owns the addresses it matches: the namespace and
 * processes whose traffic it stops. Many hit rules of one chain and target are one finding.
 * Rules in chains kube-proxy/Docker use for expected drops are named as such, at low severity.
 * Native nft rulesets count too: a rule with a `counter` and a drop/reject verdict (tables
 * iptables-nft made are left to its own dump, so no rule is reported twice).
 */
import type { IptablesRule, NetnsView, SourceRef } from "@/lib/model/types";
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { describeBackend, opt } from "@/lib/rules/iptables-facts";
import { addressHolders, type AddressHolder } from "@/lib/rules/netns-facts";
import { entities } from "@/lib/rules/entities";
import { dropRulesHitId } from "@/lib/rules/reject-facts";
import type { Rule, RuleContext } from "@/lib/rules/types";

const EXPECTED = /KUBE-FIREWALL|KUBE-MARK-DROP|ctstate INVALID|--ctstate INVALID|DOCKER-ISOLATION/;
/** More hit rules than this in one chain with one target become one finding. */
const GROUP_OVER = 5;

interface Match {
  src?: string;
  dst?: string;
  proto?: string;
  dport?: string;
  sport?: string;
  in?: string;
  out?: string;
}

/** A DROP/REJECT rule with hits, from iptables-save or from a native nft ruleset. */
interface HitRule {
  table: string;
  chain: string;
  target: "DROP" | "REJECT";
  /** The rule as its dump writes it. */
  text: string;
  packets: number;
  bytes: number;
  src?: SourceRef;
  match: Match;
}

/** The ruleset a rule is in, as findings name it and as ids keep it apart. */
interface Ruleset {
  family: 4 | 6 | string;
  key: string;
  label: string;
}

function iptablesMatch(r: IptablesRule): Match {
  return { src: opt(r, "-s"), dst: opt(r, "-d"), proto: opt(r, "-p"), dport: opt(r, "--dport"), sport: opt(r, "--sport"), in: opt(r, "-i"), out: opt(r, "-o") };
}

/** nft's own words: "ip saddr 198.18.0.5 tcp dport 80 iifname \"eth0\" counter packets 3 bytes 180 drop". */
function nftMatch(text: string): Match {
  const word = (re: RegExp) => re.exec(text)?.[1]?.replace(/^"|"$/g, "");
  return {
    src: word(/\bip6? saddr (?!@)(\S+)/),
    dst: word(/\bip6? daddr (?!@)(\S+)/),
    proto: word(/\b(tcp|udp|sctp|icmp|icmpv6)\b/),
    dport: word(/\b(?:tcp|udp|sctp) dport (\d+)\b/),
    sport: word(/\b(?:tcp|udp|sctp) sport (\d+)\b/),
    in: word(/\biifname (\S+)/),
    out: word(/\boifname (\S+)/),
  };
}

/** Tables iptables-nft keeps in nft: its own dump reports their rules. */
const IPTABLES_TABLES = new Set(["filter", "nat", "mangle", "raw", "security"]);

function nftHits(view: NetnsView): { rs: Ruleset; rules: HitRule[] }[] {
  if (!view.nft) return [];
  const shadowed = (family: string, name: string) =>
    IPTABLES_TABLES.has(name) && view.iptables.some((rs) => rs.backend === "nf_tables" && ((family === "ip" && rs.family === 4) || (family === "ip6" && rs.family === 6)));
  const out: { rs: Ruleset; rules: HitRule[] }[] = [];
  for (const t of view.nft.tables) {
    if (shadowed(t.family, t.name)) continue;
    const rules: HitRule[] = [];
    for (const c of t.chains) {
      for (const r of c.rules) {
        const verdict = /\b(drop|reject)\b(?:\s+with\s+\S+(?:\s+\S+)?)?(?:\s+comment\s+"[^"]*")?\s*$/.exec(r.text)?.[1];
        const counter = /\bcounter packets (\d+) bytes (\d+)/.exec(r.text);
        if (!verdict || !counter || Number(counter[1]) === 0) continue;
        rules.push({ table: `${t.family} ${t.name}`, chain: c.name, target: verdict === "drop" ? "DROP" : "REJECT", text: r.text.trim(), packets: Number(counter[1]), bytes: Number(counter[2]), src: r.src, match: nftMatch(r.text) });
      }
    }
    if (rules.length) out.push({ rs: { family: t.family, key: `nft:${t.family}:${t.name}`, label: `nft table ${t.family} ${t.name}` }, rules });
  }
  return out;
}

function describeMatch(m: Match): string {
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

function ruleFinding(ctx: RuleContext, view: NetnsView, rs: Ruleset, rules: HitRule[]): Finding {
  const [first] = rules as [HitRule, ...HitRule[]];
  const grouped = rules.length > 1;
  const expected = rules.every((r) => EXPECTED.test(`${r.chain} ${r.text}`));
  const matches = rules.map((r) => r.match);
  // INPUT (and OUTPUT) match traffic of this namespace itself; elsewhere the destination names the receiver.
  const local = /^(INPUT|OUTPUT|input|output)$/.test(first.chain);
  const dstOwners = matches.flatMap((m) => addressHolders(ctx, m.dst));
  const srcOwners = matches.flatMap((m) => addressHolders(ctx, m.src));
  const packets = rules.reduce((n, r) => n + r.packets, 0);
  const bytes = rules.reduce((n, r) => n + r.bytes, 0);
  const where = `${netnsLabel(ctx.index, view.inode)} (${rs.label}${typeof rs.family === "number" ? `, IPv${rs.family}` : ""})`;
  return {
    id: dropRulesHitId(view.inode, rs.key, first.table, first.chain, grouped ? first.target : (first.src?.lineStart ?? 0)),
    ruleId: "drop-rules-hit",
    severity: expected ? "low" : "medium",
    title: grouped
      ? `${rules.length} ${first.target} rules in ${first.chain} have matched ${packets} packets in ${where}`
      : `${first.target} ${describeMatch(matches[0]!)} in ${first.chain} matched ${packets} packet${packets === 1 ? "" : "s"} in ${where}`,
    explanation:
      `${grouped ? "These rules have" : "This rule has"} ${first.target === "DROP" ? "dropped" : "rejected"} traffic since the counters were last reset (${packets} packets, ${bytes} bytes):\n` +
      rules.slice(0, 10).map((r) => `[${r.packets}:${r.bytes}] ${r.table}: ${r.text}`).join("\n") +
      (rules.length > 10 ? `\n… and ${rules.length - 10} more` : "") +
      (srcOwners.length ? `\nThe matched source is on this node: ${describeOwners(ctx, srcOwners)}.` : "") +
      (dstOwners.length ? `\nThe matched destination is on this node: ${describeOwners(ctx, dstOwners)}.` : local ? `\nIn ${first.chain} it stops traffic ${/^input$/i.test(first.chain) ? "to" : "from"} this namespace itself.` : "") +
      (expected ? "\nThe chain drops by design (invalid conntrack state, kube-proxy/Docker isolation)." : "") +
      "\nDROP makes the sender retry until it times out; REJECT answers at once (TCP RST or ICMP unreachable), which clients report as \"connection refused\" or \"no route to host\".",
    remediation: "Check whether the rule matches traffic that should flow (source/destination/ports); watch the counters grow while reproducing (`iptables -nvL CHAIN`, `nft list chain …`). Fix or remove it in the tool that owns the chain.",
    references: ["https://man7.org/linux/man-pages/man8/iptables.8.html", "https://wiki.nftables.org/wiki-nftables/index.php/Counters"],
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

/** One finding per rule, or one per chain and target when many of its rules have hits. */
function findingsFor(ctx: RuleContext, view: NetnsView, rs: Ruleset, hit: HitRule[]): Finding[] {
  const groups = new Map<string, HitRule[]>();
  for (const r of hit) {
    const k = `${r.table}\u0000${r.chain}\u0000${r.target}`;
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.values()].flatMap((rules) => {
    const sorted = [...rules].sort((a, b) => b.packets - a.packets);
    return sorted.length > GROUP_OVER ? [ruleFinding(ctx, view, rs, sorted)] : sorted.map((r) => ruleFinding(ctx, view, rs, [r]));
  });
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
        const hit: HitRule[] = rs.rules.flatMap((r) =>
          (r.target === "DROP" || r.target === "REJECT") && (r.packets ?? 0) > 0
            ? [{ table: r.table, chain: r.chain, target: r.target, text: r.text, packets: r.packets ?? 0, bytes: r.bytes ?? 0, src: r.src, match: iptablesMatch(r) }]
            : [],
        );
        findings.push(...findingsFor(ctx, view, { family: rs.family, key: `${rs.family}:${rs.backend}`, label: describeBackend(rs) }, hit));
      }
      for (const { rs, rules } of nftHits(view)) findings.push(...findingsFor(ctx, view, rs, rules));
    }
    return findings;
  },
};

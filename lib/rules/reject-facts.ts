/**
 * Which REJECT/DROP rules stand between a TCP client and a server endpoint on this node:
 * shared by the rule that reports a REJECT on a listening port and by the capture rules,
 * which must tie a refused connection to the rule that forged the RST. Matching follows
 * iptables' semantics for the options the dumps carry: -p, --dport (N or N:M), multiport
 * --dports (lists and ranges), -d and -s (CIDRs; a negated option is not used to rule out),
 * -o (an interface name or a "+" wildcard prefix). Rules are searched in the chains INPUT
 * reaches when the namespace holds the address itself, else in those FORWARD reaches.
 */
import type { IptablesRule, IptablesRuleset, NetnsView } from "@/lib/model/types";
import { chainsReachableFrom, opt } from "@/lib/rules/iptables-facts";
import { ipInCidr } from "@/lib/rules/route-facts";

/** Does a port match `--dport`/`--dports` values: "80", "8000:8100", "80,443,9000:9100"? */
export function portInSpec(port: number, spec: string): boolean {
  return spec.split(",").some((part) => {
    const [lo, hi] = part.split(":");
    const from = lo === "" || lo === undefined ? 0 : Number(lo);
    const to = hi === undefined ? from : hi === "" ? 65535 : Number(hi);
    return Number.isInteger(from) && Number.isInteger(to) && port >= from && port <= to;
  });
}

/** The destination-port spec of a rule (--dport, --destination-port, multiport --dports), if any. */
export function dportSpec(r: IptablesRule): string | undefined {
  return opt(r, "--dport") ?? opt(r, "--destination-port") ?? opt(r, "--dports") ?? opt(r, "--destination-ports");
}

/** An address against -d/-s: IPv4 by CIDR, IPv6 exactly (with or without /128). */
function addressMatches(ip: string, cidr: string): boolean {
  if (ip.includes(":") || cidr.includes(":")) return cidr.replace(/\/128$/, "").toLowerCase() === ip.toLowerCase();
  return ipInCidr(ip, cidr);
}

/** iptables interface names: "cali+" matches every name starting "cali". */
export function interfaceMatches(name: string, pattern: string): boolean {
  return pattern.endsWith("+") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

export interface TcpTarget {
  ip: string;
  port: number;
  /** Clients seen (a -s that covers none of them rules the rule out); empty: any client. */
  clients?: string[];
  /** The interface the packet leaves by in the forwarding namespace, when known. */
  outInterface?: string;
}

/** Can this rule (a REJECT or a jump on the way to it) match a TCP SYN to the target? */
export function ruleCanMatchTcp(r: IptablesRule, t: TcpTarget): boolean {
  const proto = opt(r, "-p");
  if (proto && proto !== "tcp" && proto !== "6" && proto !== "all") return false;
  const dports = dportSpec(r);
  if (dports && !portInSpec(t.port, dports)) return false;
  const dst = opt(r, "-d");
  if (dst && !dst.split(",").some((d) => addressMatches(t.ip, d))) return false;
  const src = opt(r, "-s");
  if (src && t.clients?.length && !t.clients.some((c) => src.split(",").some((s) => addressMatches(c, s)))) return false;
  const out = opt(r, "-o");
  if (out && t.outInterface && !interfaceMatches(t.outInterface, out)) return false;
  return true;
}

export interface RuleOnPath {
  rs: IptablesRuleset;
  rule: IptablesRule;
  /** The jumps from the hook to the rule's chain (empty when it is in the hook itself). */
  jumps: IptablesRule[];
  hook: "INPUT" | "FORWARD";
}

/**
 * REJECT (or DROP) rules in the filter table of `view` that a SYN to the target can hit: every
 * rule on the path (the jumps and the rule) must be able to match. The first rule that matches
 * in ruleset order is the one that acts; later ones are listed too, as the dump cannot tell
 * which clients an earlier ACCEPT let through.
 */
export function rejectsOnPath(view: NetnsView, t: TcpTarget, targets: ReadonlySet<string> = new Set(["REJECT"])): RuleOnPath[] {
  const local = view.addresses.some((a) => a.address === t.ip);
  const hook = local ? "INPUT" : "FORWARD";
  const out: RuleOnPath[] = [];
  for (const rs of view.iptables) {
    if (rs.family !== (t.ip.includes(":") ? 6 : 4)) continue;
    const reach = chainsReachableFrom(rs, "filter", hook);
    for (const rule of rs.rules) {
      if (rule.table !== "filter" || !rule.target || !targets.has(rule.target)) continue;
      const jumps = reach.get(rule.chain);
      if (!jumps || ![rule, ...jumps].every((x) => ruleCanMatchTcp(x, t))) continue;
      out.push({ rs, rule, jumps, hook });
    }
  }
  return out;
}

/** Does a REJECT answer TCP with a reset (`--reject-with tcp-reset`) rather than an ICMP error? */
export function rejectsWithReset(r: IptablesRule): boolean {
  return /--reject-with\s+tcp-reset\b/.test(r.text);
}

/** The id the reject-listening-port rule gives a finding about this rule (forwarded: with the listener's netns). */
export function rejectListeningPortId(view: NetnsView, rs: IptablesRuleset, rule: IptablesRule, port: number, listenerNetns?: number): string {
  return `reject-listening-port:${view.inode}:${rs.family}:${rs.backend}:${port}:${rule.src?.lineStart ?? 0}${listenerNetns === undefined ? "" : `:${listenerNetns}`}`;
}

/** drop-rules-hit's id: the netns, the ruleset ("4:nf_tables", "nft:ip:filter"), and the rule's line or its group's target. */
export function dropRulesHitId(netns: number, rulesetKey: string, table: string, chain: string, lineOrTarget: string | number): string {
  return `drop-rules-hit:${netns}:${rulesetKey}:${table}:${chain}:${lineOrTarget}`;
}

/** The ids drop-rules-hit gives this rule: alone, or in the group of its chain and target. */
export function dropRulesHitIds(view: NetnsView, rs: IptablesRuleset, rule: IptablesRule): string[] {
  const key = `${rs.family}:${rs.backend}`;
  return [dropRulesHitId(view.inode, key, rule.table, rule.chain, rule.src?.lineStart ?? 0), dropRulesHitId(view.inode, key, rule.table, rule.chain, rule.target ?? "")];
}

/** Per view: the bridge ports of each master, and the answers already given per pattern. */
const behindCache = new WeakMap<NetnsView, { ports: Map<string, NetnsView["interfaces"]>; byPattern: Map<string, { netns: number; via: string }[]> }>();

/**
 * The namespaces a packet leaving `view` by interface pattern `out` reaches on this node: the
 * peer of a veth, and the peers of the veths enslaved to a bridge. Asked once per FORWARD
 * rule, so computed once per view and pattern.
 */
export function netnsBehind(view: NetnsView, out: string): { netns: number; via: string }[] {
  let cache = behindCache.get(view);
  if (!cache) {
    const ports = new Map<string, NetnsView["interfaces"]>();
    for (const i of view.interfaces) if (i.master) (ports.get(i.master) ?? ports.set(i.master, []).get(i.master)!).push(i);
    cache = { ports, byPattern: new Map() };
    behindCache.set(view, cache);
  }
  const known = cache.byPattern.get(out);
  if (known) return known;
  const found = new Map<number, string>();
  for (const i of view.interfaces) {
    if (!interfaceMatches(i.name, out)) continue;
    // A bridge port is never the routed way out: packets leave by the bridge.
    if (i.peer && i.peer.netns !== view.inode && !i.master) found.set(i.peer.netns, i.name);
    for (const port of cache.ports.get(i.name) ?? []) if (port.peer && port.peer.netns !== view.inode) found.set(port.peer.netns, i.name);
  }
  const result = [...found].map(([netns, via]) => ({ netns, via }));
  cache.byPattern.set(out, result);
  return result;
}

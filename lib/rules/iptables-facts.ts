/** iptables facts shared by the netfilter rules. */
import type { IptablesRule, IptablesRuleset, NetnsView } from "@/lib/model/types";

export const BUILTIN_TARGETS = new Set([
  "ACCEPT", "DROP", "REJECT", "RETURN", "QUEUE", "NFQUEUE", "LOG", "NFLOG", "ULOG", "MASQUERADE", "SNAT", "DNAT", "REDIRECT",
  "MARK", "CONNMARK", "CT", "NOTRACK", "TRACE", "TCPMSS", "TPROXY", "CHECKSUM", "CLASSIFY", "DSCP", "TOS", "TTL", "HL",
  "SET", "AUDIT", "SECMARK", "CONNSECMARK", "NETMAP", "TEE", "IDLETIMER", "LED", "RATEEST", "SYNPROXY", "HMARK", "CLUSTERIP",
]);

/** Only rulesets that hold rules; an empty nf_tables dump beside a full legacy one is normal. */
export function nonEmpty(rs: IptablesRuleset): boolean {
  return rs.rules.length > 0 || rs.chains.some((c) => c.policy !== null && c.policy !== "ACCEPT");
}

export function rulesetsOf(view: NetnsView, family: 4 | 6 = 4): IptablesRuleset[] {
  return view.iptables.filter((rs) => rs.family === family);
}

const chainCache = new WeakMap<IptablesRuleset, Map<string, Set<string>>>();

/** Chain names of one table, computed once per ruleset (rules ask for every rule). */
export function chainNames(rs: IptablesRuleset, table: string): Set<string> {
  let byTable = chainCache.get(rs);
  if (!byTable) {
    byTable = new Map();
    for (const c of rs.chains) (byTable.get(c.table) ?? byTable.set(c.table, new Set()).get(c.table)!).add(c.name);
    chainCache.set(rs, byTable);
  }
  return byTable.get(table) ?? new Set();
}

/**
 * Chains of one table that packets entering `root` can traverse through -j/-g jumps to user
 * chains, each with the jump rules that lead there from `root` (empty for `root` itself).
 * Breadth-first, so each path is a shortest one; a chain is visited once, which also makes
 * jump cycles (only possible in hand-made dumps: the kernel refuses loops) harmless.
 * Chains reachable only from other built-ins (FORWARD, OUTPUT) are not in the result.
 */
export function chainsReachableFrom(rs: IptablesRuleset, table: string, root: string): Map<string, IptablesRule[]> {
  const names = chainNames(rs, table);
  const byChain = new Map<string, IptablesRule[]>();
  for (const r of rs.rules) if (r.table === table) (byChain.get(r.chain) ?? byChain.set(r.chain, []).get(r.chain)!).push(r);
  const paths = new Map<string, IptablesRule[]>([[root, []]]);
  const queue = [root];
  for (let chain = queue.shift(); chain !== undefined; chain = queue.shift()) {
    const path = paths.get(chain)!;
    for (const r of byChain.get(chain) ?? []) {
      if (!r.target || BUILTIN_TARGETS.has(r.target) || !names.has(r.target) || paths.has(r.target)) continue;
      paths.set(r.target, [...path, r]);
      queue.push(r.target);
    }
  }
  return paths;
}

/**
 * Who writes a chain, by the names the tools give their chains (kubelet's and kube-proxy's
 * come from pkg/kubelet and pkg/proxy; both create KUBE-MARK-MASQ and KUBE-POSTROUTING).
 */
const CHAIN_OWNERS: [RegExp, string][] = [
  [/^KUBE-(MARK-MASQ|POSTROUTING)$/, "kubelet or kube-proxy"],
  [/^KUBE-(MARK-DROP|FIREWALL|KUBELET-CANARY)$/, "kubelet"],
  [/^KUBE-ROUTER-/, "kube-router"],
  [/^KUBE-(SERVICES|SVC-|SEP-|EXT-|FW-|SVL-|NODEPORTS|FORWARD|PROXY-|EXTERNAL-SERVICES|NODE-PORT|LOAD-BALANCER|LOOP-BACK|IPVS-)/, "kube-proxy"],
  [/^DOCKER/, "dockerd"],
  [/^cali-/, "calico-node"],
  [/^CILIUM_/, "cilium-agent"],
  [/^FLANNEL-/, "flanneld"],
  [/^WEAVE/, "weaver"],
  [/^f2b-/, "fail2ban"],
  [/^ufw6?-/, "ufw"],
  [/^(IN|FWD[IO]?|OUT)_|_direct$|^(INPUT|FORWARD|OUTPUT)_(ZONES|POLICIES)/, "firewalld"],
];

export function chainOwner(chain: string): string | undefined {
  return CHAIN_OWNERS.find(([re]) => re.test(chain))?.[1];
}

export function isNatRule(r: IptablesRule): boolean {
  return r.table === "nat" && (r.target === "MASQUERADE" || r.target === "SNAT" || r.target === "DNAT");
}

/** The value of a match option, e.g. opt(rule, "-s") → "10.244.0.0/16" (ignores negated ones). */
export function opt(rule: IptablesRule, flag: string): string | undefined {
  const m = new RegExp(`(^|\\s)(!\\s+)?${flag.replace(/-/g, "\\-")}\\s+(\\S+)`).exec(rule.text);
  if (!m || m[2]) return undefined;
  return m[3];
}

export function describeBackend(rs: IptablesRuleset): string {
  return rs.backend === "unknown" ? "iptables (backend unknown)" : `iptables-${rs.backend === "nf_tables" ? "nft" : "legacy"}`;
}

/** What to do about rules in both iptables backends (scenario 5), shared by the rules that see it. */
export const MIXED_BACKENDS_REMEDIATION =
  "Make every component use the same iptables backend (the host's `iptables -V` mode): run kube-proxy/CNI images whose iptables wrapper detects the backend in use (Kubernetes 1.17+ images), or switch the host with update-alternatives; then flush the unused backend's rules and restart kube-proxy and kubelet.";

export const MIXED_BACKENDS_REFERENCES = [
  "https://github.com/kubernetes/kubernetes/issues/82361",
  "https://github.com/kubernetes/kubernetes/pull/82214",
  "https://github.com/kubernetes/kubernetes/pull/84422",
];

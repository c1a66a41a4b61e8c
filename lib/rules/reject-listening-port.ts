/**
 * Scenario 4: a REJECT/DROP rule for a TCP port on which a local socket listens. The
 * service looks up (`ss -l` shows it) yet clients get "connection refused" or time out.
 * Hosts keep such rules in user chains (kube-proxy's KUBE-FIREWALL, fail2ban's f2b-sshd,
 * ufw-user-input, firewalld's INPUT_direct), so every filter chain that INPUT reaches
 * through -j/-g jumps is searched, and the finding names the path and cites its jumps.
 * Traffic to a container is forwarded, not delivered: a rule in a chain FORWARD reaches,
 * with a destination held by another namespace on this node, counts against the listeners
 * in that namespace.
 */
import type { Address, IptablesRule, IptablesRuleset, NetnsView, Socket } from "@/lib/model/types";
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { chainsReachableFrom, opt } from "@/lib/rules/iptables-facts";
import { ipInCidr } from "@/lib/rules/route-facts";
import { entities } from "@/lib/rules/entities";
import { addressHolders } from "@/lib/rules/netns-facts";
import { dportSpec, interfaceMatches, netnsBehind, portInSpec, rejectListeningPortId } from "@/lib/rules/reject-facts";
import type { Rule, RuleContext } from "@/lib/rules/types";

export const rejectListeningPortRule: Rule = {
  id: "reject-listening-port",
  severity: "high",
  summary: "REJECT/DROP rule on a port a local socket listens on",
  needs: [
    { kinds: ["iptables-save"], what: "iptables rulesets" },
    { kinds: ["ss", "netstat"], what: "sockets (ss -tanpie)" },
  ],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const view of ctx.model.netns) {
      const listening = view.sockets.filter((s) => s.proto === "tcp" && /^LISTEN/i.test(s.state) && s.localPort !== undefined);
      if (!listening.length) continue;
      for (const rs of view.iptables) {
        const reach = chainsReachableFrom(rs, "filter", "INPUT");
        for (const r of rs.rules) {
          if (r.table !== "filter" || (r.target !== "REJECT" && r.target !== "DROP")) continue;
          const jumps = reach.get(r.chain);
          if (!jumps) continue;
          const dport = opt(r, "--dport");
          if (!dport || !/^\d+$/.test(dport)) continue;
          const sock = listening.find((s) => s.localPort === Number(dport) && familyMatches(s, rs) && [r, ...jumps].every((x) => canMatch(x, s, rs, view.addresses)));
          if (!sock) continue;
          const who = sock.processes[0] ? `${sock.processes[0].comm} (PID ${sock.processes[0].pid})` : "a local process";
          const chains = [...jumps.map((j) => j.chain), r.chain];
          // A source or interface qualifier anywhere on the path lets only part of the clients through to the REJECT.
          const narrowed = [r, ...jumps].find((x) => opt(x, "-s") || opt(x, "-i"));
          findings.push({
            id: rejectListeningPortId(view, rs, r, Number(dport)),
            ruleId: "reject-listening-port",
            severity: narrowed ? "medium" : "high",
            title: `${r.target} on TCP port ${dport} where ${who} listens, in ${netnsLabel(ctx.index, view.inode)}`,
            explanation:
              `${who} listens on ${sock.local}, but the ${r.chain} rule \`${r.text}\`${jumps.length ? ` (reached ${chains.join(" -> ")} through ${jumps.map((j) => `\`${j.text}\``).join(", ")})` : ""}` +
              ` ${r.target === "REJECT" ? "rejects" : "drops"} TCP to port ${dport}` +
              `${narrowed && opt(narrowed, "-s") ? ` from ${opt(narrowed, "-s")}` : ""}. ${r.target === "REJECT" ? "Clients get an immediate RST or ICMP unreachable (\"connection refused\")" : "Clients' SYNs vanish and connections time out"}` +
              ` although the service is up.${(r.packets ?? 0) > 0 ? ` The rule has matched ${r.packets} packets.` : ""}`,
            remediation: "Narrow or remove the rule (or add an ACCEPT before it for the clients that must reach the service).",
            references: ["https://man7.org/linux/man-pages/man8/iptables-extensions.8.html"],
            entities: entities({
              ips: [opt(r, "-d"), narrowed ? opt(narrowed, "-s") : undefined],
              ports: [Number(dport)],
              netns: [view.inode],
              pids: sock.processes.map((p) => p.pid),
              chains,
            }),
            evidence: [
              ...evidenceFrom(r.src, r.text),
              ...jumps.flatMap((j) => evidenceFrom(j.src, j.text)),
              ...evidenceFrom(sock.src, `LISTEN ${sock.local}`),
            ],
          });
        }
      }
    }
    for (const view of ctx.model.netns) for (const rs of view.iptables) findings.push(...forwardedRejects(ctx, view, rs));
    return findings;
  },
};

/** Forwarded namespaces a FORWARD rule can reach: the holders of its -d, else those behind its -o, else behind any interface. */
function forwardTargets(ctx: RuleContext, view: NetnsView, r: IptablesRule): { netns: number; addresses: Address[]; via?: string }[] {
  const dst = opt(r, "-d");
  if (dst) {
    return addressHolders(ctx, dst)
      .filter((h) => h.netns !== view.inode)
      .map((h) => ({ netns: h.netns, addresses: ctx.index.netnsByInode.get(h.netns)?.addresses.filter((a) => a.address === h.address) ?? [] }));
  }
  const out = opt(r, "-o");
  // Without -d and -o the rule applies to all forwarded traffic: every namespace behind this one.
  return netnsBehind(view, out ?? "+")
    .slice(0, MAX_FORWARD_TARGETS)
    .map((b) => ({ netns: b.netns, via: b.via, addresses: ctx.index.netnsByInode.get(b.netns)?.addresses.filter((a) => a.ifname !== "lo") ?? [] }));
}

/** Namespaces behind a forwarding rule checked for listeners, at most (a node may forward for hundreds of pods). */
const MAX_FORWARD_TARGETS = 200;

/**
 * REJECT/DROP rules FORWARD reaches that hit a listener in another namespace of this node: by
 * the rule's -d (the namespace holding that address), or, for a rule that names only the way
 * out (`-o cni0`, `-o cali+`) or nothing, the namespaces behind those interfaces (a veth's peer,
 * the veths of a bridge).
 */
function forwardedRejects(ctx: RuleContext, view: NetnsView, rs: IptablesRuleset): Finding[] {
  const out: Finding[] = [];
  const reach = chainsReachableFrom(rs, "filter", "FORWARD");
  for (const r of rs.rules) {
    if (r.table !== "filter" || (r.target !== "REJECT" && r.target !== "DROP")) continue;
    const jumps = reach.get(r.chain);
    const dports = dportSpec(r);
    if (!jumps || !dports) continue;
    const dst = opt(r, "-d");
    for (const target of forwardTargets(ctx, view, r)) {
      const ns = ctx.index.netnsByInode.get(target.netns);
      const sock = ns?.sockets.find(
        (s) =>
          s.proto === "tcp" && /^LISTEN/i.test(s.state) && s.localPort !== undefined && portInSpec(s.localPort, dports) && familyMatches(s, rs) &&
          [r, ...jumps].every((x) => canMatch(x, s, rs, target.addresses) && (!target.via || !opt(x, "-o") || interfaceMatches(target.via, opt(x, "-o")!))),
      );
      if (!sock || sock.localPort === undefined) continue;
      const port = sock.localPort;
      const address = listenerAddress(sock, target.addresses, rs.family);
      const who = sock.processes[0] ? `${sock.processes[0].comm} (PID ${sock.processes[0].pid})` : "a process";
      const chains = [...jumps.map((j) => j.chain), r.chain];
      const holder = target.addresses.find((a) => a.address === address);
      const narrowed = [r, ...jumps].find((x) => opt(x, "-s") || opt(x, "-i"));
      out.push({
        id: rejectListeningPortId(view, rs, r, port, target.netns),
        ruleId: "reject-listening-port",
        severity: narrowed ? "medium" : "high",
        title: `${r.target} in ${r.chain} on TCP ${address ? `${address}:${port}` : `port ${port}`} where ${who} listens in ${netnsLabel(ctx.index, target.netns)}`,
        explanation:
          `${who} listens on ${sock.local} in ${netnsLabel(ctx.index, target.netns)}, but traffic to it is forwarded through ${netnsLabel(ctx.index, view.inode)}` +
          `${target.via ? ` and leaves it by ${target.via}` : ""}, ` +
          `whose ${r.chain} rule \`${r.text}\`${jumps.length ? ` (reached ${chains.join(" -> ")} through ${jumps.map((j) => `\`${j.text}\``).join(", ")})` : ""} ` +
          `${r.target === "REJECT" ? "rejects it: clients get \"connection refused\"" : "drops it: clients time out"} although the service is up.` +
          `${(r.packets ?? 0) > 0 ? ` The rule has matched ${r.packets} packets.` : ""}`,
        remediation: "Narrow or remove the rule in the forwarding namespace (or add an ACCEPT before it for the clients that must reach the service).",
        references: ["https://man7.org/linux/man-pages/man8/iptables-extensions.8.html"],
        entities: entities({
          ips: [dst, address, narrowed ? opt(narrowed, "-s") : undefined],
          ports: [port],
          netns: [view.inode, target.netns],
          pids: sock.processes.map((p) => p.pid),
          chains,
          interfaces: [opt(r, "-o"), target.via],
        }),
        evidence: [
          ...evidenceFrom(r.src, r.text),
          ...jumps.flatMap((j) => evidenceFrom(j.src, j.text)),
          ...(holder ? evidenceFrom(holder.src, `${holder.address}/${holder.prefixLen} on ${holder.ifname}`) : []),
          ...evidenceFrom(sock.src, `LISTEN ${sock.local}`),
        ],
      });
    }
  }
  return out;
}

/** The address a listener is reached on: its own, or for a wildcard listener the namespace's first of the family. */
function listenerAddress(s: Socket, addresses: Address[], family: 4 | 6): string | undefined {
  const host = s.local.slice(0, s.local.lastIndexOf(":")).replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (host !== "*" && host !== "0.0.0.0" && host !== "::") return host;
  return addresses.find((a) => a.family === family && !a.address.startsWith("fe80:"))?.address;
}

/** The socket must be of the rule's family: ip6tables rules do not touch IPv4 listeners. */
function familyMatches(s: Socket, rs: IptablesRuleset): boolean {
  const fam = s.local.startsWith("[") ? 6 : s.local.startsWith("*") ? 0 : 4;
  return fam === 0 || fam === rs.family;
}

/**
 * Whether a rule on the path (the REJECT or a jump to it) can match TCP to this listener:
 * another protocol or port never does, and a destination (`-d`) must cover the listener's
 * address or, for a wildcard listener, one of the netns's addresses. Without that, kube-proxy's
 * "-d CLUSTER-IP --dport 443 -j REJECT" for a service without endpoints would be reported
 * against any local listener on 443.
 */
function canMatch(r: IptablesRule, s: Socket, rs: IptablesRuleset, addresses: Address[]): boolean {
  const proto = opt(r, "-p");
  if (proto && proto !== "tcp" && proto !== "6") return false;
  const dport = opt(r, "--dport");
  if (dport && /^\d+$/.test(dport) && Number(dport) !== s.localPort) return false;
  const dst = opt(r, "-d");
  // ipInCidr compares IPv4 only; IPv6 destinations are not used to rule anything out
  if (!dst || rs.family !== 4) return true;
  const host = s.local.slice(0, s.local.lastIndexOf(":")).replace(/%.*$/, "");
  const wildcard = host === "*" || host === "0.0.0.0" || host === "[::]";
  const candidates = wildcard ? addresses.filter((a) => a.family === 4).map((a) => a.address) : [host];
  return candidates.length === 0 || candidates.some((ip) => ipInCidr(ip, dst));
}

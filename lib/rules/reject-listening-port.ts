/**
 * Scenario 4: a REJECT/DROP rule for a TCP port on which a local socket listens. The
 * service looks up (`ss -l` shows it) yet clients get "connection refused" or time out.
 */
import type { Finding } from "@/lib/model/types";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { opt } from "@/lib/rules/iptables-facts";
import type { Rule } from "@/lib/rules/types";

export const rejectListeningPortRule: Rule = {
  id: "reject-listening-port",
  severity: "high",
  summary: "REJECT/DROP rule on a port a local socket listens on",
  needs: [
    { kinds: ["iptables-save"], what: "iptables rulesets" },
    { kinds: ["ss"], what: "sockets (ss -tanpie)" },
  ],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const view of ctx.model.netns) {
      const listening = view.sockets.filter((s) => s.proto === "tcp" && /^LISTEN/i.test(s.state) && s.localPort !== undefined);
      if (!listening.length) continue;
      for (const rs of view.iptables) {
        for (const r of rs.rules) {
          if (r.table !== "filter" || (r.target !== "REJECT" && r.target !== "DROP")) continue;
          if (r.chain !== "INPUT") continue;
          const dport = opt(r, "--dport");
          if (!dport || !/^\d+$/.test(dport)) continue;
          if (opt(r, "-p") && opt(r, "-p") !== "tcp") continue;
          // The socket must be of the rule's family: ip6tables rules do not touch IPv4 listeners.
          const sockFamily = (s: { local: string }) => (s.local.startsWith("[") ? 6 : s.local.startsWith("*") ? 0 : 4);
          const sock = listening.find((s) => s.localPort === Number(dport) && (sockFamily(s) === 0 || sockFamily(s) === rs.family));
          if (!sock) continue;
          const who = sock.processes[0] ? `${sock.processes[0].comm} (PID ${sock.processes[0].pid})` : "a local process";
          findings.push({
            id: `reject-listening-port:${view.inode}:${rs.family}:${rs.backend}:${dport}:${r.src?.lineStart ?? 0}`,
            ruleId: "reject-listening-port",
            // Narrowed to some sources or one interface, it blocks only part of the clients.
            severity: opt(r, "-s") || opt(r, "-i") ? "medium" : "high",
            title: `${r.target} on TCP port ${dport} where ${who} listens, in ${netnsLabel(ctx.index, view.inode)}`,
            explanation:
              `${who} listens on ${sock.local}, but the ${r.chain} rule \`${r.text}\` ${r.target === "REJECT" ? "rejects" : "drops"} TCP to port ${dport}` +
              `${opt(r, "-s") ? ` from ${opt(r, "-s")}` : ""}. ${r.target === "REJECT" ? "Clients get an immediate RST or ICMP unreachable (\"connection refused\")" : "Clients' SYNs vanish and connections time out"}` +
              ` although the service is up.${(r.packets ?? 0) > 0 ? ` The rule has matched ${r.packets} packets.` : ""}`,
            remediation: "Narrow or remove the rule (or add an ACCEPT before it for the clients that must reach the service).",
            references: ["https://man7.org/linux/man-pages/man8/iptables-extensions.8.html"],
            entities: { netns: [view.inode], chains: [r.chain], pids: sock.processes.map((p) => p.pid) },
            evidence: [...evidenceFrom(r.src, r.text), ...evidenceFrom(sock.src, `LISTEN ${sock.local}`)],
          });
        }
      }
    }
    return findings;
  },
};

/**
 * SYNs answered by an ICMP destination-unreachable in a capture, per server endpoint: what
 * `-j REJECT` sends by default (icmp-port-unreachable) and with `--reject-with icmp-*`, and
 * what a router says when it has no route or a policy forbids the packet. Clients see
 * "connection refused" (port unreachable) or "no route to host" (host/net unreachable,
 * administratively prohibited). Named with the ICMP sender (its address, MAC and the
 * namespace that owns that MAC) and, when that namespace has one, the REJECT rule that sent it.
 */
import { attributedAnomalies, attributedGroups } from "@/lib/model/attribute-captures";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import type { Evidence, Finding } from "@/lib/rules/finding";
import { endpointName, macOwners } from "@/lib/rules/capture-facts";
import { describeRejects, listensAt, rejectCauseIds, rejectsAnswering } from "@/lib/rules/capture-reject-facts";
import { entities } from "@/lib/rules/entities";
import type { Rule } from "@/lib/rules/types";

/** Endpoints reported, at most (most rejections first); the packets view lists the rest. */
const MAX_ENDPOINTS = 20;

/** ICMP (type 3) and ICMPv6 (type 1) unreachable codes, as a client's error and what sends them. */
function describeCode(type: number | undefined, code: number | undefined): string {
  if (type === 3) {
    const v4: Record<number, string> = {
      0: "network unreachable", 1: "host unreachable", 3: "port unreachable", 9: "network administratively prohibited",
      10: "host administratively prohibited", 13: "communication administratively prohibited",
    };
    return `ICMP ${v4[code ?? -1] ?? `unreachable code ${code}`} (3/${code})`;
  }
  if (type === 1) {
    const v6: Record<number, string> = { 0: "no route", 1: "administratively prohibited", 3: "address unreachable", 4: "port unreachable", 6: "reject route" };
    return `ICMPv6 ${v6[code ?? -1] ?? `unreachable code ${code}`} (1/${code})`;
  }
  return "ICMP unreachable";
}

interface Endpoint {
  ip: string;
  port: number;
  records: number;
  attempts: number;
  macs: string[];
  clients: string[];
  senders: string[];
  codes: string[];
  firstTs: string;
  captures: Evidence[];
}

export const captureIcmpRejectedRule: Rule = {
  id: "capture-icmp-rejected",
  severity: "medium",
  summary: "Connection attempts answered by ICMP unreachable in a capture, per server endpoint",
  needs: [{ kinds: ["pcap"], what: "a packet capture (--pcap-seconds or --extra)" }],
  evaluate(ctx) {
    const byEndpoint = new Map<string, Endpoint>();
    for (const c of ctx.model.captures) {
      const anomalies = attributedAnomalies(c).filter((a) => a.kind === "icmp-unreachable" && a.flow?.proto === "tcp");
      for (const g of attributedGroups(c)) {
        if (g.kind !== "icmp-unreachable" || g.proto !== "tcp") continue;
        const key = endpointName({ ip: g.dst, port: g.dport });
        const e = byEndpoint.get(key) ?? { ip: g.dst, port: g.dport, records: 0, attempts: 0, macs: [], clients: [], senders: [], codes: [], firstTs: g.firstTs, captures: [] };
        e.records += g.records;
        e.attempts += g.attempts;
        if (g.firstTs < e.firstTs) e.firstTs = g.firstTs;
        for (const m of g.answeredBy) if (!e.macs.includes(m.mac)) e.macs.push(m.mac);
        for (const a of anomalies.filter((x) => x.flow?.dst === g.dst && x.flow.dport === g.dport)) {
          if (!e.clients.includes(a.flow!.src)) e.clients.push(a.flow!.src);
          if (a.fromIp && !e.senders.includes(a.fromIp)) e.senders.push(a.fromIp);
          const code = describeCode(a.icmpType, a.icmpCode);
          if (!e.codes.includes(code)) e.codes.push(code);
        }
        e.captures.push({ artifact: c.artifact, lineStart: 0, lineEnd: 0, excerpt: `${g.records} of ${g.attempts} connection attempts to ${key} answered by ICMP unreachable`, quote: "summary" });
        byEndpoint.set(key, e);
      }
    }
    const findings: Finding[] = [];
    for (const e of [...byEndpoint.values()].sort((a, b) => b.records - a.records).slice(0, MAX_ENDPOINTS)) {
      const endpoint = endpointName(e);
      const owners = e.macs.flatMap((m) => macOwners(ctx, m));
      const rejects = rejectsAnswering(ctx, { ip: e.ip, port: e.port, clients: e.clients }, owners.map((o) => o.netns), "icmp");
      const listened = listensAt(ctx, e.ip, e.port);
      const evidence: Evidence[] = [...e.captures, ...owners.flatMap((o) => o.evidence)];
      for (const r of rejects) evidence.push(...evidenceFrom(r.rule.src, r.rule.text), ...r.jumps.flatMap((j) => evidenceFrom(j.src, j.text)));
      const finding: Finding = {
        id: `capture-icmp-rejected:${endpoint}`,
        ruleId: "capture-icmp-rejected",
        // a REJECT in front of a service that is up refuses what should work
        severity: rejects.length > 0 && listened ? "high" : "medium",
        title: `${e.records} of ${e.attempts} connections to ${endpoint} rejected with ${e.codes[0] ?? "ICMP unreachable"} in the capture`,
        explanation:
          `Connection attempts from ${e.clients.slice(0, 5).join(", ") || "clients"} to ${endpoint} were answered by ${e.codes.join(", ") || "ICMP unreachable"}` +
          `${e.senders.length ? ` from ${e.senders.join(", ")}` : ""}` +
          `${owners.length ? ` (${owners.map((o) => `${o.mac} on ${o.ifname} in ${netnsLabel(ctx.index, o.netns)}`).join(", ")})` : e.macs.length ? ` (MAC ${e.macs.join(", ")}, which no interface in the bundle has)` : ""}. ` +
          "Clients report \"connection refused\" for port unreachable and \"no route to host\" for the others. " +
          (rejects.length
            ? `${describeRejects(ctx, e.ip, rejects, "ICMP error")} ${listened ? `A socket listens on port ${e.port} where ${e.ip} lives: the rule rejects connections to a service that is up.` : ""}`
            : "No REJECT rule in the sender's namespace matches: a router without a route, or a policy elsewhere on the path, answers for the server."),
        remediation: rejects.length
          ? "Narrow or remove the REJECT rule named above, or ACCEPT the clients that must reach the service before it; watch its counters while reproducing (`iptables -nvL CHAIN`)."
          : "Find the sender of the ICMP error by its address and MAC; check its routes to the server and its filter rules.",
        references: ["https://www.rfc-editor.org/rfc/rfc792", "https://man7.org/linux/man-pages/man8/iptables-extensions.8.html"],
        entities: entities({
          ips: [e.ip, ...e.senders, ...e.clients],
          ports: [e.port],
          services: [endpoint],
          macs: e.macs,
          netns: owners.map((o) => o.netns),
          interfaces: owners.map((o) => o.ifname),
          chains: rejects.flatMap((r) => [...r.jumps.map((j) => j.chain), r.rule.chain]),
        }),
        evidence,
        ts: e.firstTs,
      };
      const causes = rejects.flatMap((r) => rejectCauseIds(ctx, e.ip, e.port, r));
      if (causes.length) finding.causedBy = causes;
      findings.push(finding);
    }
    return findings;
  },
};

/**
 * Scenario 1's decisive clue as a finding of its own: in a capture, SYNs to one server
 * endpoint answered by RST,ACK. Named per endpoint: the clients, how many attempts of how
 * many were refused, the latency, the MAC that refused and the netns/interface on this node
 * that owns it, and the MAC that answered the others. When the server address is configured
 * in several namespaces, the duplicate IP is the cause.
 */
import type { Evidence, Finding } from "@/lib/rules/finding";
import { entities } from "@/lib/rules/entities";
import { addressOwners, attemptsByEndpoint, isDuplicated, latencyText, macOwners, captureEvidence, clientsText, endpointName } from "@/lib/rules/capture-facts";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { describeRejects, listensAt, rejectCauseIds, rejectsAnswering } from "@/lib/rules/capture-reject-facts";
import type { Rule } from "@/lib/rules/types";

/** Endpoints reported, at most (most refusals first); the packets view lists the rest. */
const MAX_ENDPOINTS = 20;

export const captureRefusedConnectionsRule: Rule = {
  id: "capture-refused-connections",
  severity: "medium",
  summary: "Connections refused (SYN answered by RST) in a capture, per server endpoint",
  needs: [{ kinds: ["pcap"], what: "a packet capture (--pcap-seconds or --extra)" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const e of attemptsByEndpoint(ctx, "refused").slice(0, MAX_ENDPOINTS)) {
      const endpoint = endpointName(e);
      const refusers = e.matchingMacs.flatMap((m) => macOwners(ctx, m));
      const answerers = e.answeredMacs.filter((m) => !e.matchingMacs.includes(m)).flatMap((m) => macOwners(ctx, m));
      const duplicated = isDuplicated(ctx, e.ip);
      const intermittent = e.answered > 0;
      // Refused by one MAC and accepted by another: two hosts or namespaces answer for one address.
      const twoAnswerers = e.matchingMacs.length > 0 && e.answeredMacs.some((m) => !e.matchingMacs.includes(m));
      const total = e.matching + e.answered;
      const where = (o: { netns: number; ifname: string; mac: string }) => `${o.mac} (${o.ifname} in ${netnsLabel(ctx.index, o.netns)})`;
      const evidence: Evidence[] = captureEvidence(e);
      for (const o of [...refusers, ...answerers]) evidence.push(...o.evidence);
      const latency = latencyText(e.latencyUs);
      const forged = rejectsAnswering(ctx, e, refusers.map((o) => o.netns), "tcp-reset");
      for (const f of forged) evidence.push(...evidenceFrom(f.rule.src, f.rule.text), ...f.jumps.flatMap((j) => evidenceFrom(j.src, j.text)));
      const listened = listensAt(ctx, e.ip, e.port);
      const finding: Finding = {
        id: `capture-refused-connections:${endpoint}`,
        ruleId: "capture-refused-connections",
        // Two answerers for one address is a fault; one that refuses, or refused for a while, may be a closed or restarting port.
        // A REJECT in front of a service that is up refuses what should work.
        severity: twoAnswerers || duplicated || (forged.length > 0 && listened) ? "high" : "medium",
        title: `${e.partial ? "At least " : ""}${e.matching} of ${total} connections to ${endpoint} refused (RST) in the capture`,
        explanation:
          `${e.matching} connection attempt(s) from ${clientsText(e)} to ${endpoint} ` +
          `were answered at once by RST,ACK${latency ? ` (${latency} after the SYN)` : ""}` +
          (intermittent ? `, while ${e.answered} other(s) to the same endpoint got a SYN-ACK` : ", and none got a SYN-ACK") +
          `${e.partial ? " (the capture saw more flows than it lists: counts are lower bounds)" : ""}. ` +
          (e.matchingMacs.length
            ? `The RST came from ${refusers.length ? refusers.map(where).join(", ") : e.matchingMacs.join(", ")}${refusers.length ? "" : " (a MAC no interface in the bundle has)"}. `
            : "") +
          (answerers.length ? `The SYN-ACKs came from ${answerers.map(where).join(", ")}. ` : "") +
          (forged.length ? `${describeRejects(ctx, e.ip, forged, "RST")} ` : "") +
          (duplicated
            ? `${e.ip} is configured in more than one network namespace: each connection reaches one copy, and the copy without the listener refuses it.`
            : twoAnswerers
              ? "One MAC refuses and another accepts: the endpoint is served by more than one host or namespace (a duplicate address, a stale ARP/FDB entry, a load balancer with a dead backend)."
              : forged.length
                ? listened
                  ? `${e.ip} does listen on port ${e.port}: the rule refuses connections to a service that is up.`
                  : ""
              : intermittent
                ? "The same answerer accepted some and refused others: the service restarted or its listen queue was full, or a REJECT rule matches only some clients."
                : "Nothing listens on that port where the packets arrive, or a REJECT rule answers for it."),
        remediation: duplicated
          ? "Remove the copy of the address that has no listener (see the duplicate-IP finding), then flush the neighbour caches of the clients."
          : forged.length
            ? "Narrow or remove the REJECT rule named above, or ACCEPT the clients that must reach the service before it; watch its counters while reproducing (`iptables -nvL CHAIN`)."
            : "Check what listens on the port in the namespace that owns the refusing MAC (`ss -ltnp`) and any REJECT rules on the path; when two MACs answer, find the second answerer by its MAC.",
        references: ["https://www.rfc-editor.org/rfc/rfc9293#section-3.5.2"],
        entities: entities({
          ips: [e.ip, ...e.clients],
          ports: [e.port],
          services: [endpoint],
          macs: [...e.matchingMacs, ...e.answeredMacs],
          netns: [...refusers, ...answerers].map((o) => o.netns),
          interfaces: [...refusers, ...answerers].map((o) => o.ifname),
          chains: forged.flatMap((f) => [...f.jumps.map((j) => j.chain), f.rule.chain]),
        }),
        evidence,
        ts: e.firstTs,
      };
      const causes = [...(duplicated ? [`duplicate-ip:${e.ip}`] : []), ...forged.flatMap((f) => rejectCauseIds(ctx, e.ip, e.port, f))];
      if (causes.length) finding.causedBy = causes;
      findings.push(finding);
    }
    return findings;
  },
};

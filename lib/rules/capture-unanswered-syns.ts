/**
 * SYNs to one server endpoint that got no answer at all in a capture: a silent DROP, a
 * routing or rp_filter black hole, or a dead address. Named per endpoint with its clients,
 * the retries, and the netns on this node that holds the address, when one does. A service
 * VIP kube-proxy programs is only a translation rule: SYNs to it that go out unanswered mean
 * the translation did not happen (scenario 5), so the failing kube-proxy is the cause.
 */
import type { Evidence, Finding } from "@/lib/rules/finding";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { serviceRules } from "@/lib/rules/kube-proxy-facts";
import { entities } from "@/lib/rules/entities";
import { addressOwners, attemptsByEndpoint, captureEvidence, clientsText, endpointName } from "@/lib/rules/capture-facts";
import type { Rule } from "@/lib/rules/types";

const MAX_ENDPOINTS = 20;

export const captureUnansweredSynsRule: Rule = {
  id: "capture-unanswered-syns",
  severity: "medium",
  summary: "Connection attempts with no answer in a capture, per server endpoint",
  needs: [{ kinds: ["pcap"], what: "a packet capture (--pcap-seconds or --extra)" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    const services = serviceRules(ctx.model).filter((s) => s.proto === "tcp");
    for (const e of attemptsByEndpoint(ctx, "unanswered").slice(0, MAX_ENDPOINTS)) {
      const endpoint = endpointName(e);
      const service = services.filter((s) => s.service === endpoint);
      const owners = addressOwners(ctx, e.ip);
      const total = e.matching + e.answered;
      const evidence: Evidence[] = captureEvidence(e);
      for (const o of owners) evidence.push(...o.evidence);
      for (const r of service.slice(0, 2)) for (const l of r.lines) evidence.push(...evidenceFrom(l.src, l.text));
      const finding: Finding = {
        id: `capture-unanswered-syns:${endpoint}`,
        ruleId: "capture-unanswered-syns",
        // a service address nobody answers for is a broken service, whatever the cause
        severity: service.length ? "high" : "medium",
        title: `${e.partial ? "At least " : ""}${e.matching} of ${total} connections to ${endpoint} got no answer in the capture`,
        explanation:
          `${e.matching} connection attempt(s) from ${clientsText(e)} to ${endpoint} ` +
          `sent SYNs and got nothing back (no SYN-ACK, RST or ICMP error)${e.answered ? `, while ${e.answered} other(s) to the same endpoint were answered` : ""}. ` +
          (service.length
            ? `${endpoint} is a service address kube-proxy programs (${service.map((r) => (r.backend === "ipvs" ? `IPVS: ${r.lines[0]!.text}` : `${r.target ?? "?"} in the ${r.backend} backend`)).join("; ")}): ` +
              "the SYNs went out to the VIP itself, so the translation to an endpoint did not happen where they passed (rules in the other iptables backend, a failed kube-proxy sync, no endpoints). "
            : "") +
          (owners.length
            ? `On this node ${e.ip} is held by ${owners.map((o) => `${o.ifname} in ${netnsLabel(ctx.index, o.netns)}`).join(", ")}. `
            : `No namespace in the bundle holds ${e.ip}: the packets leave the node, or the address is gone. `) +
          "Silent loss like this comes from a DROP rule, a missing route back, strict rp_filter, or an address nobody answers for.",
        remediation: "Follow the path of one SYN: the DROP rules and their counters in each namespace on the way, the routes back to the client, rp_filter, and whether the server answers at all (a capture inside its namespace).",
        references: ["https://www.rfc-editor.org/rfc/rfc9293#section-3.5"],
        entities: entities({
          ips: [e.ip, ...e.clients],
          ports: [e.port],
          services: [endpoint],
          netns: [...owners.map((o) => o.netns), ...service.flatMap((r) => (r.netns === undefined ? [] : [r.netns]))],
          interfaces: owners.map((o) => o.ifname),
          chains: service.flatMap((r) => (r.backend === "ipvs" ? [] : ["KUBE-SERVICES", ...(r.target ? [r.target] : [])])),
        }),
        evidence,
        ts: e.firstTs,
      };
      if (service.length) finding.causedBy = ["kube-proxy-restore-failure"];
      findings.push(finding);
    }
    return findings;
  },
};

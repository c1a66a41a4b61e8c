/**
 * Scenario 5's symptom: sockets on the node stuck in SYN-SENT to a service VIP kube-proxy
 * programs. The VIP is only a DNAT rule; a SYN that stays unanswered means the rule is not
 * working where the packet passes (missing in the active backend, no endpoints, a failed
 * kube-proxy sync). Joined to the failing kube-proxy when its finding exists.
 */
import type { Socket } from "@/lib/model/types";
import type { Evidence, Finding } from "@/lib/rules/finding";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { entities } from "@/lib/rules/entities";
import { serviceRules, type ServiceRule } from "@/lib/rules/kube-proxy-facts";
import type { Rule } from "@/lib/rules/types";

export const serviceConnectStuckRule: Rule = {
  id: "service-connect-stuck",
  severity: "high",
  summary: "Connections to a service VIP stuck in SYN-SENT",
  needs: [
    { kinds: ["ss", "netstat"], what: "sockets (ss -tanpie)" },
    { kinds: ["iptables-save"], what: "iptables rulesets (kube-proxy's KUBE-SERVICES)" },
  ],
  evaluate(ctx) {
    const byService = new Map<string, ServiceRule[]>();
    for (const s of serviceRules(ctx.model).filter((x) => x.proto === "tcp")) {
      const list = byService.get(s.service);
      if (list) list.push(s);
      else byService.set(s.service, [s]);
    }
    const stuck = new Map<string, { netns: number; sock: Socket }[]>();
    for (const view of ctx.model.netns) {
      for (const sock of view.sockets) {
        if (!/^SYN-SENT/i.test(sock.state) || !byService.has(sock.peer)) continue;
        const list = stuck.get(sock.peer);
        if (list) list.push({ netns: view.inode, sock });
        else stuck.set(sock.peer, [{ netns: view.inode, sock }]);
      }
    }
    const findings: Finding[] = [];
    for (const [service, socks] of stuck) {
      const rules = byService.get(service) ?? [];
      const [rule] = rules as [ServiceRule];
      const evidence: Evidence[] = [
        ...socks.slice(0, 5).flatMap((x) => evidenceFrom(x.sock.src, `${x.sock.state} ${x.sock.local} ${x.sock.peer}`)),
        ...rules.slice(0, 3).flatMap((r) => r.lines.flatMap((x) => evidenceFrom(x.src, x.text))),
      ];
      findings.push({
        id: `service-connect-stuck:${service}`,
        ruleId: "service-connect-stuck",
        severity: "high",
        title: `${socks.length} connection(s) to service ${service} stuck in SYN-SENT`,
        explanation:
          `${socks.slice(0, 5).map((x) => `${x.sock.local} → ${service}${x.sock.processes[0] ? ` (${x.sock.processes[0].comm} pid ${x.sock.processes[0].pid})` : ""} in ${netnsLabel(ctx.index, x.netns)}`).join(", ")} ` +
          `${socks.length > 1 ? "wait" : "waits"} for a SYN-ACK that does not come. ${service} is a service address: ` +
          (rule.backend === "ipvs"
            ? `an IPVS virtual service (${rule.lines[0]!.text})${rule.endpoints === 0 ? " with no real servers: the service has no endpoints" : ""}. `
            : `kube-proxy's rule \`${rule.lines.at(-1)!.text}\` (${rule.backend}) should translate it to an endpoint. `) +
          "A SYN that stays unanswered means the translation is not working where the packet passes: " +
          "the rules are in the other iptables backend, the service has no endpoints, or kube-proxy could not sync.",
        remediation: "Check kube-proxy's log and sync errors, which backend its rules are in (`iptables-legacy-save` and `iptables-nft-save`), and the service's endpoints (`kubectl get endpointslices`).",
        references: ["https://kubernetes.io/docs/reference/networking/virtual-ips/"],
        entities: entities({
          ips: [rule.ip, ...socks.map((x) => localIp(x.sock.local))],
          ports: [rule.port],
          services: [service],
          netns: socks.map((x) => x.netns),
          pids: socks.flatMap((x) => x.sock.processes.map((p) => p.pid)),
          chains: rules.flatMap((r) => (r.backend === "ipvs" ? [] : ["KUBE-SERVICES", ...(r.target ? [r.target] : [])])),
        }),
        evidence,
        causedBy: ["kube-proxy-restore-failure"],
      });
    }
    return findings;
  },
};

/** The address of a socket's local end ("198.18.0.2:48324", "[fd00::2]:48324"). */
function localIp(local: string): string | undefined {
  const m = /^\[?([^\]]+?)\]?:\d+$/.exec(local);
  return m && m[1] !== "*" ? m[1] : undefined;
}

/**
 * Scenario 4: net.ipv4.ip_forward=0 in a namespace that routes for containers (the host, or
 * any netns with a bridge). Pods can then reach nothing beyond their own bridge: service
 * VIPs, other nodes and the outside all fail, while the node itself works.
 */
import type { Finding } from "@/lib/rules/finding";
import { namespace, netnsLabel } from "@/lib/model/lookup";
import { sysctlsOf } from "@/lib/rules/sysctl-facts";
import { entities, sysctlEntity } from "@/lib/rules/entities";
import { isDefaultRoute } from "@/lib/rules/route-facts";
import type { Rule, RuleContext } from "@/lib/rules/types";

/** A runtime daemon in the host netns (one in another netns does not route for the host). */
function hostRunsContainers(ctx: RuleContext, hostNetns: number): boolean {
  return (
    ctx.model.containers.length > 0 ||
    ctx.model.processes.some((p) => /^(dockerd|containerd|kubelet|crio|podman)$/.test(p.comm) && (p.ns.net === undefined || p.ns.net === hostNetns))
  );
}

export const ipForwardDisabledRule: Rule = {
  id: "ip-forward-disabled",
  severity: "high",
  summary: "IPv4 forwarding is off in a namespace that routes for containers",
  needs: [{ kinds: ["sysctl"], what: "sysctl values (sysctl -a, per-netns sysctl net)" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const view of ctx.model.netns) {
      const isHost = namespace(ctx.index, "net", view.inode)?.isHost ?? false;
      const value = sysctlsOf(ctx.model, view, isHost)["net.ipv4.ip_forward"];
      if (!value || value.value.trim() !== "0") continue;
      const bridges = view.interfaces.filter((i) => i.linkKind === "bridge");
      // A pod's own eth0 is a veth too: veths count only where they lead to containers
      // (routed CNIs such as Calico: several veths, or the default route leaves by another device).
      // a pair with both ends in this netns leads nowhere else
      const veths = view.interfaces.filter((i) => i.linkKind === "veth" && !(i.peer && i.peer.netns === view.inode));
      const defaultDevs = new Set(view.routes.filter((r) => r.family === 4 && isDefaultRoute(r)).map((r) => r.dev));
      const routesForVeths = veths.length > 1 || (veths.length === 1 && defaultDevs.size > 0 && !veths.some((v) => defaultDevs.has(v.name)));
      // Only a namespace that routes for containers needs forwarding; a plain host or a pod does not.
      if (bridges.length === 0 && !routesForVeths && !(isHost && hostRunsContainers(ctx, view.inode))) continue;
      findings.push({
        id: `ip-forward-disabled:${view.inode}`,
        ruleId: "ip-forward-disabled",
        severity: "high",
        title: `net.ipv4.ip_forward=0 in ${netnsLabel(ctx.index, view.inode)}`,
        explanation:
          `IPv4 forwarding is disabled in ${netnsLabel(ctx.index, view.inode)}` +
          (bridges.length ? `, which has bridge${bridges.length > 1 ? "s" : ""} ${bridges.map((b) => b.name).join(", ")}` : "") +
          ". Packets from containers to anything beyond their bridge (service VIPs, other nodes, the internet) are dropped by the kernel " +
          "instead of routed, while traffic from the node itself keeps working.",
        remediation:
          "Set net.ipv4.ip_forward=1 (`sysctl -w net.ipv4.ip_forward=1` and persist it in /etc/sysctl.d/). Find what turned it off " +
          "(a hardening profile, a network manager restart); docker and kube-proxy normally enable it at start.",
        references: ["https://docs.kernel.org/networking/ip-sysctl.html", "https://kubernetes.io/docs/setup/production-environment/container-runtimes/#prerequisite-ipv4-forwarding-optional"],
        entities: entities({ netns: [view.inode], sysctls: [sysctlEntity("net.ipv4.ip_forward", value.value.trim())], interfaces: bridges.map((b) => b.name) }),
        evidence: value.src ? [{ ...value.src, excerpt: `net.ipv4.ip_forward = ${value.value}` }] : [],
      });
    }
    return findings;
  },
};

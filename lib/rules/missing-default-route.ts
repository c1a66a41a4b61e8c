/**
 * Scenario 4: a namespace with a workload (processes and a non-loopback address) but no
 * default route: everything beyond its directly connected subnets is unreachable. Many
 * workloads only talk on-link (a sidecar, an isolated test netns), so it is medium unless
 * the bundle shows egress failing: a socket stuck in SYN-SENT to an off-link address, a log
 * line of a process in the namespace saying "Network is unreachable" (ENETUNREACH, what
 * connect() returns without a route), or namespaces with workloads routed through it (a
 * node's pods lose their egress with it).
 */
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom, namespace, netnsLabel } from "@/lib/model/lookup";
import { evidenceFromSignal } from "@/lib/model/evidence";
import type { Address, NetnsView, Route, Socket } from "@/lib/model/types";
import { entities } from "@/lib/rules/entities";
import { ipInCidr, isDefaultRoute, isHostLocalAddress } from "@/lib/rules/route-facts";
import type { SignalSpec } from "@/lib/stream/signal-matcher";
import type { LogSignal } from "@/lib/stream/types";
import type { Rule, RuleContext } from "@/lib/rules/types";

/**
 * "connect: network is unreachable" and the like. A journal record carries its sender's PID;
 * a container runtime's log file names the container by its path.
 */
export const EGRESS_UNREACHABLE_SIGNAL: SignalSpec = {
  id: "egress-network-unreachable",
  keywords: ["etwork is unreachable", "ENETUNREACH"],
  pattern: String.raw`[Nn]etwork is unreachable|ENETUNREACH`,
};

/** A 64-hex container id in a log file's path (docker's containers/ID/ID-json.log, CRI's …-ID.log). */
const CONTAINER_IN_PATH = /[0-9a-f]{64}/;

/** The log lines saying "network is unreachable" written by a process in this namespace (by PID, or by the container of the log file). */
function unreachableLines(ctx: RuleContext, inode: number): LogSignal[] {
  return ctx.model.logSignals.filter((s) => {
    if (s.signal !== EGRESS_UNREACHABLE_SIGNAL.id) return false;
    if (s.pid !== undefined) return ctx.index.processByPid.get(s.pid)?.ns.net === inode;
    const id = CONTAINER_IN_PATH.exec(s.artifact)?.[0];
    const c = id ? ctx.model.containers.find((x) => x.id.startsWith(id) || id.startsWith(x.id)) : undefined;
    return c?.pid !== undefined && ctx.index.processByPid.get(c.pid)?.ns.net === inode;
  });
}

/** An IPv4 default route that forwards (not unreachable/blackhole/prohibit). */
const usableDefault = (r: Route) => r.family === 4 && isDefaultRoute(r) && r.type !== "unreachable" && r.type !== "blackhole" && r.type !== "prohibit";

/**
 * Namespaces with processes whose IPv4 default route leads into `view`: its gateway is an
 * address `view` holds, or the route leaves by a veth whose peer is in `view` (Calico's
 * `default via 169.254.1.1 dev eth0` answers by proxy ARP from the node's end).
 */
function routedThrough(ctx: RuleContext, view: NetnsView): { netns: number; via: string }[] {
  const held = new Set(view.addresses.map((a) => a.address));
  const out: { netns: number; via: string }[] = [];
  for (const other of ctx.model.netns) {
    if (other.inode === view.inode || (ctx.index.pidsByNetns.get(other.inode) ?? []).length === 0) continue;
    const defaults = other.routes.filter(usableDefault);
    const route = defaults.find((r) => r.gateway !== undefined && held.has(r.gateway));
    const byPeer = defaults.find((r) => other.interfaces.some((i) => i.name === r.dev && i.peer?.netns === view.inode));
    const r = route ?? byPeer;
    if (!r) continue;
    const nodeEnd = other.interfaces.find((i) => i.name === r.dev)?.peer;
    out.push({ netns: other.inode, via: nodeEnd?.netns === view.inode ? nodeEnd.ifname : (view.addresses.find((a) => a.address === r.gateway)?.ifname ?? r.dev ?? "?") });
  }
  return out;
}

/** The destination a failing connect names ("dial tcp 198.18.5.5:443: connect: network is unreachable"). */
function unreachableTarget(text: string): { ip: string; port: number } | undefined {
  const m = /(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})\b[^\n]*?(?:[Nn]etwork is unreachable|ENETUNREACH)/.exec(text);
  return m ? { ip: m[1]!, port: Number(m[2]) } : undefined;
}

/** "198.18.0.5:80" / "[fd00::5]:80" → address and port. */
function splitEndpoint(s: string): { ip: string; port: number } | null {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(s);
  return m ? { ip: m[1]!, port: Number(m[2]) } : null;
}

/** IPv4 sockets still waiting for a SYN-ACK from an address outside every connected subnet. */
function offLinkSynSent(view: NetnsView, addrs: Address[]): { sock: Socket; ip: string; port: number }[] {
  return view.sockets.flatMap((sock) => {
    if (!sock.state.toUpperCase().startsWith("SYN-SENT")) return [];
    const peer = splitEndpoint(sock.peer);
    if (!peer || peer.ip.includes(":") || isHostLocalAddress(peer.ip)) return [];
    return addrs.some((a) => ipInCidr(peer.ip, `${a.address}/${a.prefixLen}`)) ? [] : [{ sock, ...peer }];
  });
}

export const missingDefaultRouteRule: Rule = {
  id: "missing-default-route",
  severity: "medium",
  summary: "No default route in a namespace that has workloads",
  needs: [{ kinds: ["ip-route-json", "ip-route"], what: "routes (ip route show table all)" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const view of ctx.model.netns) {
      if (!view.collected.some((k) => k.startsWith("ip-route"))) continue;
      const addrs = view.addresses.filter((a) => a.family === 4 && !a.address.startsWith("127.") && !a.address.startsWith("169.254."));
      if (!addrs.length) continue;
      const isHost = namespace(ctx.index, "net", view.inode)?.isHost ?? false;
      const pids = ctx.index.pidsByNetns.get(view.inode) ?? [];
      if (!isHost && pids.length === 0) continue; // process-less namespaces have their own finding
      if (view.routes.some(usableDefault)) continue;
      const stuck = offLinkSynSent(view, addrs);
      const logged = unreachableLines(ctx, view.inode);
      const targets = logged.flatMap((l) => unreachableTarget(l.text) ?? []);
      // workloads whose default route leads into this namespace (a node's pods): their egress goes with its own
      const behind = routedThrough(ctx, view);
      const failing = stuck.length > 0 || logged.length > 0 || behind.length > 0;
      findings.push({
        id: `missing-default-route:${view.inode}`,
        ruleId: "missing-default-route",
        severity: failing ? "high" : "medium",
        title: `No IPv4 default route in ${netnsLabel(ctx.index, view.inode)}`,
        explanation:
          `${netnsLabel(ctx.index, view.inode)} has addresses (${addrs.map((a) => `${a.address}/${a.prefixLen} on ${a.ifname}`).join(", ")}) and ` +
          `${isHost ? "is the host namespace" : `${pids.length} process(es)`}, but no default route in any table: only its directly connected subnets are reachable; ` +
          "connections elsewhere fail at once with \"Network is unreachable\"." +
          (stuck.length
            ? ` Egress is failing now: ${stuck.slice(0, 5).map((x) => `${x.sock.local} → ${x.sock.peer} in SYN-SENT${x.sock.processes[0] ? ` (${x.sock.processes[0].comm} pid ${x.sock.processes[0].pid})` : ""}`).join(", ")}.`
            : "") +
          (logged.length ? ` Its processes log the failure: ${logged.slice(0, 3).map((l) => `"${l.text.trim().slice(0, 200)}"`).join("; ")}${logged.length > 3 ? ` and ${logged.length - 3} more` : ""}.` : "") +
          (behind.length
            ? ` ${behind.length} namespace(s) with workloads are routed through it (via ${[...new Set(behind.map((b) => b.via))].join(", ")}), so they lose their egress with it.`
            : "") +
          (failing ? "" : " No socket, log line or routed workload in the bundle shows a connection off its subnets failing, so its workload may only talk on-link."),
        remediation: "Restore the default route (for pods the CNI plugin sets it on ADD; re-create the pod). On hosts, check DHCP/network manager configuration.",
        references: ["https://man7.org/linux/man-pages/man8/ip-route.8.html"],
        entities: entities({
          ips: [...addrs.map((a) => a.address), ...stuck.map((x) => x.ip), ...targets.map((t) => t.ip)],
          ports: [...stuck.map((x) => x.port), ...targets.map((t) => t.port)],
          netns: [view.inode, ...behind.map((b) => b.netns)],
          pids: [...stuck.flatMap((x) => x.sock.processes.map((p) => p.pid)), ...logged.flatMap((l) => (l.pid === undefined ? [] : [l.pid]))],
          paths: logged.map((l) => l.artifact),
          interfaces: [...addrs.map((a) => a.ifname), ...behind.map((b) => b.via)],
        }),
        evidence: [
          ...addrs.flatMap((a) => evidenceFrom(a.src, `${a.address}/${a.prefixLen} ${a.ifname}`)),
          ...stuck.slice(0, 5).flatMap((x) => evidenceFrom(x.sock.src, `${x.sock.state} ${x.sock.local} ${x.sock.peer}`)),
          ...logged.slice(0, 5).map((l) => evidenceFromSignal(l)),
        ],
        ...(logged[0]?.ts ? { ts: logged[0].ts } : {}),
      });
    }
    return findings;
  },
};

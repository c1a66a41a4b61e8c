/**
 * Scenario 1 and 3: the same address configured in more than one network namespace.
 * The leaked copy answers some SYNs with RST,ACK (connection refused ~1 time in N) while
 * the live pod never sees them. Critical when a copy has no live workload: its netns has
 * no process, or only orphaned runtime shims / pause processes. IPv6 duplicate address
 * detection (RFC 4862) sees copies that share a link: the kernel marks the later one
 * "dadfailed" and never uses it, so that copy's namespace has lost the address instead.
 */
import type { Address, Socket } from "@/lib/model/types";
import type { PcapSummary } from "@/lib/pcap";
import type { Evidence, Finding } from "@/lib/rules/finding";
import { describeAncestry, evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { attributedAnomalies } from "@/lib/model/attribute-captures";
import { holderSummary, isLiveWorkloadNetns, orphanedShims } from "@/lib/rules/netns-facts";
import { entities } from "@/lib/rules/entities";
import { isHostLocalAddress } from "@/lib/rules/route-facts";
import type { Rule, RuleContext } from "@/lib/rules/types";

interface Copy {
  netns: number;
  addr: Address;
}

function copiesByIp(ctx: RuleContext): Map<string, Copy[]> {
  const byIp = new Map<string, Copy[]>();
  for (const view of ctx.model.netns) {
    for (const addr of view.addresses) {
      if (isHostLocalAddress(addr.address)) continue;
      const list = byIp.get(addr.address) ?? [];
      if (!list.some((c) => c.netns === view.inode)) list.push({ netns: view.inode, addr });
      byIp.set(addr.address, list);
    }
  }
  return byIp;
}

/** A socket that accepts connections for ip:port (bound to the address or to any). */
function listens(ctx: RuleContext, netns: number, ip: string, port?: number): Socket | undefined {
  const view = ctx.index.netnsByInode.get(netns);
  const bound = (local: string) => local.startsWith(`${ip}:`) || local.startsWith(`[${ip}]:`) || /^(\*|0\.0\.0\.0|\[::\]):/.test(local);
  return view?.sockets.find((s) => s.state.toUpperCase().startsWith("LISTEN") && bound(s.local) && (port === undefined || s.localPort === port || s.local.endsWith(`:${port}`)));
}

function describeListener(sock: Socket): string {
  return `${sock.local}${sock.processes[0] ? ` (${sock.processes[0].comm} pid ${sock.processes[0].pid})` : ""}`;
}

/** TCP ports clients asked for at ip in the captures: which copy listens on them is the point. */
function portsInTraffic(ctx: RuleContext, ip: string): number[] {
  const ports = new Set<number>();
  for (const c of ctx.model.captures) {
    for (const f of (c.summary as PcapSummary | null)?.flows ?? []) if (f.proto === "tcp" && f.dst === ip) ports.add(f.dport);
  }
  return [...ports].sort((x, y) => x - y).slice(0, 10);
}

/** The findings that explain a dead copy: its netns kept by a mount alone, or by an orphaned shim. */
function copyCauses(ctx: RuleContext, netns: number): string[] {
  const pids = ctx.index.pidsByNetns.get(netns) ?? [];
  if (pids.length === 0) return [`netns-without-process:${netns}`];
  return orphanedShims(ctx).filter((o) => o.process.ns.net === netns || pids.includes(o.process.pid)).map((o) => `orphaned-runtime-shim:${o.process.pid}`);
}

/** Anomaly kinds a duplicate IP causes: the leaked copy refusing SYNs, two MACs answering ARP. */
const CAPTURE_PROOF = new Set(["syn-refused", "duplicate-ip"]);
/** Capture anomalies cited per capture: the first few prove it; the capture view has the rest. */
const MAX_CAPTURE_EVIDENCE = 5;

/**
 * A capture that saw the duplicate at work is the decisive clue: cite its anomalies for this
 * IP (the capture as a whole: no lines) and name the namespaces that sent them.
 */
function citeCaptures(ctx: RuleContext, f: Finding, ip: string): void {
  for (const c of ctx.model.captures) {
    for (const a of attributedAnomalies(c)) {
      if (!CAPTURE_PROOF.has(a.kind) || ![a.fromIp, a.flow?.dst, a.flow?.src].includes(ip)) continue;
      if (f.evidence.filter((e) => e.artifact === c.artifact).length >= MAX_CAPTURE_EVIDENCE) continue;
      f.evidence.push({ artifact: c.artifact, lineStart: 0, lineEnd: 0, excerpt: a.text, quote: "summary" });
      f.explanation += `\nCapture ${c.artifact}: ${a.text}`;
      for (const p of a.from) if (!f.entities.netns?.includes(p.netns)) (f.entities.netns ??= []).push(p.netns);
      // the client whose connection the wrong copy took
      const client = a.flow && a.flow.dst === ip ? a.flow.src : undefined;
      if (client && !f.entities.ips?.includes(client)) (f.entities.ips ??= []).push(client);
    }
  }
}

export const duplicateIpRule: Rule = {
  id: "duplicate-ip",
  severity: "high",
  summary: "The same IP address is configured in more than one network namespace",
  needs: [{ kinds: ["ip-addr-json", "ip-addr"], what: "addresses inside each network namespace (ip addr)" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const [ip, copies] of copiesByIp(ctx)) {
      if (copies.length < 2) continue;
      const ports = portsInTraffic(ctx, ip);
      const lines: string[] = [];
      const evidence: Evidence[] = [];
      const pids: number[] = [];
      const macs: (string | null)[] = [];
      const paths: string[] = [];
      const mntns: number[] = [];
      const causedBy: string[] = [];
      let deadCopy = false;
      const dadFailedIn: number[] = [];
      for (const c of copies) {
        const live = isLiveWorkloadNetns(ctx, c.netns);
        if (!live.live) {
          deadCopy = true;
          causedBy.push(...copyCauses(ctx, c.netns));
        }
        const iface = ctx.index.netnsByInode.get(c.netns)?.interfaces.find((i) => i.name === c.addr.ifname);
        macs.push(iface?.mac ?? null);
        const holders = holderSummary(ctx, c.netns);
        pids.push(...holders.pids, ...holders.seenByPids);
        paths.push(...holders.paths);
        mntns.push(...holders.mntns);
        const ancestry = holders.pids.slice(0, 3).map((pid) => describeAncestry(ctx.index, pid));
        const listening = ports.length
          ? ports.map((port) => {
              const sock = listens(ctx, c.netns, ip, port);
              if (sock) evidence.push(...evidenceFrom(sock.src, sock.local));
              return sock ? `listens on ${port}: ${describeListener(sock)}` : `does not listen on ${port}`;
            }).join(", ")
          : ((sock) => (sock ? `listener ${describeListener(sock)}` : "no listener"))(listens(ctx, c.netns, ip));
        const dadFailed = c.addr.flags?.includes("dadfailed") ?? false;
        if (dadFailed) dadFailedIn.push(c.netns);
        lines.push(
          `- ${netnsLabel(ctx.index, c.netns)} on ${c.addr.ifname}${iface?.mac ? ` (MAC ${iface.mac})` : ""}: ${holders.text}` +
            (ancestry.length ? `; ancestry ${ancestry.join("; ")}` : "") +
            `; ${listening}` +
            (live.live ? "" : ` — ${live.reason}`) +
            (dadFailed ? " — duplicate address detection failed here (dadfailed): the kernel does not use this copy" : ""),
        );
        evidence.push(...evidenceFrom(c.addr.src, `${c.addr.address}/${c.addr.prefixLen} on ${c.addr.ifname}${c.addr.flags?.length ? ` ${c.addr.flags.join(" ")}` : ""}`));
        if (iface?.mac) evidence.push(...evidenceFrom(iface.src, `${iface.name} link/ether ${iface.mac}`));
        evidence.push(...holders.evidence);
      }
      const finding: Finding = {
        id: `duplicate-ip:${ip}`,
        ruleId: "duplicate-ip",
        severity: deadCopy ? "critical" : "high",
        title: `IP ${ip} is configured in ${copies.length} network namespaces`,
        explanation:
          `The address ${ip} is assigned in ${copies.length} network namespaces:\n${lines.join("\n")}\n` +
          "When several namespaces on one bridge own the same IP, ARP and the bridge's forwarding table decide per " +
          "connection which copy receives a packet. Connections that reach a copy without the listening workload are " +
          "answered at once with RST,ACK (\"connection refused\") or vanish, so clients see intermittent failures while " +
          "a capture inside the real pod never sees the SYN." +
          (deadCopy ? " At least one copy has no live workload: it is a leaked namespace still holding the IP." : "") +
          (dadFailedIn.length
            ? ` The kernel's duplicate address detection saw the conflict on the link and disabled the copy in ${dadFailedIn.map((n) => netnsLabel(ctx.index, n)).join(", ")} (dadfailed): ` +
              "that namespace cannot send from or answer for the address, so its workload has lost it while the other copy takes its traffic."
            : ""),
        remediation:
          "Identify the copy that should not exist (no live workload, orphaned shim or process-less netns). Remove its holder: " +
          "stop the orphaned runtime shim (its container is gone), unmount the nsfs bind mount or `ip netns delete` the name. " +
          "Then restart the affected pod so its IP is re-learned (ARP/bridge FDB). For the cause, see the related findings " +
          "(runtime killed during stop, MountFlags=slave, CNI DEL failures).",
        references: [
          "https://github.com/moby/moby/issues/31597",
          "https://github.com/moby/moby/pull/31996",
          "https://github.com/kubernetes/kubernetes/issues/73360",
        ],
        entities: entities({ ips: [ip], ports, macs, netns: copies.map((c) => c.netns), mntns, pids, paths, interfaces: copies.map((c) => c.addr.ifname) }),
        evidence,
      };
      if (causedBy.length) finding.causedBy = [...new Set(causedBy)];
      citeCaptures(ctx, finding, ip);
      findings.push(finding);
    }
    return findings;
  },
};

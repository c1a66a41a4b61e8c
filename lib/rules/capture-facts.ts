/**
 * Connection attempts in the captures, per server endpoint (ip:port): how many were refused
 * (SYN answered by RST), left unanswered or answered by SYN-ACK, by which clients, with what
 * latency, and which MAC answered; and which netns/interface on this node owns that MAC.
 */
import type { Flow, PcapSummary } from "@/lib/pcap";
import type { Evidence } from "@/lib/rules/finding";
import { evidenceFrom } from "@/lib/model/lookup";
import type { RuleContext } from "@/lib/rules/types";
import { addressHolders } from "@/lib/rules/netns-facts";

/** Outcomes that mean the server answered the SYN with SYN-ACK. */
const HANDSHAKE_DONE = new Set(["established", "closed", "reset"]);

export interface EndpointAttempts {
  ip: string;
  port: number;
  /** Flows with the outcome asked for (refused or unanswered), and those that got a SYN-ACK. */
  matching: number;
  answered: number;
  /** Some capture lists fewer flows than it saw: the counts are then lower bounds. */
  partial: boolean;
  clients: string[];
  /** Source MACs of the server side in the matching flows, then in the answered ones. */
  matchingMacs: string[];
  answeredMacs: string[];
  /** Responder latency of the matching flows (SYN → RST), microseconds. */
  latencyUs: number[];
  firstTs: string;
  lastTs: string;
  captures: { artifact: string; flows: number; message: string }[];
}

export interface MacOwner {
  mac: string;
  netns: number;
  ifname: string;
  evidence: Evidence[];
}

const key = (ip: string, port: number) => `${ip}\u0000${port}`;

/** Loopback and cooked captures without a link address: no MAC to tell answerers apart. */
const NO_MAC = /^(00:){5}00$/;
const realMacs = (macs: string[]) => macs.filter((m) => !NO_MAC.test(m));

/** TCP connection attempts with the given outcome, grouped by server endpoint over all captures. */
export function attemptsByEndpoint(ctx: RuleContext, outcome: "refused" | "unanswered"): EndpointAttempts[] {
  const out = new Map<string, EndpointAttempts>();
  for (const c of ctx.model.captures) {
    const summary = c.summary as PcapSummary | null;
    if (!summary?.flows) continue;
    const partial = summary.totalFlows > summary.flows.length;
    const byEndpoint = new Map<string, Flow[]>();
    for (const f of summary.flows) {
      if (f.proto !== "tcp") continue;
      const k = key(f.dst, f.dport);
      const list = byEndpoint.get(k);
      if (list) list.push(f);
      else byEndpoint.set(k, [f]);
    }
    for (const flows of byEndpoint.values()) {
      const hits = flows.filter((f) => f.outcome === outcome);
      if (hits.length === 0) continue;
      const { dst, dport } = hits[0]!;
      const answered = flows.filter((f) => f.outcome !== null && HANDSHAKE_DONE.has(f.outcome));
      const k = key(dst, dport);
      const e = out.get(k) ?? { ip: dst, port: dport, matching: 0, answered: 0, partial: false, clients: [], matchingMacs: [], answeredMacs: [], latencyUs: [], firstTs: hits[0]!.firstTs, lastTs: hits[0]!.lastTs, captures: [] };
      e.matching += hits.length;
      e.answered += answered.length;
      e.partial ||= partial;
      for (const f of hits) {
        if (!e.clients.includes(f.src)) e.clients.push(f.src);
        for (const m of realMacs(f.dstMacs)) if (!e.matchingMacs.includes(m)) e.matchingMacs.push(m);
        if (f.handshakeUs !== null) e.latencyUs.push(f.handshakeUs);
        if (f.firstTs < e.firstTs) e.firstTs = f.firstTs;
        if (f.lastTs > e.lastTs) e.lastTs = f.lastTs;
      }
      for (const f of answered) for (const m of realMacs(f.dstMacs)) if (!e.answeredMacs.includes(m)) e.answeredMacs.push(m);
      const what = outcome === "refused" ? "answered by RST" : "never answered";
      e.captures.push({ artifact: c.artifact, flows: hits.length, message: `${hits.length} of ${hits.length + answered.length} connection attempts to ${dst}:${dport} ${what}` });
      out.set(k, e);
    }
  }
  return [...out.values()].sort((a, b) => b.matching - a.matching || a.ip.localeCompare(b.ip) || a.port - b.port);
}

/** The interfaces on this node that carry a MAC, with the line that shows it. */
export function macOwners(ctx: RuleContext, mac: string): MacOwner[] {
  const m = mac.toLowerCase();
  const out: MacOwner[] = [];
  for (const view of ctx.model.netns) {
    for (const i of view.interfaces) {
      if (i.mac?.toLowerCase() === m) out.push({ mac, netns: view.inode, ifname: i.name, evidence: evidenceFrom(i.src, `${i.name} link/ether ${i.mac}`) });
    }
  }
  return out;
}

/** The netns that hold an address, with the address line. */
export function addressOwners(ctx: RuleContext, ip: string): { netns: number; ifname: string; evidence: Evidence[] }[] {
  return addressHolders(ctx, ip, 20).map((a) => ({ netns: a.netns, ifname: a.ifname, evidence: evidenceFrom(a.src, `${a.address}/${a.prefixLen} on ${a.ifname}`) }));
}

/** "198.18.0.5:80", "[fd00::5]:80". */
export function endpointName(e: Pick<EndpointAttempts, "ip" | "port">): string {
  return e.ip.includes(":") ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

/** One summary line per capture that saw the attempts (a capture has no lines to cite). */
export function captureEvidence(e: EndpointAttempts): Evidence[] {
  return e.captures.map((c) => ({ artifact: c.artifact, lineStart: 0, lineEnd: 0, excerpt: c.message, quote: "summary" }));
}

/** "198.18.0.9, 198.18.0.10 and 3 more" */
export function clientsText(e: EndpointAttempts, max = 5): string {
  return `${e.clients.slice(0, max).join(", ")}${e.clients.length > max ? ` and ${e.clients.length - max} more` : ""}`;
}

export function latencyText(us: number[]): string {
  if (us.length === 0) return "";
  const sorted = [...us].sort((a, b) => a - b);
  const fmt = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)} ms` : `${v} µs`);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return sorted.length === 1 ? fmt(median) : `median ${fmt(median)} (${fmt(sorted[0]!)}–${fmt(sorted.at(-1)!)})`;
}

/** Is the address configured in more than one netns (the duplicate-ip rule's finding)? */
export function isDuplicated(ctx: RuleContext, ip: string): boolean {
  return new Set(addressOwners(ctx, ip).map((o) => o.netns)).size > 1;
}

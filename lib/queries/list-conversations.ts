import "server-only";
import type { Flow, PcapSummary } from "@/lib/pcap/types";
import type { NodeModel } from "@/lib/model/types";
import { describeHolder } from "@/lib/model/lookup";
import { isoToUs } from "@/lib/pcap/flow-packets";

/** One conversation as the Packets page's table shows it; `index` is its place in the capture's listed flows (?f=). */
export interface TConversationRow {
  index: number;
  proto: Flow["proto"];
  src: string;
  sport: number;
  dst: string;
  dport: number;
  packets: number;
  bytes: number;
  durationUs: number;
  firstTs: string;
  outcome: string;
  anomalies: number;
  /** Where each end lives on the node (by MAC, else by address): "4026532280 (/run/netns/blue)"; null when unknown. */
  srcNetns: string | null;
  dstNetns: string | null;
}

export interface TConversations {
  rows: TConversationRow[];
  /** Conversations the capture had (the rows are the listed ones: lib/pcap keeps the most anomalous, at most 2000). */
  total: number;
}

/**
 * A capture's conversations for the table. The list is already capped by lib/pcap (the most
 * anomalous maxFlowsListed flows, 2000 by default), so the page filters and sorts it in the
 * browser; `total` says how many the capture had beyond it.
 */
export function listConversations(model: Pick<NodeModel, "netns" | "namespaces">, summary: PcapSummary): TConversations {
  const label = new Map<number, string>();
  for (const ns of model.namespaces) {
    if (ns.type !== "net") continue;
    // The first holder that says something (a process without a known name says nothing).
    const h = ns.holders.map(describeHolder).find((d) => !d.startsWith("?("));
    label.set(ns.inode, h ? `${ns.inode} (${h})` : String(ns.inode));
  }
  const byMac = new Map<string, string>();
  const byIp = new Map<string, string>();
  for (const v of model.netns) {
    const l = label.get(v.inode) ?? String(v.inode);
    for (const i of v.interfaces) if (i.mac && !/^0{2}(:0{2}){5}$/.test(i.mac)) byMac.set(i.mac.toLowerCase(), l);
    // An address held in two netns (the duplicate-IP case) names neither: the MAC decides.
    for (const a of v.addresses) {
      const ip = a.address.split("/")[0]!.toLowerCase();
      byIp.set(ip, byIp.has(ip) && byIp.get(ip) !== l ? "" : l);
    }
  }
  const where = (macs: string[], ip: string) => byMac.get((macs[0] ?? "").toLowerCase()) ?? (byIp.get(ip.toLowerCase()) || null);
  const rows = summary.flows.map((f, index): TConversationRow => ({
    index,
    proto: f.proto,
    src: f.src,
    sport: f.sport,
    dst: f.dst,
    dport: f.dport,
    packets: f.packetsOut + f.packetsIn,
    bytes: f.bytesOut + f.bytesIn,
    durationUs: Math.max(0, isoToUs(f.lastTs) - isoToUs(f.firstTs)) || 0,
    firstTs: f.firstTs,
    outcome: f.outcome ?? f.proto,
    anomalies: f.anomalyCount,
    srcNetns: where(f.srcMacs, f.src),
    dstNetns: where(f.dstMacs, f.dst),
  }));
  return { rows, total: summary.totalFlows };
}

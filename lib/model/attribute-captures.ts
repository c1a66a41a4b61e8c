/**
 * Capture anomalies tied to the node: which interface and netns sent the decisive packet
 * (by MAC, else by IP), with that netns's holders. A model fact, set while the model is
 * built, so rules (duplicate-ip) and the timeline read it like any other fact.
 */
import { attributePcap, type AttributedAnomaly, type AttributedGroup, type NodeFacts, type PcapSummary } from "@/lib/pcap";
import type { CaptureInfo, NodeModel } from "@/lib/model/types";
import { describeHolder } from "@/lib/model/lookup";

function nodeFacts(model: Pick<NodeModel, "namespaces" | "netns">): NodeFacts {
  const holders: Record<number, string[]> = {};
  for (const ns of model.namespaces) {
    if (ns.type !== "net") continue;
    holders[ns.inode] = ns.holders.slice(0, 3).map(describeHolder);
  }
  return {
    interfaces: model.netns.flatMap((v) =>
      v.interfaces.map((i) => ({ netns: v.inode, ifname: i.name, mac: i.mac, addresses: v.addresses.filter((a) => a.ifname === i.name).map((a) => a.address) })),
    ),
    holders,
  };
}

/** Sets `summary.attributed` on every capture that has anomalies. */
export function attributeCaptures(model: Pick<NodeModel, "namespaces" | "netns" | "captures">): void {
  const facts = nodeFacts(model);
  for (const c of model.captures) {
    const summary = c.summary as PcapSummary;
    if (!summary?.anomalies) continue;
    const a = attributePcap(summary, facts);
    c.summary = { ...summary, attributed: a.anomalies, attributedGroups: a.groups };
  }
}

/** A capture's attributed anomalies, in the order lib/pcap ranked them (none before attribution). */
export function attributedAnomalies(c: CaptureInfo): AttributedAnomaly[] {
  return (c.summary as { attributed?: AttributedAnomaly[] } | null)?.attributed ?? [];
}

/** A capture's anomaly groups with their answering MACs' places (none before attribution). */
export function attributedGroups(c: CaptureInfo): AttributedGroup[] {
  return (c.summary as { attributedGroups?: AttributedGroup[] } | null)?.attributedGroups ?? [];
}

/**
 * The contract of compareModels (lib/compare/compare-models.ts): what changed on a node
 * between bundle A ("before") and bundle B ("after"). Plain JSON, so the CLI prints it and
 * the web app renders it as it is.
 *
 * Things are keyed by identities that survive a re-collection, not by the numbers a kernel
 * hands out again: a network namespace by its inode only within one boot and only when its
 * holders and addresses agree, otherwise by its /run/netns name, nsfs mount point, MACs,
 * addresses or the processes in it; interfaces by name; rules by table/chain/rule text.
 * A fact that one bundle did not collect is "not compared", never "removed".
 */
import type { NodeModel, SourceRef } from "@/lib/model/types";
import type { Finding, NotEvaluated, Severity } from "@/lib/rules/finding";

/** One bundle's analysis, as the CLI has it or as the web app stores it. */
export interface CompareSide {
  model: NodeModel;
  findings: Finding[];
  /** Rules that could not run on this bundle: their findings' absence is not a resolution. */
  notEvaluated?: NotEvaluated[];
}

/** One fact on one side: its text as shown, and the artifact lines it was read from. */
export interface SideFact {
  text: string;
  src?: SourceRef;
}

/**
 * One change: `added` has only `b`, `removed` only `a`, `changed` both (same identity,
 * other value). `what` names the identity ("eth0 mtu", "filter FORWARD -j DROP ...").
 */
export interface Change {
  kind: "added" | "removed" | "changed";
  what: string;
  a?: SideFact;
  b?: SideFact;
  /** For a rule present in both: how its counters moved from A to B (B − A; negative after a reset). */
  delta?: { packets: number; bytes: number };
}

export type NetnsArea = "holders" | "interfaces" | "addresses" | "routes" | "ip rules" | "listeners" | "sysctls" | "iptables" | "nft";

export const NETNS_AREAS: readonly NetnsArea[] = ["holders", "interfaces", "addresses", "routes", "ip rules", "listeners", "sysctls", "iptables", "nft"];

export type NetnsMatchReason = "host" | "inode" | "name" | "mount" | "mac" | "addresses" | "processes";

/** A network namespace as one side saw it. */
export interface NetnsBrief {
  inode: number;
  /** "host netns 4026531840", "netns web (4026532305)", "netns 4026532305 (pause 4242)". */
  label: string;
  addresses: string[];
}

export interface NetnsPair {
  a: NetnsBrief;
  b: NetnsBrief;
  /** The identity both sides share: "inode" only within one boot with agreeing holders/addresses. */
  matchedBy: NetnsMatchReason;
}

export interface NetnsDiff {
  pair: NetnsPair;
  areas: { area: NetnsArea; changes: Change[] }[];
  /** Areas one bundle collected in this namespace and the other did not. */
  notCompared: { area: NetnsArea; onlyIn: "a" | "b" }[];
}

export interface IpMove {
  ip: string;
  /** Labels of the namespaces holding it in A and in B. */
  from: string[];
  to: string[];
}

export interface FindingBrief {
  id: string;
  ruleId: string;
  severity: Severity;
  title: string;
  /** The first evidence line, to link to the proof. */
  src?: SourceRef;
}

export interface PersistingFinding {
  a: FindingBrief;
  b: FindingBrief;
  /** "id": the same key in both; "entities": same rule about the same addresses/paths/chains. */
  matchedBy: "id" | "entities";
  severityChanged: boolean;
}

export interface BundleSideInfo {
  host: string | null;
  collectedAt: string | null;
  collector: string | null;
  bootTime: string | null;
  kernel: string | null;
}

export interface BundleDiff {
  a: BundleSideInfo;
  b: BundleSideInfo;
  /** One sentence each, most important first: what an engineer reads before anything else. */
  summary: string[];
  findings: {
    new: FindingBrief[];
    resolved: FindingBrief[];
    persisting: PersistingFinding[];
    /** In A, and its rule could not run on B: neither resolved nor persisting. */
    notReevaluated: FindingBrief[];
  };
  namespaces: { matched: NetnsPair[]; added: NetnsBrief[]; removed: NetnsBrief[] };
  /** Matched namespaces with at least one change or a not-compared area. */
  netns: NetnsDiff[];
  ips: { moved: IpMove[]; duplicatesAppeared: IpMove[]; duplicatesResolved: IpMove[] };
  /** Node-wide facts: kernel, boot, iptables mode, collector, host sysctls, IPVS services. */
  host: { area: string; changes: Change[] }[];
  coverage: {
    /** Artifact kinds only one bundle has ("ss", "pcap", ...), with how many files. */
    onlyA: { kind: string; files: number }[];
    onlyB: { kind: string; files: number }[];
    /** Whole areas that could not be compared, in words. */
    notCompared: string[];
  };
}

/**
 * Public shapes of lib/pcap. A PcapSummary is plain JSON (it is stored as
 * CaptureInfo.summary in the NodeModel), so every field is a string, number, array or record.
 * Timestamps are UTC ISO 8601 with microseconds: "2026-11-23T13:02:05.123456Z".
 */

import type { RateSeries } from "./rate-histogram";

export type { RateSeries };

export type CaptureFormat = "pcap" | "pcap-nsec" | "pcapng" | "unknown";

/** How a TCP conversation went, judged from its first packets and its end. */
export type TcpOutcome =
  | "established" // SYN, SYN-ACK seen (and not reset or closed afterwards)
  | "refused" // SYN answered by RST (usually RST,ACK): nobody listening, or a REJECT rule
  | "unanswered" // SYN(s) and nothing back
  | "icmp-rejected" // SYN(s) answered only by an ICMP unreachable (REJECT --reject-with icmp-*)
  | "reset" // handshake (or mid-stream start) then RST
  | "closed" // FIN seen (from either side) and no RST
  | "midstream"; // capture started after the handshake; no SYN, FIN or RST seen

export interface Flow {
  proto: "tcp" | "udp";
  /** Initiator: who sent the first SYN, else who sent the first packet seen. */
  src: string;
  sport: number;
  dst: string;
  dport: number;
  firstTs: string;
  lastTs: string;
  /** Initiator -> responder. Bytes are on-the-wire frame lengths (original length). */
  packetsOut: number;
  bytesOut: number;
  /** Responder -> initiator. */
  packetsIn: number;
  bytesIn: number;
  outcome: TcpOutcome | null;
  /** Source MACs seen each way (first one; more if the MAC changed). */
  srcMacs: string[];
  dstMacs: string[];
  synCount: number;
  retransmissions: number;
  zeroWindows: number;
  resets: number;
  /** SYN -> RST latency for refused flows, SYN -> SYN-ACK for established ones. */
  handshakeUs: number | null;
  anomalyCount: number;
  /** The first packet's record number (tshark's frame.number) and its record's byte offset in the capture; absent in summaries made before them. */
  firstFrame?: number;
  firstOffset?: number;
}

export type AnomalyKind =
  | "syn-refused"
  | "syn-unanswered"
  | "rst-midstream"
  | "retransmissions"
  | "zero-window"
  | "icmp-unreachable"
  | "duplicate-ip";

export interface FlowRef {
  proto: "tcp" | "udp" | "icmp" | "other";
  src: string;
  sport: number;
  dst: string;
  dport: number;
}

export interface Anomaly {
  kind: AnomalyKind;
  severity: "high" | "medium" | "low";
  ts: string;
  /** One readable line, e.g. "SYN 10.0.0.1:5123 -> 10.0.0.2:80 answered by RST,ACK after 41 µs". */
  message: string;
  flow: FlowRef | null;
  /** How many times it happened (retransmitted segments, SYN retries, ICMP messages, ...). */
  count: number;
  /** The IP and MAC that sent the decisive packet (the RST, the ICMP error, the ARP reply). */
  fromIp: string | null;
  fromMac: string | null;
  latencyUs?: number;
  /** ICMP type/code for icmp-unreachable; e.g. 3/13 = administratively prohibited. */
  icmpType?: number;
  icmpCode?: number;
  /** duplicate-ip: every MAC that answered for the IP. */
  macs?: string[];
}

/** Anomalies of one kind towards one destination (ip:port), e.g. every refused SYN to a service. */
export interface AnomalyGroup {
  kind: AnomalyKind;
  severity: "high" | "medium" | "low";
  proto: FlowRef["proto"];
  dst: string;
  dport: number;
  /** Anomaly records (flows, ICMP messages) in the group, and their summed counts. */
  records: number;
  count: number;
  firstTs: string;
  lastTs: string;
  /** Conversations to dst:dport (of this proto) in the flow table: the share is records / attempts. */
  attempts: number;
  /** Decisive-packet latency (refused: last SYN -> RST), nearest-rank percentiles; null when not known for the kind. */
  latencyUs: { n: number; p50: number; p90: number; p99: number; max: number } | null;
  /** MACs that sent the decisive packets (RST, ICMP error), most records first (at most 4). */
  answeredBy: { mac: string; count: number }[];
  /** MACs that answered any conversation to dst:dport, most conversations first (at most 4): another MAC than answeredBy's is the tell of a duplicate. */
  endpointMacs: { mac: string; count: number }[];
}

export interface PcapError {
  offset: number;
  message: string;
}

export interface PcapSummary {
  file: string;
  format: CaptureFormat;
  /** Link-layer header type names seen: "ethernet", "linux-sll", "linux-sll2", "raw", "null", "dlt-N". */
  linkTypes: string[];
  packets: number;
  /** Sum of captured lengths. */
  bytes: number;
  firstTs: string | null;
  lastTs: string | null;
  /** Conversations seen, including dropped ones; `flows` lists at most maxFlowsListed of them. */
  totalFlows: number;
  /** Flows per TCP outcome (and "udp"), over all flows kept in the table, not just those listed. */
  outcomes: Partial<Record<TcpOutcome | "udp", number>>;
  /** Most anomalous first. */
  flows: Flow[];
  /** Anomalies found per kind, before the top-N cut of `anomalies`. */
  anomalyTotals: Partial<Record<AnomalyKind, number>>;
  anomalies: Anomaly[];
  /** Every anomaly (before the top-N cut) grouped by kind and destination; most severe, largest first. */
  anomalyGroups: AnomalyGroup[];
  /** Source MACs seen answering for each IP (ARP replies, TCP replies); >1 MAC = suspect. */
  macsByIp: Record<string, string[]>;
  /** SYN / RST / retransmissions over time (null: no TCP events; absent in summaries made before it existed). */
  rates?: RateSeries | null;
  droppedFlows: number;
  /** Packets of other protocols, IP fragments after the first, undecodable frames. */
  counters: { ipv4: number; ipv6: number; arp: number; tcp: number; udp: number; icmp: number; fragments: number; other: number; truncatedFrames: number };
  error: PcapError | null;
}

export interface AnalyzeOptions {
  /** Name reported as PcapSummary.file. */
  name?: string;
  /** Flow table cap (default 200 000); least interesting flows are evicted beyond it. */
  maxFlows?: number;
  /** Anomalies kept (default 500), most severe and most frequent first. */
  maxAnomalies?: number;
  /** Flows listed in the summary (default 2 000), most anomalous first. */
  maxFlowsListed?: number;
}

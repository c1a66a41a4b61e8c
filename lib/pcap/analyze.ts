/**
 * analyzePcapStream / analyzePcapFile: one streaming pass over a capture into a PcapSummary.
 * Memory is bounded by the flow cap, not the file size. A corrupt or truncated capture gives
 * a summary of everything before the bad record plus `error` with its byte offset; a file
 * that is not a capture at all gives format "unknown" and an error at offset 0. Never throws
 * for content; only I/O errors of the stream itself propagate.
 */
import { basename } from "node:path";
import { CaptureReader } from "./capture-reader";
import { decodePacket, pkt, L_ARP, L_IPV4, L_IPV6, L_NONE } from "./decode-packet";
import { OUTCOMES } from "./flow-store";
import { FlowTable } from "./flow-table";
import { tableAnomalies } from "./build-anomalies";
import { isoUs, mac } from "./format";
import { readChunks } from "./read-file";
import { kthSmallest } from "./select";
import { toFlow } from "./to-flow";
import type { AnalyzeOptions, PcapSummary } from "./types";

const LINK_NAMES: Record<number, string> = { 0: "null", 1: "ethernet", 12: "raw", 14: "raw", 101: "raw", 108: "loop", 113: "linux-sll", 228: "raw-ipv4", 229: "raw-ipv6", 276: "linux-sll2" };

export async function analyzePcapStream(source: AsyncIterable<Buffer | Uint8Array>, opts: AnalyzeOptions = {}): Promise<PcapSummary> {
  // The packet time lives in one typed array shared by the reader and the flow table (see
  // CaptureReader's clock): no heap number per packet.
  // [time, record offset, record number]: see CaptureReader.
  const clock = new Float64Array(3);
  const table = new FlowTable(opts.maxFlows ?? 200_000, clock);
  const c = { ipv4: 0, ipv6: 0, arp: 0, tcp: 0, udp: 0, icmp: 0, fragments: 0, other: 0, truncatedFrames: 0 };
  let packets = 0;
  // Byte total, first and last packet time in a typed array: a closure variable holding a
  // double (a time; a byte count past 2 GB) would get a new heap number on every packet.
  const span = new Float64Array([0, -1, -1]);
  const reader = new CaptureReader((linkType, buf, off, caplen, origLen) => {
    const ts = clock[0]!;
    packets++;
    span[0]! += caplen;
    if (span[1]! < 0 || ts < span[1]!) span[1] = ts;
    if (ts > span[2]!) span[2] = ts;
    const l3 = decodePacket(linkType, buf, off, caplen);
    if (l3 === L_NONE) return void c.other++;
    if (l3 === L_IPV4) c.ipv4++;
    else if (l3 === L_IPV6) c.ipv6++;
    else if (l3 === L_ARP) c.arp++;
    if (pkt.frag === 2 && l3 !== L_ARP) return void c.fragments++;
    if (pkt.frag === 1) c.fragments++;
    const p = pkt.proto;
    if (p === 6) c.tcp++;
    else if (p === 17) c.udp++;
    else if (p === 1 || p === 58) c.icmp++;
    else if (p < 0) c.truncatedFrames++;
    table.add(origLen);
  }, clock);
  for await (const chunk of source) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!reader.push(b)) break;
  }
  reader.end();
  return summarize(table, reader, { name: opts.name ?? "", packets, bytes: span[0]!, firstUs: span[1]!, lastUs: span[2]!, counters: c }, opts);
}

export async function analyzePcapFile(path: string, opts: AnalyzeOptions = {}): Promise<PcapSummary> {
  return analyzePcapStream(readChunks(path), { ...opts, name: opts.name ?? basename(path) });
}

interface Totals {
  name: string;
  packets: number;
  bytes: number;
  firstUs: number;
  lastUs: number;
  counters: PcapSummary["counters"];
}

function summarize(table: FlowTable, reader: CaptureReader, t: Totals, opts: AnalyzeOptions): PcapSummary {
  const st = table.store;
  // ICMP errors count against the flow they quote, so that flow sorts as anomalous.
  if (table.icmp.size > 0) {
    const byTuple = new Map<string, number>();
    for (const i of table.slots()) {
      const e = st.ends(i);
      byTuple.set(`${st.proto[i]}|${e.src}|${e.sport}|${e.dst}|${e.dport}`, i);
    }
    for (const e of table.icmp.values()) {
      const i = byTuple.get(`${e.proto}|${e.src}|${e.sport}|${e.dst}|${e.dport}`) ?? byTuple.get(`${e.proto}|${e.dst}|${e.dport}|${e.src}|${e.sport}`);
      if (i !== undefined) st.icmpErrors[i]! += e.count;
    }
  }
  // One pass over the slots (each pass over 200k slots is 10-25 ms of code that runs once):
  // outcome counts, every flow's listing rank, and the flows with anomalies.
  const t0 = Math.max(t.firstUs, 0);
  const n = table.size;
  const slots = new Int32Array(n);
  const ranks = new Float64Array(n);
  const flagged: number[] = [];
  const byCode = new Array<number>(OUTCOMES.length).fill(0);
  const seen: number[] = [];
  for (let i = 0, k = 0; i < table.used; i++) {
    if (!table.holds(i)) continue;
    const code = st.outcomeCode(i);
    if (byCode[code]!++ === 0) seen.push(code);
    const a = st.anomalyCount(i);
    if (a > 0) flagged.push(i);
    // (255 - anomalies) * 2^45 + µs since the first flow: smaller ranks list first.
    slots[k] = i;
    ranks[k++] = (255 - Math.min(a, 255)) * 2 ** 45 + Math.min(Math.max(st.firstUs[i]! - t0, 0), 2 ** 45 - 1);
  }
  // Outcomes named in first-seen order.
  const outcomes: PcapSummary["outcomes"] = {};
  for (const code of seen) outcomes[OUTCOMES[code] ?? "udp"] = byCode[code]!;
  const { anomalies, totals, groups } = tableAnomalies(table, opts.maxAnomalies ?? 500, 100, flagged);
  const listed = topFlows(slots, ranks, opts.maxFlowsListed ?? 2000);
  const macsByIp: Record<string, string[]> = {};
  for (const [ip, macs] of table.macsByIp) macsByIp[ip] = [...macs.keys()].map(mac);
  return {
    file: t.name,
    format: reader.format ?? "unknown",
    linkTypes: [...reader.linkTypes].map((l) => LINK_NAMES[l] ?? `dlt-${l}`),
    packets: t.packets,
    bytes: t.bytes,
    firstTs: t.firstUs >= 0 ? isoUs(t.firstUs) : null,
    lastTs: t.lastUs >= 0 ? isoUs(t.lastUs) : null,
    totalFlows: table.size + table.dropped,
    outcomes,
    flows: listed.map((i) => toFlow(st, i, st.anomalyCount(i))),
    anomalyTotals: totals,
    anomalies,
    anomalyGroups: groups,
    macsByIp,
    rates: st.rates.series(),
    droppedFlows: table.dropped,
    counters: t.counters,
    error: reader.error,
  };
}

/** The `max` slots of lowest rank, earliest slot first among equals, without sorting every flow. */
function topFlows(slots: Int32Array, ranks: Float64Array, max: number): number[] {
  if (max <= 0) return [];
  const n = slots.length;
  const cut = n > max ? kthSmallest(ranks.slice(), max - 1) : Infinity;
  const pick: { i: number; r: number }[] = [];
  for (let k = 0; k < n; k++) if (ranks[k]! <= cut) pick.push({ i: slots[k]!, r: ranks[k]! });
  return pick
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, max)
    .map((x) => x.i);
}

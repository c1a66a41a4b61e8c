/**
 * readFlowPackets: the packets of one conversation, read back from the capture for the
 * packet list and the ladder. The summary keeps counts per flow, not packets, so this is a
 * second pass over the capture bytes, bounded three ways: it keeps at most `max` packets,
 * it stops reading once the capture's clock is past the flow's last packet (plus a slack for
 * the interleaving of a multi-interface pcapng), and it allocates only for the packets kept
 * (every other packet is rejected on its ports, then its addresses, as numbers).
 *
 * Frame numbers count every packet record from 1, as tshark's frame.number does, so a row
 * can be found again in Wireshark ("Go to packet"). A summary that names the flow's first
 * record (Flow.firstFrame) lets every record before it go undecoded: only walked.
 */
import { CaptureReader } from "./capture-reader";
import { decodePacket, pkt, L_IPV4, L_IPV6 } from "./decode-packet";
import { ip6, isoUs, mac } from "./format";
import type { Flow } from "./types";

export interface FlowPacket {
  /** 1-based record number in the capture (tshark's frame.number). */
  frame: number;
  ts: string;
  /** µs since the flow's first packet. */
  relUs: number;
  /** out = from the initiator (Flow.src), in = from the responder. */
  dir: "out" | "in";
  /** TCP flags as tshark names them, comma separated ("SYN", "RST,ACK"); "" for UDP. */
  flags: string;
  /** Absolute TCP sequence / acknowledgement numbers (ack only when the ACK flag is set); null for UDP. */
  seq: number | null;
  ack: number | null;
  /** Transport payload bytes (from the IP header, as tshark's tcp.len / udp length - 8). */
  len: number;
  /** Original frame length on the wire. */
  wireLen: number;
  /** Sender / receiver MAC where the link layer has them (Ethernet: both; Linux cooked: the sender only). */
  srcMac: string | null;
  dstMac: string | null;
}

export interface FlowPacketList {
  packets: FlowPacket[];
  /** More matching packets existed than `max`. */
  truncated: boolean;
  /** Packet records read before stopping (the bound on work done). */
  scanned: number;
  /** The capture could not be read to the flow's end (damaged), with the reader's message. */
  error: string | null;
}

export type FlowKey = Pick<Flow, "proto" | "src" | "sport" | "dst" | "dport" | "firstTs" | "lastTs" | "firstFrame">;

export interface FlowPacketOptions {
  /** Packets kept (default 1000). */
  max?: number;
  /** How far past the flow's last packet the reader goes before stopping (default 5 s). */
  slackUs?: number;
}

/** "2026-11-23T13:02:05.123456Z" -> µs since the epoch (NaN when it is not that shape). */
export function isoToUs(iso: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(iso);
  if (!m) return NaN;
  const s = Date.parse(`${m[1]}Z`);
  return s * 1000 + Math.floor(Number((m[2] ?? "").padEnd(6, "0").slice(0, 6)));
}

function ip4num(ip: string): number {
  const p = ip.split(".");
  if (p.length !== 4) return -1;
  let n = 0;
  for (const x of p) {
    const v = Number(x);
    if (!/^\d{1,3}$/.test(x) || v > 255) return -1;
    n = n * 256 + v;
  }
  return n;
}

const FLAG_NAMES: [number, string][] = [[0x02, "SYN"], [0x01, "FIN"], [0x04, "RST"], [0x08, "PSH"], [0x10, "ACK"], [0x20, "URG"], [0x40, "ECE"], [0x80, "CWR"]];

export function flagText(f: number): string {
  return FLAG_NAMES.filter(([b]) => f & b).map(([, n]) => n).join(",");
}

const macAt = (b: Buffer, o: number) => mac(b.readUIntBE(o, 6));

export async function readFlowPackets(source: AsyncIterable<Buffer | Uint8Array>, flow: FlowKey, opts: FlowPacketOptions = {}): Promise<FlowPacketList> {
  const max = Math.max(1, Math.min(opts.max ?? 1000, 100_000));
  const slack = opts.slackUs ?? 5_000_000;
  const firstUs = isoToUs(flow.firstTs);
  const lastUs = isoToUs(flow.lastTs);
  const proto = flow.proto === "tcp" ? 6 : 17;
  const v6 = flow.src.includes(":");
  const s4 = v6 ? -1 : ip4num(flow.src);
  const d4 = v6 ? -1 : ip4num(flow.dst);
  const packets: FlowPacket[] = [];
  let truncated = false;
  let done = false;
  const startFrame = flow.firstFrame ?? 0;
  const clock = new Float64Array(3);
  const reader = new CaptureReader((linkType, buf, off, caplen, origLen) => {
    const frame = clock[2]!;
    if (done || frame < startFrame) return;
    const ts = clock[0]!;
    if (ts > lastUs + slack) return void (done = true);
    const l3 = decodePacket(linkType, buf, off, caplen);
    if ((l3 !== L_IPV4 && l3 !== L_IPV6) || pkt.proto !== proto || pkt.frag === 2) return;
    if (ts < firstUs || ts > lastUs) return;
    let dir: "out" | "in";
    if (pkt.sport === flow.sport && pkt.dport === flow.dport) dir = "out";
    else if (pkt.sport === flow.dport && pkt.dport === flow.sport) dir = "in";
    else return;
    const [from, to] = dir === "out" ? [flow.src, flow.dst] : [flow.dst, flow.src];
    if (l3 === L_IPV4) {
      if (v6 || pkt.src4 !== (dir === "out" ? s4 : d4) || pkt.dst4 !== (dir === "out" ? d4 : s4)) return;
    } else if (!v6 || ip6(buf, pkt.src6) !== from || ip6(buf, pkt.dst6) !== to) return;
    if (packets.length >= max) return void ((truncated = true), (done = true));
    const tcp = proto === 6;
    const eth = linkType === 1 && caplen >= 14;
    packets.push({
      frame,
      ts: isoUs(ts),
      relUs: ts - firstUs,
      dir,
      flags: tcp ? flagText(pkt.flags) : "",
      seq: tcp ? pkt.seq >>> 0 : null,
      ack: tcp && pkt.flags & 0x10 ? buf.readUInt32BE(pkt.tcpAt + 8) : null,
      len: pkt.payload,
      wireLen: origLen,
      srcMac: pkt.srcMac >= 0 ? mac(pkt.srcMac) : null,
      dstMac: eth ? macAt(buf, off) : null,
    });
  }, clock);
  for await (const chunk of source) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!reader.push(b) || done) break;
  }
  if (!done) reader.end();
  return { packets, truncated, scanned: clock[2]!, error: reader.error && !done ? reader.error.message : null };
}

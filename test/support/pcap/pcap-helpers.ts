/**
 * Test-only helpers: tshark as the oracle, capture rewriting (byte order, corruption) and a
 * plain record walker that lists where each record starts (to check error offsets).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { analyzePcapStream } from "../../../lib/pcap/analyze";
import type { PcapSummary } from "../../../lib/pcap/types";

const execFileP = promisify(execFile);

/** Async on purpose: a blocked worker misses vitest's RPC deadlines on a loaded machine. */
/** The corpus captures (lib/pcap/fixtures, see its PROVENANCE) the tshark comparisons run on. */
export const CORPUS_CAPTURES = [
  "tcpdump-bgp-linux-sll.pcapng",
  "tcpdump-dns-over-tcp-syn-to-fin.pcap",
  "tcpdump-mptcp-session-ending-rst.pcap",
  "tcpdump-openflow-loopback-refused-rst.pcapng",
  "tcpdump-tcp-handshake-nsec-linux-sll.pcap",
  "tcpdump-tcp-rst-ack-with-data.pcap",
];

export async function tshark(args: string[]): Promise<string> {
  return (await execFileP("tshark", args, { encoding: "utf8", maxBuffer: 64 << 20 })).stdout;
}

export interface TsharkFacts {
  frames: number;
  tcpConversations: number;
  rstFrames: number;
  /** "a:p <-> b:p" (sorted endpoints) -> total frames */
  convFrames: Map<string, number>;
}

export async function tsharkFacts(file: string): Promise<TsharkFacts> {
  const frames = (await tshark(["-r", file, "-T", "fields", "-e", "frame.number"])).split("\n").filter(Boolean).length;
  const rstFrames = (await tshark(["-r", file, "-Y", "tcp.flags.reset==1", "-T", "fields", "-e", "frame.number"])).split("\n").filter(Boolean).length;
  const convFrames = new Map<string, number>();
  let tcpConversations = 0;
  for (const line of (await tshark(["-r", file, "-q", "-z", "conv,tcp"])).split("\n")) {
    const m = /^(\S+)\s+<->\s+(\S+)\s+\d+\s+\S+\s+\S+\s+\d+\s+\S+\s+\S+\s+(\d+)\s/.exec(line);
    if (!m) continue;
    tcpConversations++;
    const key = [m[1]!, m[2]!].sort().join(" <-> ");
    convFrames.set(key, (convFrames.get(key) ?? 0) + Number(m[3]));
  }
  return { frames, tcpConversations, rstFrames, convFrames };
}

export async function analyzeBuffer(buf: Buffer, chunkSize = buf.length || 1): Promise<PcapSummary> {
  async function* chunks() {
    for (let i = 0; i < buf.length; i += chunkSize) yield buf.subarray(i, i + chunkSize);
  }
  return analyzePcapStream(chunks(), { name: "mem" });
}

/** Start offsets of packet records (classic) or packet blocks (pcapng), and the end offset. */
export function recordStarts(buf: Buffer): { packets: number[]; units: number[] } {
  const packets: number[] = [];
  const units: number[] = [];
  if (buf.readUInt32LE(0) === 0x0a0d0d0a) {
    let le = true;
    for (let o = 0; o + 12 <= buf.length; ) {
      const type = buf.readUInt32LE(o);
      if (type === 0x0a0d0d0a) le = buf.readUInt32LE(o + 8) === 0x1a2b3c4d;
      const len = le ? buf.readUInt32LE(o + 4) : buf.readUInt32BE(o + 4);
      units.push(o);
      const t = le ? type : buf.readUInt32BE(o);
      if (t === 6 || t === 3 || t === 2) packets.push(o);
      o += len;
    }
    return { packets, units };
  }
  const le = buf.readUInt32LE(0) === 0xa1b2c3d4 || buf.readUInt32LE(0) === 0xa1b23c4d;
  units.push(0);
  for (let o = 24; o + 16 <= buf.length; ) {
    packets.push(o);
    units.push(o);
    o += 16 + (le ? buf.readUInt32LE(o + 8) : buf.readUInt32BE(o + 8));
  }
  return { packets, units };
}

/** Classic pcap with every header field in the other byte order. */
export function swapClassic(src: Buffer): Buffer {
  const b = Buffer.from(src);
  const sw32 = (o: number) => b.writeUInt32BE(b.readUInt32LE(o), o);
  const sw16 = (o: number) => b.writeUInt16BE(b.readUInt16LE(o), o);
  if (src.readUInt32LE(0) !== 0xa1b2c3d4 && src.readUInt32LE(0) !== 0xa1b23c4d) throw new Error("expects a little-endian classic pcap");
  sw32(0), sw16(4), sw16(6), sw32(8), sw32(12), sw32(16), sw32(20);
  for (let o = 24; o + 16 <= b.length; ) {
    const incl = src.readUInt32LE(o + 8);
    for (let k = 0; k < 16; k += 4) sw32(o + k);
    o += 16 + incl;
  }
  return b;
}

/**
 * Little-endian pcapng -> big-endian: SHB, IDB (options kept, their code/length swapped;
 * if_tsresol is one byte) and EPB fields swapped; EPB options dropped.
 */
export function swapPcapng(src: Buffer): Buffer {
  const out: Buffer[] = [];
  for (let o = 0; o + 12 <= src.length; ) {
    const type = src.readUInt32LE(o);
    const len = src.readUInt32LE(o + 4);
    const blk = Buffer.from(src.subarray(o, o + len));
    const sw32 = (k: number) => blk.writeUInt32BE(blk.readUInt32LE(k), k);
    const sw16 = (k: number) => blk.writeUInt16BE(blk.readUInt16LE(k), k);
    sw32(0), sw32(4), sw32(len - 4);
    if (type === 0x0a0d0d0a) {
      sw32(8), sw16(12), sw16(14);
      blk.writeBigUInt64BE(blk.readBigUInt64LE(16), 16);
      for (let p = 24; p + 4 <= len - 4; ) {
        const ol = src.readUInt16LE(o + p + 2);
        sw16(p), sw16(p + 2);
        p += 4 + ((ol + 3) & ~3);
      }
    } else if (type === 1) {
      sw16(8), sw16(10), sw32(12);
      for (let p = 16; p + 4 <= len - 4; ) {
        const ol = src.readUInt16LE(o + p + 2);
        sw16(p), sw16(p + 2);
        if (ol === 8) blk.writeBigUInt64BE(blk.readBigUInt64LE(p + 4), p + 4);
        p += 4 + ((ol + 3) & ~3);
      }
    } else if (type === 6) {
      for (let k = 8; k < 28; k += 4) sw32(k);
    }
    out.push(blk);
    o += len;
  }
  return Buffer.concat(out);
}

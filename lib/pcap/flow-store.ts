/**
 * Flow state as struct-of-arrays: one slot per conversation, every field a typed-array cell.
 * A busy capture has hundreds of thousands of short connections; one JS object (plus arrays
 * and strings) per flow made the garbage collector the biggest cost, so only numbers live here
 * and strings are made when the summary is written. Direction 0 = from the initiator (who sent
 * the first SYN, else the first packet), 1 = from the responder. TCP sequence numbers wrap at
 * 2^32, so comparisons go through seqLe().
 */
import { ip4 } from "./format";
import { RateHistogram, R_RETRANS, R_RST, R_SYN } from "./rate-histogram";
import type { TcpOutcome } from "./types";

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const ACK = 0x10;

// bits[]
const REFUSED = 1;
const FIN_SEEN = 2;
const RST_ACK = 4;
const HAS_NEXT0 = 8;
const HAS_NEXT1 = 16;
const RST_DIR1 = 32;
const LOW_IS_SRC = 64;
const V6 = 128;

/** outcomeCode() values; OUTCOMES[code] is the TcpOutcome (null: not TCP). */
export const O_NONE = 0;
export const O_REFUSED = 1;
export const O_RESET = 2;
export const O_CLOSED = 3;
export const O_ESTABLISHED = 4;
export const O_ICMP_REJECTED = 5;
export const O_UNANSWERED = 6;
export const O_MIDSTREAM = 7;
export const OUTCOMES: readonly (TcpOutcome | null)[] = [null, "refused", "reset", "closed", "established", "icmp-rejected", "unanswered", "midstream"];

const seqLe = (a: number, b: number) => ((a - b) | 0) <= 0;

export class FlowStore {
  proto: Uint8Array;
  bits: Uint8Array;
  /** Key: low and high endpoint (IPv4 numbers), ports as low<<16 | high (int32: a small integer, never a heap number). IPv6 flows in v6. */
  a4: Uint32Array;
  b4: Uint32Array;
  ports: Int32Array;
  /**
   * IPv6 flows by slot: hash key and endpoint text, low then high (IPv4 text is made from
   * a4/b4 on output). A map, not arrays per slot: clearing array cells on every create grew
   * three 200k-element arrays one cell at a time (17 MB of garbage on the bench capture).
   */
  readonly v6 = new Map<number, { key: string; lo: string; hi: string }>();
  firstUs: Float64Array;
  lastUs: Float64Array;
  pkts0: Uint32Array;
  pkts1: Uint32Array;
  bytes0: Float64Array;
  bytes1: Float64Array;
  /** First source MAC each way (-1 none); later different MACs go to extraMacs. */
  mac0: Float64Array;
  mac1: Float64Array;
  readonly extraMacs = new Map<number, [number[], number[]]>();
  synCount: Uint32Array;
  synSeq: Uint32Array;
  synUs: Float64Array;
  lastSynUs: Float64Array;
  synAckUs: Float64Array;
  rstCount: Uint32Array;
  rstUs: Float64Array;
  rstMac: Float64Array;
  next0: Uint32Array;
  next1: Uint32Array;
  retrans: Uint32Array;
  retransUs: Float64Array;
  zeroWin: Uint32Array;
  zeroWinUs: Float64Array;
  icmpErrors: Uint32Array;
  /** The flow's first packet: its record's byte offset in the capture and its record number (from 1). */
  firstOff: Float64Array;
  firstFrame: Float64Array;
  /** The tap (pkt.linkId) each direction was first seen on; -1 unknown. */
  link0: Int32Array;
  link1: Int32Array;
  /** SYN / RST / retransmission counts over time, fed where tcp() judges them (rare branches only). */
  readonly rates = new RateHistogram();

  constructor(public cap: number) {
    const f64 = () => new Float64Array(cap);
    const u32 = () => new Uint32Array(cap);
    this.proto = new Uint8Array(cap);
    this.bits = new Uint8Array(cap);
    this.link0 = new Int32Array(cap);
    this.link1 = new Int32Array(cap);
    this.ports = new Int32Array(cap);
    this.firstOff = f64();
    this.firstFrame = f64();
    [this.a4, this.b4, this.pkts0, this.pkts1, this.synCount, this.synSeq] = [u32(), u32(), u32(), u32(), u32(), u32()];
    [this.rstCount, this.next0, this.next1, this.retrans, this.zeroWin, this.icmpErrors] = [u32(), u32(), u32(), u32(), u32(), u32()];
    [this.firstUs, this.lastUs, this.bytes0, this.bytes1, this.mac0, this.mac1, this.synUs] = [f64(), f64(), f64(), f64(), f64(), f64(), f64()];
    [this.lastSynUs, this.synAckUs, this.rstUs, this.rstMac, this.retransUs, this.zeroWinUs] = [f64(), f64(), f64(), f64(), f64(), f64()];
  }

  /** Grows every column to `cap` slots, keeping the contents (the table starts small). */
  resize(cap: number): void {
    const self = this as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(self)) {
      if (!ArrayBuffer.isView(v) || v instanceof DataView) continue;
      const old = v as Float64Array;
      const next = new (old.constructor as Float64ArrayConstructor)(cap);
      next.set(old.subarray(0, Math.min(old.length, cap)));
      self[k] = next;
    }
    this.cap = cap;
  }

  init(i: number, proto: number, lowIsSrc: boolean, ts: number): void {
    this.proto[i] = proto;
    this.bits[i] = lowIsSrc ? LOW_IS_SRC : 0;
    this.firstUs[i] = this.lastUs[i] = ts;
    this.pkts0[i] = this.pkts1[i] = this.bytes0[i] = this.bytes1[i] = 0;
    this.mac0[i] = this.mac1[i] = this.rstMac[i] = -1;
    this.link0[i] = this.link1[i] = -1;
    this.synCount[i] = this.rstCount[i] = this.retrans[i] = this.zeroWin[i] = this.icmpErrors[i] = 0;
    this.synUs[i] = this.lastSynUs[i] = this.synAckUs[i] = this.rstUs[i] = this.retransUs[i] = this.zeroWinUs[i] = -1;
    if (this.v6.size > 0) this.v6.delete(i);
    if (this.extraMacs.size > 0) this.extraMacs.delete(i);
  }

  setV6(i: number, key: string, lo: string, hi: string): void {
    this.bits[i]! |= V6;
    this.v6.set(i, { key, lo, hi });
  }

  isV6(i: number): boolean {
    return (this.bits[i]! & V6) !== 0;
  }

  lowIsSrc(i: number): boolean {
    return (this.bits[i]! & LOW_IS_SRC) !== 0;
  }

  /** The initiator turned out to be the other side (a SYN after a mid-stream start). */
  swap(i: number): void {
    [this.pkts0[i], this.pkts1[i]] = [this.pkts1[i]!, this.pkts0[i]!];
    [this.bytes0[i], this.bytes1[i]] = [this.bytes1[i]!, this.bytes0[i]!];
    [this.mac0[i], this.mac1[i]] = [this.mac1[i]!, this.mac0[i]!];
    [this.next0[i], this.next1[i]] = [this.next1[i]!, this.next0[i]!];
    [this.link0[i], this.link1[i]] = [this.link1[i]!, this.link0[i]!];
    const x = this.extraMacs.get(i);
    if (x) this.extraMacs.set(i, [x[1], x[0]]);
    let b = this.bits[i]!;
    const n0 = b & HAS_NEXT0;
    const n1 = b & HAS_NEXT1;
    b = (b & ~(HAS_NEXT0 | HAS_NEXT1)) | (n0 ? HAS_NEXT1 : 0) | (n1 ? HAS_NEXT0 : 0);
    if (this.rstCount[i]! > 0) b ^= RST_DIR1;
    this.bits[i] = b ^ LOW_IS_SRC;
  }

  /** Initiator and responder endpoints as text (made only when the summary is written). */
  ends(i: number): { src: string; sport: number; dst: string; dport: number } {
    const v6 = this.isV6(i) ? this.v6.get(i)! : null;
    const lo = v6 ? v6.lo : ip4(this.a4[i]!);
    const hi = v6 ? v6.hi : ip4(this.b4[i]!);
    const pl = this.ports[i]! >>> 16;
    const ph = this.ports[i]! & 0xffff;
    return this.lowIsSrc(i) ? { src: lo, sport: pl, dst: hi, dport: ph } : { src: hi, sport: ph, dst: lo, dport: pl };
  }

  /** Records a source MAC; returns true when it is new for that direction. */
  noteMac(i: number, dir: number, m: number): boolean {
    const first = dir === 0 ? this.mac0 : this.mac1;
    if (first[i] === m) return false;
    if (first[i] === -1) return (first[i] = m), true;
    let x = this.extraMacs.get(i);
    if (!x) this.extraMacs.set(i, (x = [[], []]));
    const list = x[dir]!;
    if (list.includes(m) || list.length >= 3) return false;
    list.push(m);
    return true;
  }

  macs(i: number, dir: number): number[] {
    const first = (dir === 0 ? this.mac0 : this.mac1)[i]!;
    return first < 0 ? [] : [first, ...(this.extraMacs.get(i)?.[dir] ?? [])];
  }

  /** A TCP segment of flow i, seen at lastUs[i]; m is the sender's MAC, needed for RSTs only. */
  tcp(i: number, dir: number, flags: number, seq: number, win: number, payload: number, m: number): void {
    const ts = this.lastUs[i]!;
    if (flags & SYN) {
      if (!(flags & ACK)) {
        if (this.synCount[i] === 0) (this.synUs[i] = ts), (this.synSeq[i] = seq);
        this.synCount[i]!++;
        this.lastSynUs[i] = ts;
        this.rates.add(R_SYN, ts);
      } else if (this.synAckUs[i]! < 0) this.synAckUs[i] = ts;
    }
    if (flags & RST) {
      if (this.rstCount[i] === 0) {
        this.rstUs[i] = ts;
        this.rstMac[i] = m;
        // SYN answered by RST before any SYN-ACK: the port is closed or a REJECT rule answered.
        const refused = dir === 1 && this.synCount[i]! > 0 && this.synAckUs[i]! < 0;
        this.bits[i]! |= (dir === 1 ? RST_DIR1 : 0) | (flags & ACK ? RST_ACK : 0) | (refused ? REFUSED : 0);
      }
      this.rstCount[i]!++;
      this.rates.add(R_RST, ts);
      return;
    }
    if (flags & FIN) this.bits[i]! |= FIN_SEEN;
    if (win === 0 && !(flags & SYN)) {
      if (this.zeroWin[i] === 0) this.zeroWinUs[i] = ts;
      this.zeroWin[i]!++;
    }
    // Retransmission: a segment carrying data that ends at or before what this side already sent.
    const len = payload + (flags & (SYN | FIN) ? 1 : 0);
    if (len === 0) return;
    const end = (seq + len) >>> 0;
    const has = dir === 0 ? HAS_NEXT0 : HAS_NEXT1;
    const nextArr = dir === 0 ? this.next0 : this.next1;
    const known = (this.bits[i]! & has) !== 0;
    if (known && seqLe(end, nextArr[i]!) && !(flags & SYN)) {
      if (this.retrans[i] === 0) this.retransUs[i] = ts;
      this.retrans[i]!++;
      this.rates.add(R_RETRANS, ts);
    } else if (!known || !seqLe(end, nextArr[i]!)) {
      nextArr[i] = end;
      this.bits[i]! |= has;
    }
  }

  refused(i: number): boolean {
    return (this.bits[i]! & REFUSED) !== 0;
  }

  rstAck(i: number): boolean {
    return (this.bits[i]! & RST_ACK) !== 0;
  }

  rstDir(i: number): number {
    return this.bits[i]! & RST_DIR1 ? 1 : 0;
  }

  /** outcome() as a number (index into OUTCOMES): the summary counts and ranks without strings. */
  outcomeCode(i: number): number {
    if (this.proto[i] !== 6) return O_NONE;
    if (this.bits[i]! & REFUSED) return O_REFUSED;
    if (this.rstCount[i]! > 0) return O_RESET;
    if (this.bits[i]! & FIN_SEEN) return O_CLOSED;
    if (this.synAckUs[i]! >= 0) return O_ESTABLISHED;
    if (this.synCount[i]! > 0 && this.pkts1[i] === 0) return this.icmpErrors[i]! > 0 ? O_ICMP_REJECTED : O_UNANSWERED;
    return this.synCount[i]! > 0 ? O_ESTABLISHED : O_MIDSTREAM;
  }

  outcome(i: number): TcpOutcome | null {
    return OUTCOMES[this.outcomeCode(i)] ?? null;
  }

  /** The responder's IPv4 address and port (the anomaly grouping key), without strings. */
  dst4(i: number): number {
    return this.lowIsSrc(i) ? this.b4[i]! : this.a4[i]!;
  }

  dport(i: number): number {
    return this.lowIsSrc(i) ? this.ports[i]! & 0xffff : this.ports[i]! >>> 16;
  }

  /** A finished TCP flow: a new SYN on the same ports is a new connection. */
  isOver(i: number): boolean {
    return (this.bits[i]! & (REFUSED | FIN_SEEN)) !== 0 || this.rstCount[i]! > 0;
  }

  /** How many kinds of trouble flow i shows (its outcome, retransmissions, zero window, ICMP errors): eviction ranks every slot by it. */
  anomalyCount(i: number): number {
    if (this.proto[i] !== 6) return this.icmpErrors[i]!;
    const o = this.outcomeCode(i);
    const bad = o === O_REFUSED || o === O_RESET || o === O_UNANSWERED;
    return (bad ? 1 : 0) + (this.retrans[i]! > 0 ? 1 : 0) + (this.zeroWin[i]! > 0 ? 1 : 0) + this.icmpErrors[i]!;
  }
}

/**
 * Flow table: FlowStore slots found through an open hash of direction-free keys (chained in a
 * typed array), plus the IP→MAC observations (ARP replies, TCP replies) and ICMP unreachable
 * messages. Bounded: when every slot is taken the least interesting tenth is evicted (fewest
 * anomalies, then least recently seen) and counted in `dropped`. A conversation whose 5-tuple
 * is reused by a later SYN keeps its slot but leaves the hash ("finished").
 */
import { ACK, FlowStore, RST, SYN } from "./flow-store";
import { pkt, L_ARP, L_IPV4, L_IPV6 } from "./decode-packet";
import { ip4, ip6 } from "./format";
import { kthSmallest } from "./select";

export interface IcmpEvent {
  us: number;
  type: number;
  code: number;
  v6: boolean;
  fromIp: string;
  fromMac: number;
  /** The quoted packet: original sender -> original destination. */
  proto: number;
  src: string;
  sport: number;
  dst: string;
  dport: number;
  count: number;
}

export interface MacSeen {
  firstUs: number;
  count: number;
  how: "arp" | "tcp";
}

const MAX_ICMP = 10000;
const MAX_IPS = 100000;
const EVICT_SAMPLE = 4096;

export class FlowTable {
  readonly store: FlowStore;
  readonly icmp = new Map<string, IcmpEvent>();
  readonly macsByIp = new Map<string, Map<number, MacSeen>>();
  dropped = 0;
  /** Slots in use are 0..used-1 minus the free list. */
  used = 0;
  private readonly free: number[] = [];
  private inUse: Uint8Array;
  private live: Uint8Array;
  private buckets: Int32Array;
  private chain: Int32Array;
  /**
   * The IPv4 hash key of each slot side by side (low IP, high IP, ports, proto as int32), so a
   * lookup reads one cache line per candidate instead of one per store column.
   */
  private keys: Int32Array;
  private mask = 0;
  private readonly v6Index = new Map<string, number>();
  private last = -1;
  private lastA = -1;
  private lastB = -1;
  private lastPorts = -1;
  private lastProto = -1;
  private baseUs = -1;

  /**
   * Columns start at a few thousand slots and grow fourfold up to maxFlows: small captures
   * stay cheap, and a big one copies its columns three times on the way to 200k, not six.
   */
  /**
   * @param now now[0] is the current packet's time (the capture reader's clock). A µs timestamp
   * is not a small integer: passed as an argument to a call that is not inlined it allocates a
   * heap number, read from here the per-packet calls take none.
   */
  constructor(
    private readonly maxFlows: number,
    private readonly now = new Float64Array(3),
  ) {
    const cap = Math.max(16, Math.min(maxFlows, 4096));
    this.store = new FlowStore(cap);
    this.inUse = new Uint8Array(cap);
    this.live = new Uint8Array(cap);
    this.chain = new Int32Array(cap);
    this.keys = new Int32Array(cap * 4);
    this.buckets = new Int32Array(0);
    this.rehash();
  }

  private grow(): void {
    const cap = Math.min(this.maxFlows, this.store.cap * 4);
    this.store.resize(cap);
    const inUse = new Uint8Array(cap);
    inUse.set(this.inUse);
    this.inUse = inUse;
    const live = new Uint8Array(cap);
    live.set(this.live);
    this.live = live;
    this.chain = new Int32Array(cap);
    const keys = new Int32Array(cap * 4);
    keys.set(this.keys);
    this.keys = keys;
    this.rehash();
  }

  /** Sizes the bucket array to twice the capacity and re-inserts every live IPv4 slot. */
  private rehash(): void {
    let size = 16;
    while (size < this.store.cap * 2) size *= 2;
    this.buckets = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    const st = this.store;
    for (let i = 0; i < this.used; i++) {
      if (!this.live[i] || st.isV6(i)) continue;
      const h = this.hash4(st.a4[i]!, st.b4[i]!, st.ports[i]!, st.proto[i]!);
      this.chain[i] = this.buckets[h]!;
      this.buckets[h] = i;
    }
  }

  /** Whether slot i (0 <= i < used) holds a flow: a plain loop over used is cheaper than slots(). */
  holds(i: number): boolean {
    return this.inUse[i] === 1;
  }

  /** Slots holding a flow, in allocation order. */
  *slots(): Generator<number> {
    for (let i = 0; i < this.used; i++) if (this.inUse[i]) yield i;
  }

  get size(): number {
    return this.used - this.free.length;
  }

  /** Called for every decoded IPv4/IPv6/ARP packet (pkt holds the decoded fields). */
  add(wireLen: number): void {
    const ts = this.now[0]!;
    if (this.baseUs < 0) this.baseUs = ts;
    const l3 = pkt.l3;
    if (l3 === L_ARP) {
      if (pkt.arpOp === 2) this.noteMac(ip4(pkt.arpSenderIp), pkt.arpSenderMac, ts, "arp");
      return;
    }
    const proto = pkt.proto;
    if (proto === 6 || proto === 17) this.transport(wireLen, proto, l3 === L_IPV4);
    else if (pkt.inProto !== 0 && (proto === 1 || proto === 58)) this.icmpError(ts, proto === 58);
  }

  private transport(wireLen: number, proto: number, v4: boolean): void {
    const ts = this.now[0]!;
    const sp = pkt.sport;
    const dp = pkt.dport;
    const st = this.store;
    let fwd: boolean; // packet goes low -> high in key order
    let i: number;
    let a = 0;
    let b = 0;
    let ports: number;
    let key6 = "";
    if (v4) {
      const s = pkt.src4;
      const d = pkt.dst4;
      fwd = s < d || (s === d && sp <= dp);
      a = fwd ? s : d;
      b = fwd ? d : s;
      ports = fwd ? (sp << 16) | dp : (dp << 16) | sp;
      // Consecutive packets are mostly of one conversation: skip the hash for them.
      if (a === this.lastA && b === this.lastB && ports === this.lastPorts && proto === this.lastProto) i = this.last;
      else {
        i = this.find4(a, b, ports, proto);
        if (i < 0) i = this.create(proto, fwd, a, b, ports, "");
      }
    } else {
      const buf = pkt.buf;
      const cmp = buf.compare(buf, pkt.dst6, pkt.dst6 + 16, pkt.src6, pkt.src6 + 16);
      fwd = cmp > 0 || (cmp === 0 && sp <= dp);
      const lo = fwd ? pkt.src6 : pkt.dst6;
      const hi = fwd ? pkt.dst6 : pkt.src6;
      ports = fwd ? (sp << 16) | dp : (dp << 16) | sp;
      key6 = `${proto}|${buf.toString("latin1", lo, lo + 16)}${buf.toString("latin1", hi, hi + 16)}|${ports}`;
      i = this.v6Index.get(key6) ?? this.create(proto, fwd, 0, 0, ports, key6);
    }
    const flags = pkt.flags;
    // A fresh SYN on a finished connection starts a new one (port reuse).
    if (proto === 6 && (flags & (SYN | ACK)) === SYN && st.isOver(i) && st.synSeq[i] !== pkt.seq) {
      this.unlink(i);
      i = this.create(proto, fwd, a, b, ports, key6);
    }
    if (i < 0) return;
    this.last = i;
    if (v4) (this.lastA = a), (this.lastB = b), (this.lastPorts = ports), (this.lastProto = proto);
    let dir = fwd === st.lowIsSrc(i) ? 0 : 1;
    if (proto === 6 && st.synCount[i] === 0 && (flags & SYN) !== 0) {
      // The initiator is who sends the SYN (or receives the SYN-ACK), whoever was seen first.
      const want = flags & ACK ? 1 : 0;
      if (dir !== want) st.swap(i), (dir = want);
    }
    st.lastUs[i] = ts;
    if (dir === 0) (st.pkts0[i]!++, (st.bytes0[i]! += wireLen));
    else (st.pkts1[i]!++, (st.bytes1[i]! += wireLen));
    const m = pkt.pktType === 4 ? -1 : pkt.srcMac;
    // All-zero MACs are loopback: they say nothing about who owns an address.
    if (m >= 0 && st.noteMac(i, dir, m) && dir === 1 && proto === 6 && m !== 0) this.noteMac(st.ends(i).dst, m, ts, "tcp");
    // tcpdump -i any sees a forwarded segment once per interface it crosses. Every frame is
    // counted (as tshark does), but only the first tap each way feeds the TCP state, so the
    // copies are not taken for retransmissions or a second SYN.
    const link = pkt.linkId;
    if (link >= 0) {
      const seen = dir === 0 ? st.link0 : st.link1;
      if (seen[i] === -1) seen[i] = link;
      else if (seen[i] !== link) return;
    }
    // Small integers only (no heap numbers per packet): the time is lastUs[i], seq goes as
    // int32, and the MAC (a double) only on the rare RST.
    if (proto === 6) st.tcp(i, dir, flags, pkt.seq | 0, pkt.win, pkt.payload, flags & RST ? m : -1);
  }

  private hash4(a: number, b: number, ports: number, proto: number): number {
    let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16) ^ ports, 0x27d4eb2f);
    return (h ^ (h >>> 15) ^ proto) & this.mask;
  }

  private find4(a: number, b: number, ports: number, proto: number): number {
    const keys = this.keys;
    const a32 = a | 0;
    const b32 = b | 0;
    for (let i = this.buckets[this.hash4(a, b, ports, proto)]!; i >= 0; i = this.chain[i]!) {
      const k = i * 4;
      if (keys[k] === a32 && keys[k + 1] === b32 && keys[k + 2] === ports && keys[k + 3] === proto) return i;
    }
    return -1;
  }

  private create(proto: number, fwd: boolean, a: number, b: number, ports: number, key6: string): number {
    if (this.free.length === 0 && this.used >= this.store.cap) {
      if (this.store.cap < this.maxFlows) this.grow();
      else this.evict();
    }
    const i = this.free.length > 0 ? this.free.pop()! : this.used++;
    const st = this.store;
    st.init(i, proto, fwd, this.now[0]!);
    // Where the flow starts in the capture (0 when the clock has no such cells: the reader's offset and record number).
    st.firstOff[i] = this.now[1] ?? 0;
    st.firstFrame[i] = this.now[2] ?? 0;
    st.a4[i] = a;
    st.b4[i] = b;
    st.ports[i] = ports;
    const k = i * 4;
    this.keys[k] = a;
    this.keys[k + 1] = b;
    this.keys[k + 2] = ports;
    this.keys[k + 3] = proto;
    this.inUse[i] = 1;
    this.live[i] = 1;
    if (key6) {
      const buf = pkt.buf;
      const lo = ip6(buf, fwd ? pkt.src6 : pkt.dst6);
      const hi = ip6(buf, fwd ? pkt.dst6 : pkt.src6);
      st.setV6(i, key6, lo, hi);
      this.v6Index.set(key6, i);
    } else {
      const h = this.hash4(a, b, ports, proto);
      this.chain[i] = this.buckets[h]!;
      this.buckets[h] = i;
    }
    return i;
  }

  /** Takes a slot out of the hash (its flow stays listed). */
  private unlink(i: number): void {
    if (!this.live[i]) return;
    this.live[i] = 0;
    const st = this.store;
    if (st.isV6(i)) return void this.v6Index.delete(st.v6.get(i)!.key);
    const h = this.hash4(st.a4[i]!, st.b4[i]!, st.ports[i]!, st.proto[i]!);
    if (this.buckets[h] === i) return void (this.buckets[h] = this.chain[i]!);
    for (let j = this.buckets[h]!; j >= 0; j = this.chain[j]!) {
      if (this.chain[j] === i) return void (this.chain[j] = this.chain[i]!);
    }
  }

  /** Eviction order: anomaly count, then last seen, packed into one float (count * 2^45 + µs since start). */
  private rank(i: number): number {
    const st = this.store;
    return Math.min(st.anomalyCount(i), 255) * 2 ** 45 + Math.min(Math.max(st.lastUs[i]! - this.baseUs, 0), 2 ** 45 - 1);
  }

  /**
   * Evicts a tenth of the slots, the least interesting. The cut comes from an evenly spaced
   * sample of at most EVICT_SAMPLE slots (every slot in a small table, so there the tenth is
   * exact), taken a little above a tenth so that the scan, oldest slots first, finds its tenth
   * early: ranking all 200k slots and selecting among them cost ~15 ms per eviction.
   */
  private evict(): void {
    const n = this.used;
    const k = Math.max(1, Math.floor(n / 10));
    const step = Math.max(1, Math.floor(n / EVICT_SAMPLE));
    const sample = new Float64Array(Math.ceil(n / step));
    for (let i = 0, j = 0; i < n; i += step, j++) sample[j] = this.rank(i);
    const q = step === 1 ? k - 1 : Math.min(sample.length - 1, Math.ceil((sample.length * k * 1.2) / n));
    const cut = kthSmallest(sample, q);
    let gone = 0;
    for (let i = 0; i < n && gone < k; i++) {
      if (!this.inUse[i] || this.rank(i) > cut) continue;
      this.unlink(i);
      this.inUse[i] = 0;
      this.free.push(i);
      gone++;
    }
    this.dropped += gone;
    this.last = -1;
    this.lastA = -1;
  }

  private icmpError(ts: number, v6: boolean): void {
    const src = v6 ? ip6(pkt.buf, pkt.inSrc6) : ip4(pkt.inSrc4);
    const dst = v6 ? ip6(pkt.buf, pkt.inDst6) : ip4(pkt.inDst4);
    const k = `${pkt.inProto}|${src}|${pkt.inSport}|${dst}|${pkt.inDport}|${pkt.icmpType}|${pkt.icmpCode}`;
    const seen = this.icmp.get(k);
    if (seen) return void seen.count++;
    if (this.icmp.size >= MAX_ICMP) return;
    // The sender by its own header (ICMPv6 in an IPv4 packet is nonsense, but it is not ours to crash on).
    const fromIp = pkt.l3 === L_IPV6 ? ip6(pkt.buf, pkt.src6) : ip4(pkt.src4);
    this.icmp.set(k, { us: ts, type: pkt.icmpType, code: pkt.icmpCode, v6, fromIp, fromMac: pkt.pktType === 4 ? -1 : pkt.srcMac, proto: pkt.inProto, src, sport: pkt.inSport, dst, dport: pkt.inDport, count: 1 });
  }

  noteMac(ip: string, m: number, ts: number, how: "arp" | "tcp"): void {
    let macs = this.macsByIp.get(ip);
    if (!macs) {
      if (this.macsByIp.size >= MAX_IPS) return;
      this.macsByIp.set(ip, (macs = new Map()));
    }
    const seen = macs.get(m);
    if (seen) seen.count++;
    else macs.set(m, { firstUs: ts, count: 1, how });
  }
}

/**
 * Flow table: one FlowState per TCP/UDP 5-tuple, found by a direction-free key, plus the
 * IP→MAC observations (ARP replies, TCP replies) and ICMP unreachable messages tied to the
 * flow they quote. Bounded: beyond maxFlows the least interesting tenth is evicted (fewest
 * anomalies, then oldest) and counted in `dropped`.
 */
import { ACK, FlowState, SYN } from "./flow-state";
import { pkt, L_ARP, L_IPV4 } from "./decode-packet";
import { ip4, ip6 } from "./format";

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

export class FlowTable {
  readonly live = new Map<string, FlowState>();
  /** Connections whose 5-tuple was reused by a later SYN. */
  readonly finished: FlowState[] = [];
  readonly icmp = new Map<string, IcmpEvent>();
  readonly macsByIp = new Map<string, Map<number, MacSeen>>();
  dropped = 0;
  private lastKey = "";
  private last: FlowState | null = null;
  private lastA = -1;
  private lastB = -1;
  private lastPorts = -1;
  private lastProto = -1;

  constructor(private readonly maxFlows: number) {}

  get size(): number {
    return this.live.size + this.finished.length;
  }

  /** Called for every decoded IPv4/IPv6/ARP packet (pkt holds the decoded fields). */
  add(ts: number, wireLen: number): void {
    const l3 = pkt.l3;
    if (l3 === L_ARP) {
      if (pkt.arpOp === 2) this.noteMac(ip4(pkt.arpSenderIp), pkt.arpSenderMac, ts, "arp");
      return;
    }
    const proto = pkt.proto;
    if (proto === 6 || proto === 17) this.transport(ts, wireLen, proto, l3 === L_IPV4);
    else if (pkt.inProto !== 0 && (proto === 1 || proto === 58)) this.icmpError(ts, proto === 58);
  }

  private transport(ts: number, wireLen: number, proto: number, v4: boolean): void {
    const sp = pkt.sport;
    const dp = pkt.dport;
    let f: FlowState | null = null;
    let fwd = true; // packet goes low -> high in key order
    if (v4) {
      const s = pkt.src4;
      const d = pkt.dst4;
      fwd = s < d || (s === d && sp <= dp);
      const a = fwd ? s : d;
      const b = fwd ? d : s;
      const ports = fwd ? sp * 65536 + dp : dp * 65536 + sp;
      // Consecutive packets are mostly of one conversation: skip building a key for them.
      if (a === this.lastA && b === this.lastB && ports === this.lastPorts && proto === this.lastProto) f = this.last;
      else {
        const key = String.fromCharCode(proto, a >>> 16, a & 0xffff, b >>> 16, b & 0xffff, ports >>> 16, ports & 0xffff);
        f = this.lookup(key, ts, proto, true, fwd);
        this.lastA = a;
        this.lastB = b;
        this.lastPorts = ports;
        this.lastProto = proto;
      }
    } else {
      const buf = pkt.buf;
      const cmp = buf.compare(buf, pkt.dst6, pkt.dst6 + 16, pkt.src6, pkt.src6 + 16);
      fwd = cmp > 0 || (cmp === 0 && sp <= dp);
      const lo = fwd ? pkt.src6 : pkt.dst6;
      const hi = fwd ? pkt.dst6 : pkt.src6;
      const key = `${proto}|${buf.toString("latin1", lo, lo + 16)}${buf.toString("latin1", hi, hi + 16)}|${fwd ? sp : dp}|${fwd ? dp : sp}`;
      f = this.lookup(key, ts, proto, false, fwd);
      this.lastA = -1;
    }
    if (!f) return;
    const flags = pkt.flags;
    // A fresh SYN on a finished connection starts a new one (port reuse).
    if (proto === 6 && (flags & (SYN | ACK)) === SYN && f.isOver() && f.synSeq !== pkt.seq) {
      this.finished.push(f);
      this.live.delete(f.key);
      f = this.lookup(f.key, ts, proto, v4, fwd);
      if (!f) return;
    }
    let dir = fwd === f.lowIsSrc ? 0 : 1;
    if (proto === 6 && f.synCount === 0 && (flags & SYN) !== 0) {
      // The initiator is who sends the SYN (or receives the SYN-ACK), whoever was seen first.
      const want = flags & ACK ? 1 : 0;
      if (dir !== want) f.swap(), (dir = want);
    }
    f.lastUs = ts;
    if (dir === 0) (f.pkts0++, (f.bytes0 += wireLen));
    else (f.pkts1++, (f.bytes1 += wireLen));
    const m = pkt.pktType === 4 ? -1 : pkt.srcMac;
    // All-zero MACs are loopback: they say nothing about who owns an address.
    if (m >= 0 && f.noteMac(dir, m) && dir === 1 && proto === 6 && m !== 0) this.noteMac(f.dst, m, ts, "tcp");
    if (proto === 6) f.tcp(dir, ts, flags, pkt.seq, pkt.win, pkt.payload, m);
  }

  private lookup(key: string, ts: number, proto: number, v4: boolean, fwd: boolean): FlowState | null {
    let f = this.live.get(key);
    if (f) return (this.last = f);
    if (this.size >= this.maxFlows) this.evict();
    const src = v4 ? ip4(pkt.src4) : ip6(pkt.buf, pkt.src6);
    const dst = v4 ? ip4(pkt.dst4) : ip6(pkt.buf, pkt.dst6);
    f = new FlowState(key, proto, src, pkt.sport, dst, pkt.dport, ts);
    f.lowIsSrc = fwd;
    this.live.set(key, f);
    return (this.last = f);
  }

  private evict(): void {
    const all: FlowState[] = [];
    for (const f of this.live.values()) all.push(f);
    for (const f of this.finished) all.push(f);
    const score = new Map<FlowState, number>();
    for (const f of all) score.set(f, f.anomalyCount());
    all.sort((x, y) => score.get(x)! - score.get(y)! || x.lastUs - y.lastUs);
    const n = Math.max(1, Math.floor(all.length / 10));
    const gone = new Set<FlowState>();
    for (let i = 0; i < n; i++) gone.add(all[i]!);
    for (const f of gone) if (this.live.get(f.key) === f) this.live.delete(f.key);
    let w = 0;
    for (const f of this.finished) if (!gone.has(f)) this.finished[w++] = f;
    this.finished.length = w;
    this.dropped += n;
    this.last = null;
    this.lastA = -1;
  }

  private icmpError(ts: number, v6: boolean): void {
    const src = v6 ? ip6(pkt.buf, pkt.inSrc6) : ip4(pkt.inSrc4);
    const dst = v6 ? ip6(pkt.buf, pkt.inDst6) : ip4(pkt.inDst4);
    const k = `${pkt.inProto}|${src}|${pkt.inSport}|${dst}|${pkt.inDport}|${pkt.icmpType}|${pkt.icmpCode}`;
    const seen = this.icmp.get(k);
    if (seen) return void seen.count++;
    if (this.icmp.size >= MAX_ICMP) return;
    const fromIp = v6 ? ip6(pkt.buf, pkt.src6) : ip4(pkt.src4);
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

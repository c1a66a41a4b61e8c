/**
 * Mutable per-conversation state kept by the flow table. Direction 0 = from the initiator
 * (who sent the first SYN, else the first packet), 1 = from the responder.
 * TCP sequence numbers wrap at 2^32, so comparisons go through seqLe().
 */
import type { TcpOutcome } from "./types";

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const ACK = 0x10;
const MAX_MACS = 4;

const seqLe = (a: number, b: number) => ((a - b) | 0) <= 0;

export class FlowState {
  pkts0 = 0;
  pkts1 = 0;
  bytes0 = 0;
  bytes1 = 0;
  macs0: number[] = [];
  macs1: number[] = [];
  synCount = 0;
  synSeq = -1;
  synUs = -1;
  lastSynUs = -1;
  synAckUs = -1;
  rstCount = 0;
  rstUs = -1;
  rstDir = -1;
  rstMac = -1;
  rstAck = false;
  refused = false;
  finSeen = false;
  next0 = -1;
  next1 = -1;
  retrans = 0;
  retransUs = -1;
  zeroWin = 0;
  zeroWinUs = -1;
  icmpErrors = 0;
  lastUs: number;
  /** Whether src is the lower endpoint of the direction-free key (how packets find their direction). */
  lowIsSrc = true;

  constructor(
    readonly key: string,
    readonly proto: number,
    public src: string,
    public sport: number,
    public dst: string,
    public dport: number,
    readonly firstUs: number,
  ) {
    this.lastUs = firstUs;
  }

  /** The initiator turned out to be the other side (a SYN after a mid-stream start). */
  swap(): void {
    [this.src, this.dst, this.sport, this.dport] = [this.dst, this.src, this.dport, this.sport];
    [this.pkts0, this.pkts1, this.bytes0, this.bytes1] = [this.pkts1, this.pkts0, this.bytes1, this.bytes0];
    [this.macs0, this.macs1, this.next0, this.next1] = [this.macs1, this.macs0, this.next1, this.next0];
    if (this.rstDir >= 0) this.rstDir ^= 1;
    this.lowIsSrc = !this.lowIsSrc;
  }

  /** Records a source MAC; returns true when it is new for that direction. */
  noteMac(dir: number, m: number): boolean {
    const list = dir === 0 ? this.macs0 : this.macs1;
    if (list.length > 0 && list[list.length - 1] === m) return false;
    if (list.includes(m) || list.length >= MAX_MACS) return false;
    list.push(m);
    return true;
  }

  tcp(dir: number, ts: number, flags: number, seq: number, win: number, payload: number, m: number): void {
    if (flags & SYN) {
      if (!(flags & ACK)) {
        if (this.synCount === 0) (this.synUs = ts), (this.synSeq = seq);
        this.synCount++;
        this.lastSynUs = ts;
      } else if (this.synAckUs < 0) this.synAckUs = ts;
    }
    if (flags & RST) {
      if (this.rstCount === 0) {
        this.rstUs = ts;
        this.rstDir = dir;
        this.rstMac = m;
        this.rstAck = (flags & ACK) !== 0;
        // SYN answered by RST before any SYN-ACK: the port is closed or a REJECT rule answered.
        this.refused = dir === 1 && this.synCount > 0 && this.synAckUs < 0;
      }
      this.rstCount++;
      return;
    }
    if (flags & FIN) this.finSeen = true;
    if (win === 0 && !(flags & SYN)) {
      if (this.zeroWin === 0) this.zeroWinUs = ts;
      this.zeroWin++;
    }
    // Retransmission: a segment carrying data that ends at or before what this side already sent.
    const len = payload + (flags & (SYN | FIN) ? 1 : 0);
    if (len === 0) return;
    const end = (seq + len) | 0;
    const next = dir === 0 ? this.next0 : this.next1;
    if (next !== -1 && seqLe(end, next) && !(flags & SYN)) {
      if (this.retrans === 0) this.retransUs = ts;
      this.retrans++;
    } else if (next === -1 || !seqLe(end, next)) {
      if (dir === 0) this.next0 = end;
      else this.next1 = end;
    }
  }

  outcome(): TcpOutcome | null {
    if (this.proto !== 6) return null;
    if (this.refused) return "refused";
    if (this.rstCount > 0) return "reset";
    if (this.finSeen) return "closed";
    if (this.synAckUs >= 0) return "established";
    if (this.synCount > 0 && this.pkts1 === 0) return "unanswered";
    return this.synCount > 0 ? "established" : "midstream";
  }

  /** A finished TCP flow: a new SYN on the same ports is a new connection. */
  isOver(): boolean {
    return this.refused || this.rstCount > 0 || this.finSeen;
  }

  anomalyCount(): number {
    const o = this.outcome();
    return (
      (o === "refused" || o === "unanswered" ? 1 : 0) +
      (o === "reset" && !this.refused ? 1 : 0) +
      (this.retrans > 0 ? 1 : 0) +
      (this.zeroWin > 0 ? 1 : 0) +
      this.icmpErrors
    );
  }
}

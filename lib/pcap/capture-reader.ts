/**
 * Streaming record walker for classic pcap and pcapng. Feed it chunks with push(); it calls
 * the sink for every packet straight from the chunk buffer (no per-packet copies or objects).
 * Only a record that straddles two chunks is stitched into a small buffer of its own size.
 *
 * Classic pcap: 24-byte global header (magic a1b2c3d4 = µs, a1b23c4d = ns, either byte
 * order), then records of [ts_sec, ts_frac, incl_len, orig_len] + incl_len bytes.
 * pcapng: blocks of [type, total_len, body, total_len]; the SHB's byte-order magic sets the
 * byte order of its section and a new SHB starts a new section (interfaces reset).
 *
 * A length that cannot be right (over MAX_CAPLEN, over the snaplen, a pcapng trailer that does
 * not repeat the block length) stops the walk with an error naming the record's byte offset;
 * packets before it were already delivered. A stream that ends inside a record is "truncated".
 */
import { pcapngTsUs, readInterface, type PcapngInterface } from "./pcapng-interface";
import type { CaptureFormat, PcapError } from "./types";

/** (linkType, buffer, offset, captured length, original length, interface id); the time is in the reader's clock. */
export type PacketSink = (linkType: number, buf: Buffer, off: number, caplen: number, origLen: number, iface: number) => void;

export const MAX_CAPLEN = 262144;
const MAX_BLOCK = 16 * 1024 * 1024;
const SHB = 0x0a0d0d0a;

export class CaptureReader {
  format: CaptureFormat | null = null;
  error: PcapError | null = null;
  readonly linkTypes = new Set<number>();
  private le = true;
  private nsec = false;
  private snaplen = 0;
  private linkType = 1;
  private ifaces: PcapngInterface[] = [];
  private gotHeader = false;
  private carry: Buffer | null = null;
  /** Absolute offset of the first byte not yet consumed. */
  private pos = 0;

  /**
   * @param clock clock[0] is the packet's time (µs since the epoch) while the sink runs,
   * clock[1] its record's byte offset in the capture, clock[2] its record number from 1
   * (tshark's frame.number; pcapng blocks that are not packets are not counted). A
   * typed array, not a sink argument: a µs timestamp is not a small integer, and passing it
   * to a call that is not inlined allocates a heap number per packet (40 MB on the bench
   * capture). Share it with whatever else needs the time (the flow table).
   */
  constructor(
    private readonly sink: PacketSink,
    readonly clock = new Float64Array(3),
  ) {}

  get stopped(): boolean {
    return this.error !== null;
  }

  /** Returns false once the walk has stopped on an error. */
  push(chunk: Buffer): boolean {
    if (this.error) return false;
    let start = 0;
    if (this.carry) {
      // Stitch just the one unit that straddles the boundary, then go on in the chunk itself.
      // The carry is always a strict prefix of one unit, so that unit ends inside the chunk.
      let joined = this.carry;
      for (;;) {
        const need = this.unitLength(joined, 0, joined.length, this.pos);
        if (this.error) return false;
        if (need >= 0 && joined.length >= need) break;
        const want = need < 0 ? 32 : need - joined.length;
        const take = Math.min(want, chunk.length - start);
        if (take <= 0) {
          this.carry = joined;
          return true;
        }
        joined = Buffer.concat([joined, chunk.subarray(start, start + take)]);
        start += take;
      }
      const used = this.walk(joined, 0, joined.length);
      if (this.error) return false;
      this.pos += used;
      start -= joined.length - used;
      this.carry = null;
      // The carry is a strict prefix of one unit, so that unit ends inside this chunk.
      if (start < 0) return this.fail(this.pos, `internal: record stitching went back ${-start} bytes at offset ${this.pos}`), false;
    }
    const used = this.walk(chunk, start, chunk.length);
    if (this.error) return false;
    this.pos += used - start;
    this.carry = used < chunk.length ? Buffer.from(chunk.subarray(used)) : null;
    return true;
  }

  /** Call at end of stream: a leftover partial record is a truncation. */
  end(): void {
    if (this.error) return;
    if (!this.format) {
      this.error = { offset: 0, message: "not a capture: file is empty or shorter than a capture header" };
      return;
    }
    const rest = this.carry?.length ?? 0;
    if (rest > 0) {
      const need = this.carry ? this.unitLength(this.carry, 0, rest, this.pos) : -1;
      if (this.error) return;
      const what = need > 0 ? `${rest} of ${need} bytes present` : `${rest} bytes of a header`;
      this.error = { offset: this.pos, message: `truncated: capture ends inside the record at offset ${this.pos} (${what})` };
    }
  }

  private fail(off: number, message: string): number {
    this.error = { offset: off, message };
    return -1;
  }

  private u32(b: Buffer, o: number): number {
    return this.le ? b.readUInt32LE(o) : b.readUInt32BE(o);
  }

  /** Length of the unit (header, record or block) at off; -1 if more bytes are needed. */
  private unitLength(b: Buffer, off: number, end: number, at: number): number {
    const avail = end - off;
    if (!this.format) {
      if (avail < 4) return -1;
      return this.detect(b, off, at);
    }
    if (this.format !== "pcapng") {
      if (!this.gotHeader) return 24;
      if (avail < 16) return -1;
      const incl = this.u32(b, off + 8);
      const bound = this.recordBound();
      if (incl > bound) return this.fail(at, `corrupt record at offset ${at}: captured length ${incl} exceeds ${bound === MAX_CAPLEN ? "the 256 KiB limit" : `snaplen ${bound}`}`);
      return 16 + incl;
    }
    if (avail < 12) return -1;
    if (b.readUInt32LE(off) === SHB) this.le = b.readUInt32LE(off + 8) === 0x1a2b3c4d;
    const len = this.u32(b, off + 4);
    if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK) return this.fail(at, `corrupt pcapng block at offset ${at}: total length ${len}`);
    return len;
  }

  /** Largest believable incl_len: the snaplen when it is a sane value, else 256 KiB. */
  private recordBound(): number {
    return this.snaplen >= 16 && this.snaplen < MAX_CAPLEN ? this.snaplen : MAX_CAPLEN;
  }

  private detect(b: Buffer, off: number, at: number): number {
    const m = b.readUInt32LE(off);
    if (m === 0xa1b2c3d4 || m === 0xd4c3b2a1 || m === 0xa1b23c4d || m === 0x4d3cb2a1) {
      this.le = m === 0xa1b2c3d4 || m === 0xa1b23c4d;
      this.nsec = m === 0xa1b23c4d || m === 0x4d3cb2a1;
      this.format = this.nsec ? "pcap-nsec" : "pcap";
      return 24;
    }
    if (m === SHB) {
      this.format = "pcapng";
      return -1;
    }
    return this.fail(at, `not a capture: unknown magic 0x${b.readUInt32BE(off).toString(16).padStart(8, "0")}`);
  }

  /** Consumes whole units in [off, end); returns the offset of the first unconsumed byte. */
  private walk(b: Buffer, off: number, end: number): number {
    const base = this.pos - off;
    if (!this.format) {
      if (end - off < 4) return off;
      this.detect(b, off, base + off);
      if (this.error) return off;
    }
    if (this.format === "pcapng") return this.walkPcapng(b, off, end, base);
    if (!this.gotHeader) {
      if (end - off < 24) return off;
      this.snaplen = this.u32(b, off + 16);
      this.linkType = this.u32(b, off + 20) & 0xffff;
      this.linkTypes.add(this.linkType);
      this.gotHeader = true;
      off += 24;
    }
    const le = this.le;
    const nsec = this.nsec;
    const fracMax = nsec ? 1e9 : 1e6;
    const bound = this.recordBound();
    const lt = this.linkType;
    const sink = this.sink;
    const clock = this.clock;
    // A DataView read is one (unaligned) load once optimized; Buffer#readUInt32LE is not
    // inlined here, and byte-wise reads are four loads and three shifts each.
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    while (end - off >= 16) {
      const sec = dv.getUint32(off, le);
      const frac = dv.getUint32(off + 4, le);
      const incl = dv.getUint32(off + 8, le);
      const orig = dv.getUint32(off + 12, le);
      if (incl > bound) {
        this.fail(base + off, `corrupt record at offset ${base + off}: captured length ${incl} exceeds ${bound === MAX_CAPLEN ? "the 256 KiB limit" : `snaplen ${bound}`}`);
        return off;
      }
      if (frac >= fracMax) {
        this.fail(base + off, `corrupt record at offset ${base + off}: sub-second timestamp ${frac} out of range`);
        return off;
      }
      if (off + 16 + incl > end) break;
      clock[0] = sec * 1e6 + (nsec ? Math.floor(frac / 1000) : frac);
      clock[1] = base + off;
      clock[2]!++;
      sink(lt, b, off + 16, incl, orig, 0);
      off += 16 + incl;
    }
    return off;
  }

  private walkPcapng(b: Buffer, off: number, end: number, base: number): number {
    while (end - off >= 12) {
      const len = this.unitLength(b, off, end, base + off);
      if (len < 0) return off;
      if (off + len > end) break;
      const at = base + off;
      if (this.u32(b, off + len - 4) !== len) {
        this.fail(at, `corrupt pcapng block at offset ${at}: trailing length does not repeat ${len}`);
        return off;
      }
      const type = this.u32(b, off);
      if (type === 6 || type === 2) {
        // EPB: if_id u32, ts hi, ts lo, caplen, origlen. Obsolete PB: if_id u16, drops u16, same.
        const id = type === 6 ? this.u32(b, off + 8) : this.le ? b.readUInt16LE(off + 8) : b.readUInt16BE(off + 8);
        const cap = this.u32(b, off + 20);
        const iface = this.ifaces[id];
        if (!iface) return this.fail(at, `corrupt pcapng block at offset ${at}: unknown interface ${id}`), off;
        if (cap > len - 32 || cap > MAX_CAPLEN) return this.fail(at, `corrupt pcapng block at offset ${at}: captured length ${cap} does not fit`), off;
        this.clock[0] = pcapngTsUs(this.u32(b, off + 12), this.u32(b, off + 16), iface);
        this.clock[1] = at;
        this.clock[2]!++;
        this.sink(iface.linkType, b, off + 28, cap, this.u32(b, off + 24), id);
      } else if (type === 3) {
        // SPB: original length only; the captured part is what fits (and the snaplen).
        const iface = this.ifaces[0];
        if (!iface) return this.fail(at, `corrupt pcapng block at offset ${at}: simple packet before any interface`), off;
        const orig = this.u32(b, off + 8);
        let cap = Math.min(orig, len - 16);
        if (iface.snaplen > 0) cap = Math.min(cap, iface.snaplen);
        // SPBs carry no timestamp: the clock keeps the last one seen so time stays monotonic.
        this.clock[1] = at;
        this.clock[2]!++;
        this.sink(iface.linkType, b, off + 12, cap, orig, 0);
      } else if (type === 1) {
        const iface = readInterface(b, off, len, this.le);
        this.ifaces.push(iface);
        this.linkTypes.add(iface.linkType);
      } else if (type === SHB) {
        this.ifaces = [];
      }
      off += len;
    }
    return off;
  }
}

/**
 * pcapng Interface Description Block: link type, snaplen and the timestamp resolution.
 *
 *   IDB body (after type + length): linktype u16, reserved u16, snaplen u32, options...
 *   option if_tsresol (code 9, 1 byte): high bit 0 -> 10^-v seconds, 1 -> 2^-v seconds.
 *   option if_tsoffset (code 14, 8 bytes): seconds to add to every timestamp.
 * Timestamps are a 64-bit count of those units split into high and low 32-bit words.
 */

export interface PcapngInterface {
  linkType: number;
  snaplen: number;
  /** Units per second is 10^decExp (decimal) or 2^binExp (binary). */
  decExp: number;
  binExp: number;
  offsetUs: number;
}

const TWO32 = 4294967296;

export function readInterface(buf: Buffer, off: number, len: number, le: boolean): PcapngInterface {
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const iface: PcapngInterface = { linkType: u16(off + 8), snaplen: u32(off + 12), decExp: 6, binExp: -1, offsetUs: 0 };
  // Options run until opt_endofopt or the trailing length word.
  let p = off + 16;
  const end = off + len - 4;
  while (p + 4 <= end) {
    const code = u16(p);
    const olen = u16(p + 2);
    if (code === 0 || p + 4 + olen > end) break;
    if (code === 9 && olen >= 1) {
      const v = buf[p + 4] ?? 6;
      if (v & 0x80) {
        iface.binExp = v & 0x7f;
        iface.decExp = -1;
      } else iface.decExp = v;
    } else if (code === 14 && olen >= 8) {
      const hi = u32(p + 4);
      const lo = u32(p + 8);
      iface.offsetUs = (hi * TWO32 + lo) * 1e6;
    }
    p += 4 + ((olen + 3) & ~3);
  }
  return iface;
}

/**
 * Microseconds since the epoch from the two timestamp words. Nanosecond counts exceed 2^53,
 * so the division is split to stay exact: units = hi*2^32 + lo, µs = units / 10^(exp-6).
 */
export function pcapngTsUs(hi: number, lo: number, iface: PcapngInterface): number {
  const e = iface.decExp;
  let us: number;
  if (e === 6) us = hi * TWO32 + lo;
  else if (e > 6) {
    const d = 10 ** (e - 6);
    us = Math.floor(hi / d) * TWO32 + Math.floor(((hi % d) * TWO32 + lo) / d);
  } else if (e >= 0) us = (hi * TWO32 + lo) * 10 ** (6 - e);
  else us = Math.floor(((hi * TWO32 + lo) / 2 ** iface.binExp) * 1e6);
  return us + iface.offsetUs;
}

/**
 * Test-only frame builder: hand-made packets for the cases the corpus lacks (VLAN tags,
 * IPv6 extension headers, fragments, ICMP errors, odd link types). Checksums are left 0;
 * tshark, used as the oracle on these files, does not verify them by default.
 */

export const TCP_F = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16 } as const;

const ip4b = (s: string) => Buffer.from(s.split(".").map(Number));

function ip6b(s: string): Buffer {
  const [head, tail] = s.includes("::") ? s.split("::") : [s, undefined];
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const words = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  const b = Buffer.alloc(16);
  words.forEach((w, i) => b.writeUInt16BE(parseInt(w, 16), i * 2));
  return b;
}

export function tcp(sport: number, dport: number, flags: number, seq: number, ack = 0, win = 65535, payload = 0): Buffer {
  const b = Buffer.alloc(20 + payload);
  b.writeUInt16BE(sport, 0);
  b.writeUInt16BE(dport, 2);
  b.writeUInt32BE(seq >>> 0, 4);
  b.writeUInt32BE(ack >>> 0, 8);
  b[12] = 0x50;
  b[13] = flags;
  b.writeUInt16BE(win, 14);
  return b;
}

export function udp(sport: number, dport: number, payload = 0): Buffer {
  const b = Buffer.alloc(8 + payload);
  b.writeUInt16BE(sport, 0);
  b.writeUInt16BE(dport, 2);
  b.writeUInt16BE(8 + payload, 4);
  return b;
}

export function ipv4(src: string, dst: string, proto: number, l4: Buffer, o: { options?: number; fragOffset8?: number; more?: boolean; id?: number; totalLen?: number } = {}): Buffer {
  const ihl = 20 + (o.options ?? 0);
  const b = Buffer.alloc(ihl);
  b[0] = 0x40 | (ihl / 4);
  b.writeUInt16BE(o.totalLen ?? ihl + l4.length, 2);
  b.writeUInt16BE(o.id ?? 1, 4);
  b.writeUInt16BE((o.more ? 0x2000 : 0) | (o.fragOffset8 ?? 0), 6);
  b[8] = 64;
  b[9] = proto;
  ip4b(src).copy(b, 12);
  ip4b(dst).copy(b, 16);
  for (let k = 20; k < ihl; k++) b[k] = 1; // NOP options
  return Buffer.concat([b, l4]);
}

/** IPv6 with optional extension headers: [type, bodyLen] (hop-by-hop 0, dest-opts 60, routing 43). */
export function ipv6(src: string, dst: string, nh: number, l4: Buffer, ext: number[] = []): Buffer {
  const exts: Buffer[] = [];
  for (let k = 0; k < ext.length; k++) {
    const e = Buffer.alloc(8);
    e[0] = k + 1 < ext.length ? ext[k + 1]! : nh;
    exts.push(e);
  }
  const payload = Buffer.concat([...exts, l4]);
  const b = Buffer.alloc(40);
  b[0] = 0x60;
  b.writeUInt16BE(payload.length, 4);
  b[6] = ext.length ? ext[0]! : nh;
  b[7] = 64;
  ip6b(src).copy(b, 8);
  ip6b(dst).copy(b, 24);
  return Buffer.concat([b, payload]);
}

/** ICMP (v4) or ICMPv6 error quoting `orig` (an IP packet). */
export function icmpError(v6: boolean, type: number, code: number, orig: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h[0] = type;
  h[1] = code;
  return Buffer.concat([h, orig.subarray(0, v6 ? 48 : 28)]);
}

const macb = (m: string) => Buffer.from(m.split(":").map((x) => parseInt(x, 16)));

export function eth(src: string, dst: string, etype: number, payload: Buffer, vlans: [number, number][] = []): Buffer {
  const tags = vlans.map(([tpid, vid]) => {
    const t = Buffer.alloc(4);
    t.writeUInt16BE(tpid, 0);
    t.writeUInt16BE(vid, 2);
    return t;
  });
  const et = Buffer.alloc(2);
  et.writeUInt16BE(etype, 0);
  return Buffer.concat([macb(dst), macb(src), ...tags, et, payload]);
}

export function arpReply(senderMac: string, senderIp: string, targetMac: string, targetIp: string): Buffer {
  const b = Buffer.alloc(28);
  b.writeUInt16BE(1, 0);
  b.writeUInt16BE(0x0800, 2);
  b[4] = 6;
  b[5] = 4;
  b.writeUInt16BE(2, 6);
  macb(senderMac).copy(b, 8);
  ip4b(senderIp).copy(b, 14);
  macb(targetMac).copy(b, 18);
  ip4b(targetIp).copy(b, 24);
  return eth(senderMac, targetMac, 0x0806, b);
}

export function sll(pktType: number, src: string, etype: number, payload: Buffer): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16BE(pktType, 0);
  b.writeUInt16BE(1, 2);
  b.writeUInt16BE(6, 4);
  macb(src).copy(b, 6);
  b.writeUInt16BE(etype, 14);
  return Buffer.concat([b, payload]);
}

export function sll2(ifindex: number, pktType: number, src: string, etype: number, payload: Buffer): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt16BE(etype, 0);
  b.writeUInt32BE(ifindex, 4);
  b.writeUInt16BE(1, 8);
  b[10] = pktType;
  b[11] = 6;
  macb(src).copy(b, 12);
  return Buffer.concat([b, payload]);
}

export function nullLoop(family: number, payload: Buffer): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(family, 0);
  return Buffer.concat([b, payload]);
}

/** Classic little-endian µs pcap; frames 1 ms apart from 2026-01-01. */
export function pcapFile(linkType: number, frames: Buffer[], startUs = 1_767_225_600_000_000): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(262144, 16);
  h.writeUInt32LE(linkType, 20);
  const recs = frames.map((f, k) => {
    const us = startUs + k * 1000;
    const r = Buffer.alloc(16);
    r.writeUInt32LE(Math.floor(us / 1e6), 0);
    r.writeUInt32LE(us % 1e6, 4);
    r.writeUInt32LE(f.length, 8);
    r.writeUInt32LE(f.length, 12);
    return Buffer.concat([r, f]);
  });
  return Buffer.concat([h, ...recs]);
}

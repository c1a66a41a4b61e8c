// The first incident in a bridge capture, for the bench bundle (make-bundle.mjs): a client
// connects to server:port again and again; the live pod (goodMac) answers three SYNs in four
// with a SYN-ACK and the exchange completes, a stale copy of the same address (copyMac)
// answers the fourth with RST,ACK ~15 µs after the SYN, as the copy without a listener does.
// Classic pcap, Ethernet, IPv4 + TCP with checksums left 0 (our reader and tshark ignore them).
import { pcapHeader } from "../pcap/pcap-header.mjs";

const SYN = 2, RST = 4, PSH = 8, ACK = 16, FIN = 1;

const mac = (s) => Buffer.from(s.split(":").map((h) => parseInt(h, 16)));
const ip4 = (s) => Buffer.from(s.split(".").map(Number));

function frame(tsUs, from, to, src, dst, sport, dport, flags, seq, ack, payload = 0) {
  const len = 14 + 20 + 20 + payload;
  const b = Buffer.alloc(16 + len);
  b.writeUInt32LE(Math.floor(tsUs / 1e6), 0);
  b.writeUInt32LE(tsUs % 1e6, 4);
  b.writeUInt32LE(len, 8);
  b.writeUInt32LE(len, 12);
  mac(to).copy(b, 16);
  mac(from).copy(b, 22);
  b.writeUInt16BE(0x0800, 28);
  const ip = 30;
  b[ip] = 0x45;
  b.writeUInt16BE(40 + payload, ip + 2);
  b.writeUInt16BE(0x4000, ip + 6);
  b[ip + 8] = 64;
  b[ip + 9] = 6;
  ip4(src).copy(b, ip + 12);
  ip4(dst).copy(b, ip + 16);
  const t = ip + 20;
  b.writeUInt16BE(sport, t);
  b.writeUInt16BE(dport, t + 2);
  b.writeUInt32BE(seq >>> 0, t + 4);
  b.writeUInt32BE(ack >>> 0, t + 8);
  b[t + 12] = 0x50;
  b[t + 13] = flags;
  b.writeUInt16BE(64240, t + 14);
  return b;
}

/**
 * @param {{ client: { ip: string, mac: string }, server: string, port: number, goodMac: string, copyMac: string, attempts: number, startUs: number }} o
 * @returns {Buffer}
 */
export function incidentCapture(o) {
  const out = [pcapHeader()];
  let ts = o.startUs;
  const { client, server, port } = o;
  for (let k = 0; k < o.attempts; k++) {
    const sport = 41000 + k;
    const isn = 100000 * (k + 1);
    // the client's SYN goes to whichever MAC its neighbour entry holds
    const to = k % 4 === 3 ? o.copyMac : o.goodMac;
    out.push(frame(ts, client.mac, to, client.ip, server, sport, port, SYN, isn, 0));
    if (k % 4 === 3) {
      out.push(frame(ts + 15, o.copyMac, client.mac, server, client.ip, port, sport, RST | ACK, 0, isn + 1));
    } else {
      const s = 700000 + k;
      out.push(frame(ts + 40, o.goodMac, client.mac, server, client.ip, port, sport, SYN | ACK, s, isn + 1));
      out.push(frame(ts + 80, client.mac, o.goodMac, client.ip, server, sport, port, ACK, isn + 1, s + 1));
      out.push(frame(ts + 120, client.mac, o.goodMac, client.ip, server, sport, port, PSH | ACK, isn + 1, s + 1, 120));
      out.push(frame(ts + 400, o.goodMac, client.mac, server, client.ip, port, sport, PSH | ACK, s + 1, isn + 121, 600));
      out.push(frame(ts + 450, client.mac, o.goodMac, client.ip, server, sport, port, FIN | ACK, isn + 121, s + 601));
      out.push(frame(ts + 500, o.goodMac, client.mac, server, client.ip, port, sport, FIN | ACK, s + 601, isn + 122));
      out.push(frame(ts + 540, client.mac, o.goodMac, client.ip, server, sport, port, ACK, isn + 122, s + 602));
    }
    ts += 250_000;
  }
  return Buffer.concat(out);
}

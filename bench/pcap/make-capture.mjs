// Writes a synthetic classic pcap (Ethernet, as Linux loopback captures are) of many short
// TCP connections on 127.0.0.1: 90% are request/response with FIN both ways (11 packets),
// 10% are refused (SYN -> RST,ACK). Client ports cycle, so 5-tuples get reused like on a busy
// node. Checksums are left 0 (tshark does not verify them by default).
// usage: node bench/pcap/make-capture.mjs OUT.pcap [MiB=500] [RESPONSE_BYTES=1200] [zeros|random]
// "random" fills payloads with pseudo-random bytes, as real (mostly TLS) traffic looks to
// gzip: a capture of zeros compresses ~100x and makes a bundle unrealistically small.
import { openSync, writeSync, closeSync } from "node:fs";
import { pcapHeader } from "./pcap-header.mjs";

const [out, mibArg, respArg, payloadArg] = process.argv.slice(2);
const RANDOM = payloadArg === "random";
let rng = 0x9e3779b9;
if (!out) throw new Error("usage: make-capture.mjs OUT.pcap [MiB] [RESPONSE_BYTES]");
const target = Number(mibArg ?? 500) * 1024 * 1024;
const RESP = Number(respArg ?? 1200);
const REQ = 300;
const fd = openSync(out, "w");
const batch = Buffer.alloc(16 * 1024 * 1024);
let used = 0;
let written = 0;
let packets = 0;
let conns = 0;

writeSync(fd, pcapHeader());
written += 24;

let tsUs = 1_763_900_000_000_000;
const LO = 0x7f000001;

function flush() {
  writeSync(fd, batch, 0, used);
  written += used;
  used = 0;
}

// One frame: Ethernet (zero MACs, as on lo) + IPv4 + TCP (20 bytes) + payload of zeros.
function frame(fromClient, cport, flags, seq, ack, payload) {
  const len = 14 + 20 + 20 + payload;
  if (used + 16 + len > batch.length) flush();
  const b = batch;
  let o = used;
  b.writeUInt32LE(Math.floor(tsUs / 1e6), o);
  b.writeUInt32LE(tsUs % 1e6, o + 4);
  b.writeUInt32LE(len, o + 8);
  b.writeUInt32LE(len, o + 12);
  o += 16;
  b.fill(0, o, o + len);
  b.writeUInt16BE(0x0800, o + 12);
  o += 14;
  b[o] = 0x45;
  b.writeUInt16BE(20 + 20 + payload, o + 2);
  b.writeUInt16BE(0x4000, o + 6);
  b[o + 8] = 64;
  b[o + 9] = 6;
  b.writeUInt32BE(LO, o + 12);
  b.writeUInt32BE(LO, o + 16);
  o += 20;
  b.writeUInt16BE(fromClient ? cport : 8080, o);
  b.writeUInt16BE(fromClient ? 8080 : cport, o + 2);
  b.writeUInt32BE(seq >>> 0, o + 4);
  b.writeUInt32BE(ack >>> 0, o + 8);
  b[o + 12] = 0x50;
  b[o + 13] = flags;
  b.writeUInt16BE(65483, o + 14);
  if (RANDOM) {
    // xorshift32, 4 bytes at a time: fast and incompressible enough
    const end = o + 20 + payload;
    for (let p = o + 20; p + 4 <= end; p += 4) {
      rng ^= rng << 13; rng ^= rng >>> 17; rng ^= rng << 5;
      b.writeInt32LE(rng | 0, p);
    }
  }
  used += 16 + len;
  packets++;
  tsUs += 7;
}

const SYN = 2, RST = 4, PSH = 8, ACK = 16, FIN = 1;
while (written + used < target) {
  const cport = 32768 + (conns % 28232);
  const c = (conns * 2654435761) >>> 0;
  const s = (c ^ 0x5bd1e995) >>> 0;
  frame(true, cport, SYN, c, 0, 0);
  if (conns % 10 === 9) {
    frame(false, cport, RST | ACK, 0, c + 1, 0);
  } else {
    frame(false, cport, SYN | ACK, s, c + 1, 0);
    frame(true, cport, ACK, c + 1, s + 1, 0);
    frame(true, cport, PSH | ACK, c + 1, s + 1, REQ);
    frame(false, cport, ACK, s + 1, c + 1 + REQ, 0);
    frame(false, cport, PSH | ACK, s + 1, c + 1 + REQ, RESP);
    frame(true, cport, ACK, c + 1 + REQ, s + 1 + RESP, 0);
    frame(false, cport, FIN | ACK, s + 1 + RESP, c + 1 + REQ, 0);
    frame(true, cport, ACK, c + 1 + REQ, s + 2 + RESP, 0);
    frame(true, cport, FIN | ACK, c + 1 + REQ, s + 2 + RESP, 0);
    frame(false, cport, ACK, s + 2 + RESP, c + 2 + REQ, 0);
  }
  conns++;
  tsUs += 150;
}
flush();
closeSync(fd);
console.log(JSON.stringify({ file: out, bytes: written, packets, connections: conns }));

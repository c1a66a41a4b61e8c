// Reference floor: a minimal Node record walker (classic pcap only, counts records, no decoding).
// usage: node bench/pcap/record-walk.mjs FILE
import { createReadStream } from "node:fs";
const t0 = performance.now();
let n = 0, carry = null;
for await (let c of createReadStream(process.argv[2], { highWaterMark: 1 << 20 })) {
  if (carry) c = Buffer.concat([carry, c]);
  let o = n === 0 ? 24 : 0; if (n === 0) n = 1;
  while (o + 16 <= c.length) { const l = c.readUInt32LE(o + 8); if (o + 16 + l > c.length) break; n++; o += 16 + l; }
  carry = o < c.length ? c.subarray(o) : null;
}
console.log(n, Math.round(performance.now() - t0), "ms");

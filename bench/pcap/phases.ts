// Where the time goes: the record walk alone, walk + decode, and the whole analysis, each on
// the same file in one process (so machine load hits all three alike).
// usage: npx tsx bench/pcap/phases.ts FILE
import { createReadStream } from "node:fs";
import { CaptureReader } from "@/lib/pcap/capture-reader";
import { decodePacket } from "@/lib/pcap/decode-packet";
import { analyzePcapFile } from "@/lib/pcap/analyze";

const file = process.argv[2];
if (!file) throw new Error("usage: phases.ts FILE");

async function feed(reader: CaptureReader): Promise<void> {
  for await (const c of createReadStream(file!, { highWaterMark: 1 << 20 })) if (!reader.push(c as Buffer)) break;
  reader.end();
}

async function timed(label: string, fn: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await fn();
  console.log(`${label.padEnd(22)} ${Math.round(performance.now() - t0)} ms`);
}

for (let round = 0; round < 2; round++) {
  let n = 0;
  await timed("walk only", () => feed(new CaptureReader(() => void n++)));
  await timed("walk + decode", () => feed(new CaptureReader((lt, _ts, b, off, cap) => void (n += decodePacket(lt, b, off, cap)))));
  await timed("full analysis", () => analyzePcapFile(file));
}

// Where the time goes: reading alone, + the record walk, + decode, + the flow table, and the
// whole analysis (with the summary), each on the same file in one process (so machine load
// hits all of them alike). Reads go through readChunks, as analyzePcapFile's do.
// usage: npx tsx bench/pcap/phases.ts FILE [ROUNDS=2]
import { CaptureReader } from "@/lib/pcap/capture-reader";
import { decodePacket, L_NONE } from "@/lib/pcap/decode-packet";
import { FlowTable } from "@/lib/pcap/flow-table";
import { analyzePcapFile } from "@/lib/pcap/analyze";
import { readChunks } from "@/lib/pcap/read-file";

const file = process.argv[2];
if (!file) throw new Error("usage: phases.ts FILE [ROUNDS]");
const rounds = Number(process.argv[3] ?? 2);

async function feed(reader: CaptureReader | null): Promise<void> {
  for await (const c of readChunks(file!)) if (reader && !reader.push(c)) break;
  reader?.end();
}

async function timed(label: string, fn: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await fn();
  console.log(`${label.padEnd(22)} ${Math.round(performance.now() - t0)} ms`);
}

for (let round = 0; round < rounds; round++) {
  let n = 0;
  await timed("read only", () => feed(null));
  await timed("+ walk", () => feed(new CaptureReader(() => void n++)));
  await timed("+ decode", () => feed(new CaptureReader((lt, b, off, cap) => void (n += decodePacket(lt, b, off, cap)))));
  const clock = new Float64Array(1);
  const table = new FlowTable(200_000, clock);
  await timed("+ flow table", () => feed(new CaptureReader((lt, b, off, cap, orig) => void (decodePacket(lt, b, off, cap) !== L_NONE && table.add(orig)), clock)));
  await timed("full analysis", () => analyzePcapFile(file));
}

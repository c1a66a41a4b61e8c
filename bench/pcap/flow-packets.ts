// What the Packets page pays to list one flow's packets (readFlowPackets, a second pass over
// the capture that stops a little past the flow's end), for a flow near the start, the middle
// and the end of a large capture, as a ratio of the full analysis of the same file in the same
// run (the baseline: analyzePcapFile). The flow's position decides the cost: there is no
// per-flow offset index, the read starts at the capture's first byte.
// usage: npx tsx bench/pcap/flow-packets.ts FILE [RUNS=3]
import { analyzePcapFile } from "@/lib/pcap/analyze";
import { isoToUs, readFlowPackets } from "@/lib/pcap/flow-packets";
import { readChunks } from "@/lib/pcap/read-file";

const file = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
if (!file) throw new Error("usage: flow-packets.ts FILE [RUNS]");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = async (f: () => Promise<unknown>) => {
  const t0 = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

const s = await analyzePcapFile(file, { maxFlowsListed: 200_000 });
const byStart = [...s.flows].sort((a, b) => isoToUs(a.firstTs) - isoToUs(b.firstTs));
const pick = { start: byStart[0]!, middle: byStart[Math.floor(byStart.length / 2)]!, end: byStart.at(-1)! };
const full: number[] = [];
const per: Record<string, number[]> = { start: [], middle: [], end: [] };
const scanned: Record<string, number> = {};
for (let k = 0; k < runs; k++) {
  full.push(await ms(() => analyzePcapFile(file)));
  for (const [name, flow] of Object.entries(pick)) {
    per[name]!.push(
      await ms(async () => {
        const r = await readFlowPackets(readChunks(file), flow);
        scanned[name] = r.scanned;
      }),
    );
  }
}
const base = median(full);
console.log(`${file}: ${s.packets} packets; medians of ${runs} runs; full analysis ${base.toFixed(0)} ms (baseline)`);
for (const name of Object.keys(pick)) {
  const m = median(per[name]!);
  console.log(`flow at the ${name.padEnd(6)} ${m.toFixed(1).padStart(8)} ms  ${(m / base).toFixed(3)}x of the analysis  (${scanned[name]} of ${s.packets} records read)`);
}

// Where a journal's time goes in the analysis: streams one log file through the same path
// analyzeBundle uses (streamLogArtifact: line split, parse, timeline events, log signals) and
// prints the time, main-thread CPU and lines per second. Figures, not a test.
// usage: npx tsx bench/logs/stream-log.ts FILE [kind=journal]
import { readFileSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { streamLogArtifact } from "@/lib/stream/log-artifact";
import { loadRuleSet } from "@/lib/rules";
import type { EntryBody } from "@/lib/archive";
import type { LogSignal } from "@/lib/model/types";
import { compileSignals } from "@/lib/stream/signal-matcher";

/** CPU seconds of the main thread alone (Linux), less disturbed by other load than wall time. */
function mainCpu(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}

const [file, kind = "journal"] = process.argv.slice(2);
if (!file) throw new Error("usage: stream-log.ts FILE [kind]");
const size = (await stat(file)).size;

async function* chunks(): AsyncIterable<Buffer> {
  const fh = await open(file!, "r");
  try {
    for (;;) {
      // Fresh buffers, as the archive reader hands them on (the consumer may keep them).
      const buf = Buffer.allocUnsafe(2 * 1024 * 1024); // as the gunzip feed hands them on (lib/archive/feeds.ts)
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}
const body: EntryBody = { size, chunks, toBuffer: async () => null };
const signals: LogSignal[] = [];
let events = 0;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const main0 = mainCpu();
const elu0 = performance.eventLoopUtilization();
const r = await streamLogArtifact({
  kind, path: "logs/journal/bench.txt", body, time: { utcOffsetSeconds: 0 }, matcher: compileSignals(loadRuleSet().signals), signals, signalCounts: new Map(),
  emit: () => void events++, flush: async () => undefined,
});
const s = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0);
console.log(`${(size / 1e6).toFixed(0)} MB, ${r.recordCount} records, ${events} events, ${signals.length} signals`);
console.log(`wall ${s.toFixed(2)} s, main thread busy ${(elu.active / 1000).toFixed(2)} s (CPU ${(mainCpu() - main0).toFixed(2)} s), process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, ${(r.recordCount / s / 1e6).toFixed(2)} M lines/s`);

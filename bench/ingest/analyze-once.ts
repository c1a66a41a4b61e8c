// One analysis of BUNDLE in this process, as the ingest job runs it (events handed on in
// batches and dropped here), then prints what it found and the peak RSS of the process.
// usage: npx tsx bench/ingest/analyze-once.ts BUNDLE
import fs from "node:fs";
import { analyzeBundle } from "@/lib/analyze/analyze-bundle";

/** CPU seconds of one thread of this process (Linux), null when it is gone or unreadable. */
function threadCpuSeconds(tid: string): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

// Every thread's CPU, sampled while the analysis runs (worker threads end before it does):
// the main thread is the critical path; the others (gunzip on the libuv pool, the keyword
// worker, V8's GC/compiler helpers) share the second core with it.
const threads = new Map<string, number>();
const sample = () => {
  for (const tid of fs.readdirSync("/proc/self/task")) {
    const s = threadCpuSeconds(tid);
    if (s !== null) threads.set(tid, s);
  }
};
const sampler = setInterval(sample, 250);

const file = process.argv[2];
if (!file) throw new Error("usage: analyze-once.ts BUNDLE");
let events = 0;
const t0 = performance.now();
const r = await analyzeBundle(file, { onEvents: (b) => void (events += b.length), onArtifactBody: () => undefined, timelineKeep: 1000 });
const ms = performance.now() - t0;
sample();
clearInterval(sampler);
const others = [...threads].filter(([tid]) => tid !== String(process.pid)).map(([, s]) => s).filter((s) => s >= 0.05).sort((a, b) => b - a);
console.log(JSON.stringify({
  seconds: +(ms / 1000).toFixed(2),
  mainThreadCpuSeconds: threadCpuSeconds(String(process.pid)),
  otherThreadsCpuSeconds: others,
  processCpuSeconds: +((process.cpuUsage().user + process.cpuUsage().system) / 1e6).toFixed(2),
  artifacts: r.model.artifacts.length,
  netns: r.model.netns.length,
  iptablesRules: r.model.netns.reduce((n, v) => n + v.iptables.reduce((m, rs) => m + rs.rules.length, 0), 0),
  events,
  packets: r.model.captures.reduce((n, c) => n + c.packets, 0),
  findings: r.findings.length,
  complete: r.complete,
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
}));

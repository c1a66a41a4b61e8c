// The analysis-only time (wall and CPU) of N separate runs (the run-to-run spread is large on a shared
// machine, so one run says little): prints each, then min and median.
// usage: flock /tmp/bench.lock node bench/pcap/repeat.mjs [FILE] [N=5]
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const file = process.argv[2] ?? "/tmp/nbp-bench-500m.pcap";
const n = Number(process.argv[3] ?? 5);
const ms = [];
const cpu = [];
for (let k = 0; k < n; k++) {
  const r = spawnSync("node", ["--import", "tsx", path.join(here, "analyze-once.ts"), file], { cwd: path.resolve(here, "../.."), encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  const out = JSON.parse(r.stdout.trim().split("\n").pop());
  ms.push(out.ms);
  cpu.push(out.cpuMs);
  console.log(`run ${k + 1}: ${out.ms} ms, cpu ${out.cpuMs} ms (${out.packets} packets, ${out.totalFlows} flows, rss ${out.rssMiB} MiB)`);
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]} ms, median ${s[Math.floor(n / 2)]} ms`;
};
console.log(`wall: ${stats(ms)} of ${n}; cpu: ${stats(cpu)}; load ${(await import("node:os")).loadavg()[0].toFixed(1)}`);

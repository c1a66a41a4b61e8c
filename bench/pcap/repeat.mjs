// The analysis-only time of N separate runs (the run-to-run spread is large on a shared
// machine, so one run says little): prints each, then min and median.
// usage: flock /tmp/bench.lock node bench/pcap/repeat.mjs [FILE] [N=5]
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const file = process.argv[2] ?? "/tmp/nbp-bench-500m.pcap";
const n = Number(process.argv[3] ?? 5);
const ms = [];
for (let k = 0; k < n; k++) {
  const r = spawnSync("node", ["--import", "tsx", path.join(here, "analyze-once.ts"), file], { cwd: path.resolve(here, "../.."), encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  const out = JSON.parse(r.stdout.trim().split("\n").pop());
  ms.push(out.ms);
  console.log(`run ${k + 1}: ${out.ms} ms (${out.packets} packets, ${out.totalFlows} flows, rss ${out.rssMiB} MiB)`);
}
const sorted = [...ms].sort((a, b) => a - b);
console.log(`min ${sorted[0]} ms, median ${sorted[Math.floor(n / 2)]} ms of ${n}`);

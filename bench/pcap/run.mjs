// One-run throughput comparison on a large capture: netbundle (lib/pcap) vs tshark's TCP
// conversation table vs `cat > /dev/null`, plus a minimal record walker as the Node floor.
// usage: [RUNS=5] [NO_TSHARK=1] node bench/pcap/run.mjs [FILE]   (default: builds /tmp/nbp-bench-500m.pcap, ~500 MiB)
// Prints wall-clock seconds per tool, MB/s, and the ratios the targets are stated in.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const file = process.argv[2] ?? "/tmp/nbp-bench-500m.pcap";
if (!existsSync(file)) {
  console.log(`building ${file} ...`);
  const r = spawnSync("node", [path.join(here, "make-capture.mjs"), file, "500"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(1);
}
const mb = statSync(file).size / 1e6;

function time(label, cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr}`);
  return { label, s, out: r.stdout };
}

spawnSync("sh", ["-c", `cat '${file}' > /dev/null`]); // warm the page cache
// RUNS=N repeats cat, the walker and netbundle N times, interleaved, and reports the median of
// each (the host's speed drifts by 1.5x over minutes: cat itself went 0.065 -> 0.10 s), so the
// ratios compare runs made under the same conditions. NO_TSHARK=1 skips tshark (~20 s).
const runs = Number(process.env.RUNS ?? 1);
const median = (xs, f) => [...xs].sort((a, b) => f(a) - f(b))[Math.floor(xs.length / 2)];
const cats = [], walks = [], nbs = [], clis = [];
for (let k = 0; k < runs; k++) {
  cats.push(time("cat > /dev/null", "sh", ["-c", `cat '${file}' > /dev/null`]));
  walks.push(time("node record walker", "node", [path.join(here, "record-walk.mjs"), file]));
  // analyze-once runs under tsx (slow to start): only its in-process figure is used.
  nbs.push(time("analyze-once", "node", ["--import", "tsx", path.join(here, "analyze-once.ts"), file]));
  // What a user waits for: the real command, start-up included.
  clis.push(time("netbundle pcap (command)", path.join(root, "bin", "netbundle.mjs"), ["pcap", file, "--format", "json"]));
}
const inProcOf = (r) => JSON.parse(r.out.trim().split("\n").pop());
const cat = median(cats, (r) => r.s);
const walk = median(walks, (r) => r.s);
const cli = median(clis, (r) => r.s);
const inProc = median(nbs.map(inProcOf), (o) => o.ms);
if (runs > 1) console.log(`medians of ${runs} runs; netbundle analysis-only ms: ${nbs.map((r) => inProcOf(r).ms).join(" ")}; cat ms: ${cats.map((r) => Math.round(r.s * 1000)).join(" ")}`);
const ts = process.env.NO_TSHARK ? null : time("tshark -q -z conv,tcp", "tshark", ["-r", file, "-q", "-z", "conv,tcp"]);

const nbS = inProc.ms / 1000;
const row = (l, s) => console.log(`${l.padEnd(28)} ${s.toFixed(3).padStart(8)} s  ${(mb / s).toFixed(0).padStart(6)} MB/s`);
console.log(`file ${file}: ${mb.toFixed(0)} MB, ${inProc.packets} packets, ${inProc.totalFlows} flows (${inProc.droppedFlows} dropped by the cap), rss ${inProc.rssMiB} MiB`);
row(cat.label, cat.s);
row(walk.label, walk.s);
row("netbundle (analysis only)", nbS);
row(cli.label, cli.s);
if (ts) {
  row(ts.label, ts.s);
  console.log(`tshark / netbundle:  ${(ts.s / nbS).toFixed(1)}x (command: ${(ts.s / cli.s).toFixed(1)}x)   target >= 10x`);
}
console.log(`netbundle / cat:     ${(nbS / cat.s).toFixed(1)}x (command: ${(cli.s / cat.s).toFixed(1)}x)   target <= 8x`);
console.log(`netbundle / walker:  ${(nbS / walk.s).toFixed(1)}x`);
console.log(`load average: ${(await import("node:os")).loadavg().map((x) => x.toFixed(1)).join(" ")} on ${(await import("node:os")).cpus().length} CPUs`);

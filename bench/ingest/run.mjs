// Ingest benchmark: analyze time of a large bundle vs `tar -xzf` of the same file, their
// ratio, and the analysis's peak RSS. Targets (issue #3): ratio <= 1.5, peak RSS <= 512 MB,
// and RSS flat in bundle size (run with a smaller bundle to compare: see README).
// usage: node bench/ingest/run.mjs [BUNDLE] [--runs=N]  (default: builds /tmp/nb-bench-ingest.tar.gz once)
//   --mix=klog builds /tmp/nb-bench-ingest-klog.tar.gz instead: a busy node's mix (2M klog kubelet
//   lines in a plain log file, a 150 MiB poorly compressible capture), the issue #16 case.
// With --runs=N the analysis runs N times: every run's ratio, and the max peak RSS of all.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const runs = Math.max(1, Number(flag("runs") ?? 1));
const klogMix = flag("mix") === "klog";
const bundle = args.find((a) => !a.startsWith("--")) ?? (klogMix ? "/tmp/nb-bench-ingest-klog.tar.gz" : "/tmp/nb-bench-ingest.tar.gz");
if (!fs.existsSync(bundle)) {
  console.log(`building ${bundle} (once)...`);
  const b = spawnSync(process.execPath, [path.join(root, "bench/ingest/make-bundle.mjs"), bundle, ...(klogMix ? ["2000000", "150", "klog"] : [])], { stdio: "inherit" });
  if (b.status !== 0) process.exit(1);
}
const size = fs.statSync(bundle).size;
const timeIt = (argv, opts = {}) => {
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr}`);
  return { seconds: (performance.now() - t0) / 1000, stdout: r.stdout };
};
// Warm the page cache so both runs read from memory.
timeIt(["cat", bundle], { stdio: ["ignore", "ignore", "ignore"] });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nb-bench-untar-"));
const untar = timeIt(["tar", "-xzf", bundle, "-C", dir]);
fs.rmSync(dir, { recursive: true, force: true });
// Same V8 young-generation size as the CLI and the server use (bin/netbundle.mjs, scripts/start.sh).
const all = [];
for (let i = 0; i < runs; i++) {
  const analyze = timeIt([process.execPath, "--max-semi-space-size=64", "--import", "tsx", path.join(root, "bench/ingest/analyze-once.ts"), bundle], { cwd: root });
  all.push({ wall: analyze.seconds, ...JSON.parse(analyze.stdout.trim().split("\n").pop()) });
}
const stats = all[0];
console.log(`bundle            ${(size / 1048576).toFixed(1)} MiB  (${bundle})`);
console.log(`tar -xzf          ${untar.seconds.toFixed(2)} s`);
console.log(`netbundle analyze ${all.map((s) => s.seconds.toFixed(2)).join(", ")} s in-process (${all.map((s) => s.wall.toFixed(2)).join(", ")} s with node start-up)`);
console.log(`cpu               main thread ${stats.mainThreadCpuSeconds} s, whole process ${stats.processCpuSeconds} s`);
console.log(`other threads     ${stats.otherThreadsCpuSeconds.map((s) => s.toFixed(2)).join(" ")} s (libuv pool: gunzip; keyword worker; V8 GC/compiler helpers)`);
console.log(`ratio             ${all.map((s) => (s.seconds / untar.seconds).toFixed(2)).join(", ")}  (target <= ${klogMix ? "1.2" : "1.5"})`);
console.log(`peak RSS          ${all.map((s) => s.peakRssMiB).join(", ")} MiB, max ${Math.max(...all.map((s) => s.peakRssMiB))}  (target <= 512 in every run)`);
console.log(`content           ${stats.netns} netns, ${stats.iptablesRules} iptables rules, ${stats.events} timeline events, ${stats.packets} packets, ${stats.findings} findings`);

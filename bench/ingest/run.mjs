// Ingest benchmark: analyze time of a large bundle vs `tar -xzf` of the same file, their
// ratio, and the analysis's peak RSS. Targets (issue #3): ratio <= 1.5, peak RSS <= 512 MB,
// and RSS flat in bundle size (run with a smaller bundle to compare: see README).
// usage: node bench/ingest/run.mjs [BUNDLE]  (default: builds /tmp/nb-bench-ingest.tar.gz once)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bundle = process.argv[2] ?? "/tmp/nb-bench-ingest.tar.gz";
if (!fs.existsSync(bundle)) {
  console.log(`building ${bundle} (once)...`);
  const b = spawnSync(process.execPath, [path.join(root, "bench/ingest/make-bundle.mjs"), bundle], { stdio: "inherit" });
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
const analyze = timeIt([process.execPath, "--max-semi-space-size=64", "--import", "tsx", path.join(root, "bench/ingest/analyze-once.ts"), bundle], { cwd: root });
const stats = JSON.parse(analyze.stdout.trim().split("\n").pop());
console.log(`bundle            ${(size / 1048576).toFixed(1)} MiB  (${bundle})`);
console.log(`tar -xzf          ${untar.seconds.toFixed(2)} s`);
console.log(`netbundle analyze ${stats.seconds.toFixed(2)} s in-process (${analyze.seconds.toFixed(2)} s with node start-up)`);
console.log(`cpu               main thread ${stats.mainThreadCpuSeconds} s, whole process ${stats.processCpuSeconds} s`);
console.log(`other threads     ${stats.otherThreadsCpuSeconds.map((s) => s.toFixed(2)).join(" ")} s (libuv pool: gunzip; keyword worker; V8 GC/compiler helpers)`);
console.log(`ratio             ${(stats.seconds / untar.seconds).toFixed(2)}  (target <= 1.5)`);
console.log(`peak RSS          ${stats.peakRssMiB} MiB  (target <= 512)`);
console.log(`content           ${stats.netns} netns, ${stats.iptablesRules} iptables rules, ${stats.events} timeline events, ${stats.packets} packets, ${stats.findings} findings`);

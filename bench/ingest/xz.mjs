// .tar.xz ingest bench (issue #17): the same bundle as .tar.gz and as .tar.xz (sos's default
// compression), analysed in-process, against `tar -xJf` and `xz -dc` of the .tar.xz in the
// same run. Prints the ratios: analyze(xz) / analyze(gz) is what xz costs us on top of the
// analysis, analyze(xz) / tar -xJf what the analysis costs against unpacking.
// usage: node bench/ingest/xz.mjs [BUNDLE.tar.gz]  (default: builds /tmp/nb-bench-xz.tar.gz once,
//        JOURNAL_LINES=NB_XZ_LINES (500000), PCAP_MIB=NB_XZ_PCAP (20); the .tar.xz beside it, once)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const gz = process.argv[2] ?? "/tmp/nb-bench-xz.tar.gz";
const xz = gz.replace(/\.tar\.gz$|\.tgz$/, "") + ".tar.xz";
const run = (argv, opts = {}) => {
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr}`);
  return { seconds: (performance.now() - t0) / 1000, stdout: r.stdout };
};
if (!fs.existsSync(gz)) {
  console.log(`building ${gz} (once)...`);
  run([process.execPath, path.join(root, "bench/ingest/make-bundle.mjs"), gz, process.env.NB_XZ_LINES ?? "500000", process.env.NB_XZ_PCAP ?? "20"], { stdio: "inherit" });
}
if (!fs.existsSync(xz)) {
  console.log(`recompressing as ${xz} (once; xz -6, sos's default level)...`);
  run(["sh", "-c", `gzip -dc '${gz}' | xz -6 -T2 > '${xz}'`]);
}
for (const f of [gz, xz]) run(["cat", f], { stdio: ["ignore", "ignore", "ignore"] }); // warm the page cache
// The machine is shared: RUNS interleaved rounds of all four, medians reported.
const RUNS = Number(process.env.RUNS ?? 3);
const median = (xs) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
const analyze = (file) => JSON.parse(run([process.execPath, "--max-semi-space-size=64", "--import", "tsx", path.join(root, "bench/ingest/analyze-once.ts"), file], { cwd: root }).stdout.trim().split("\n").pop());
const t = { xzdc: [], untar: [], gz: [], xz: [] };
let a = null;
for (let i = 0; i < RUNS; i++) {
  t.xzdc.push(run(["sh", "-c", `xz -dc '${xz}' > /dev/null`]).seconds);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nb-bench-untar-"));
  t.untar.push(run(["tar", "-xJf", xz, "-C", dir]).seconds);
  fs.rmSync(dir, { recursive: true, force: true });
  a = { gz: analyze(gz), xz: analyze(xz) };
  t.gz.push(a.gz.seconds);
  t.xz.push(a.xz.seconds);
}
const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
const untar = { seconds: m.untar };
const xzdc = { seconds: m.xzdc };
a.gz.seconds = m.gz;
a.xz.seconds = m.xz;
const mib = (f) => (fs.statSync(f).size / 1048576).toFixed(1);
console.log(`medians of ${RUNS} interleaved runs`);
console.log(`bundle              ${mib(gz)} MiB .tar.gz, ${mib(xz)} MiB .tar.xz (${a.xz.netns} netns, ${a.xz.events} timeline events, ${a.xz.packets} packets)`);
console.log(`xz -dc              ${xzdc.seconds.toFixed(2)} s`);
console.log(`tar -xJf            ${untar.seconds.toFixed(2)} s`);
console.log(`analyze .tar.gz     ${a.gz.seconds.toFixed(2)} s, peak RSS ${a.gz.peakRssMiB} MiB`);
console.log(`analyze .tar.xz     ${a.xz.seconds.toFixed(2)} s, peak RSS ${a.xz.peakRssMiB} MiB`);
console.log(`ratio xz/gz         ${(a.xz.seconds / a.gz.seconds).toFixed(2)}  (what reading xz adds to the analysis)`);
console.log(`ratio xz/tar -xJf   ${(a.xz.seconds / untar.seconds).toFixed(2)}`);
if (a.xz.findings !== a.gz.findings || a.xz.events !== a.gz.events) throw new Error(`xz and gz analyses differ: ${JSON.stringify({ gz: a.gz, xz: a.xz })}`);

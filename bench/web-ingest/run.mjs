// Web ingest benchmark (issue #16): in one run, on the same file, `netbundle analyze` (the CLI,
// as a child process), then the web app's ingest path (upload code → queued job → worker →
// findings visible → complete) on SQLite and on PostgreSQL, each against a fresh database,
// and the ratios of upload → findings visible and upload → complete to the CLI's time.
// Targets on SQLite: findings visible <= 1.5x, complete <= 3x. Prints figures, asserts nothing.
// usage: node bench/web-ingest/run.mjs [BUNDLE] [--mix=klog] [--db=sqlite,postgres]
//   default BUNDLE: /tmp/nb-bench-ingest.tar.gz (built by bench/ingest/run.mjs, or here once);
//   --mix=klog: /tmp/nb-bench-ingest-klog.tar.gz (the busy node of issue #16).
// PostgreSQL is a throwaway Debian PostgreSQL 15 server, started like the tests start it
// (test/support/db), which needs root; S3 is not used (blobs in the data dir).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const klogMix = flag("mix") === "klog";
const kinds = (flag("db") ?? "sqlite,postgres").split(",");
const bundle = args.find((a) => !a.startsWith("--")) ?? (klogMix ? "/tmp/nb-bench-ingest-klog.tar.gz" : "/tmp/nb-bench-ingest.tar.gz");
if (!fs.existsSync(bundle)) {
  console.log(`building ${bundle} (once)...`);
  const b = spawnSync(process.execPath, [path.join(root, "bench/ingest/make-bundle.mjs"), bundle, ...(klogMix ? ["2000000", "150", "klog"] : [])], { stdio: "inherit" });
  if (b.status !== 0) process.exit(1);
}
const env = { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: path.join(root, ".prisma-placeholder"), NEXT_TELEMETRY_DISABLED: "1" };
const run = (argv, opts = {}) => {
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", maxBuffer: 256 << 20, cwd: root, env, ...opts });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed (${r.status}): ${r.stderr}`);
  return { seconds: (performance.now() - t0) / 1000, stdout: r.stdout };
};
// Warm the page cache, and the CLI's esbuild bundle (built on first use after a source change).
run(["cat", bundle], { stdio: ["ignore", "ignore", "ignore"] });
run([process.execPath, path.join(root, "bin/netbundle.mjs"), "--version"]);
const cli = run([process.execPath, path.join(root, "bin/netbundle.mjs"), "analyze", bundle, "--format", "json"], { stdio: ["ignore", "ignore", "pipe"] });
const size = fs.statSync(bundle).size;
console.log(`bundle              ${(size / 1048576).toFixed(1)} MiB  (${bundle})`);
console.log(`netbundle analyze   ${cli.seconds.toFixed(2)} s  (the CLI as a child process, JSON to /dev/null)`);
for (const kind of kinds) {
  const once = run([process.execPath, "--import", "tsx", "--conditions=react-server", path.join(root, "bench/web-ingest/web-once.ts"), kind, bundle]);
  const r = JSON.parse(once.stdout.trim().split("\n").pop());
  const ratio = (s) => (s / cli.seconds).toFixed(2);
  console.log(`web ${kind.padEnd(9)}       stored ${r.storedSeconds.toFixed(2)} s, findings visible ${r.findingsSeconds.toFixed(2)} s (${ratio(r.findingsSeconds)}x), complete ${r.completeSeconds.toFixed(2)} s (${ratio(r.completeSeconds)}x), search index ${r.indexedSeconds.toFixed(2)} s (${ratio(r.indexedSeconds)}x)  [${r.status}, ${r.findings} findings, ${r.events} timeline rows]`);
}
console.log(`targets (SQLite)    findings visible <= 1.5x, complete <= 3x the CLI (complete: the whole timeline shown; a search meanwhile reads rows until the search index is in)`);

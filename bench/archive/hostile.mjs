// Hostile-archive figures ("no bundle can stall the server"): CPU time of lib/archive and of
// `netbundle analyze` on small archives built to be slow, each beside a baseline of the same
// entry count without the hostile part, built and measured in the same run. Prints figures;
// asserts nothing (the asserts, by operation count, are in lib/archive/linear.test.ts).
//   node bench/archive/hostile.mjs [--no-cli] [--only=pax,paxcap,symlinks,zip,tiny,tinylogs]
// CPU ms is user+system of this process (readArchive) or of the waited-for child (the CLI),
// since other work shares these cores and wall time is noisy.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { readArchive } = await tsImport("../../lib/archive/index.ts", import.meta.url);
const H = await tsImport("../../test/support/tar/hostile-archives.ts", import.meta.url);
const summary = await tsImport("../../lib/model/views/bundle-problems.ts", import.meta.url);
const args = process.argv.slice(2);
const CLI = !args.includes("--no-cli");
const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const want = (k) => !only || only.includes(k);
const work = fs.mkdtempSync(path.join(fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "nb-hostile-bench-"));

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** CPU of waited-for children, from /proc/self/stat (cutime + cstime, in clock ticks of 10 ms). */
function childCpuMs() {
  const f = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(f[13]) + Number(f[14])) * 10;
}

function write(name, buf) {
  const file = path.join(work, name);
  fs.writeFileSync(file, buf);
  return file;
}

/** readArchive with every body drained (what the analysis does): entries, skipped, bytes, CPU ms. */
async function read(file, limits) {
  const c0 = cpuMs();
  let bodyBytes = 0;
  const r = await readArchive(file, {
    limits,
    onEntry: async (_e, body) => {
      for await (const c of body.chunks()) bodyBytes += c.length;
    },
  });
  return { ms: cpuMs() - c0, entries: r.entries.length, skipped: r.skipped.length, bodyBytes, error: r.error?.code ?? null };
}

/** `netbundle analyze FILE --format json` in a child: CPU ms, error lines, report size. */
function analyze(file) {
  const c0 = childCpuMs();
  const p = spawnSync(process.execPath, [path.join(root, "bin/netbundle.mjs"), "analyze", file, "--format", "json"], { maxBuffer: 1 << 30, encoding: "utf8" });
  const ms = childCpuMs() - c0;
  let errors = null;
  try {
    errors = JSON.parse(p.stdout).errors;
  } catch {
    /* unusable bundle: the CLI printed an error instead */
  }
  return { ms, status: p.status, errors, bytes: p.stdout.length };
}

/** The overview page's merge of summary and model errors (the page's own code path). */
function overviewDedupMs(errors) {
  const c0 = cpuMs();
  let n;
  if (summary.bundleProblems) n = summary.bundleProblems(errors, []).length;
  else n = [...errors, ...[]].filter((e, i, a) => a.indexOf(e) === i).length; // the page's code before this change
  return { ms: cpuMs() - c0, n, how: summary.bundleProblems ? "bundleProblems (Set)" : "indexOf filter (old page code)" };
}

const rows = [];
const fmt = (ms) => `${ms.toFixed(0).padStart(7)} ms`;
function row(label, size, r, base) {
  const ratio = base ? `  x${(r.ms / Math.max(1, base.ms)).toFixed(1)} vs baseline` : "";
  const line = `${label.padEnd(52)} ${String(size).padStart(9)} B  ${fmt(r.ms)}${ratio}  ${r.note ?? ""}`;
  rows.push(line);
  console.log(line);
}
const note = (r) => (r.note = r.error !== undefined ? `entries ${r.entries}, skipped ${r.skipped}, body bytes ${r.bodyBytes}${r.error ? `, error ${r.error}` : ""}` : r.note);
const cliNote = (r) => (r.note = `exit ${r.status}, ${r.errors ? `${r.errors.length} error lines` : "no report"}, report ${r.bytes} B`);

async function pair(label, hostile, baseline, limits) {
  const fb = write(`${label}-base`, baseline);
  const fh = write(`${label}-hostile`, hostile);
  await read(fb, limits); // warm-up: JIT, module loading
  const b = await read(fb, limits);
  const h = await read(fh, limits);
  note(b), note(h);
  row(`readArchive  ${label}: baseline`, baseline.length, b);
  row(`readArchive  ${label}: hostile`, hostile.length, h, b);
  if (!CLI) return { fh };
  const cb = analyze(fb);
  const ch = analyze(fh);
  cliNote(cb), cliNote(ch);
  row(`analyze CLI  ${label}: baseline`, baseline.length, cb);
  row(`analyze CLI  ${label}: hostile`, hostile.length, ch, cb);
  return { fh, ch };
}

try {
  console.log(`node ${process.version}, ${os.cpus().length} cpus; CPU ms (user+system)`);
  if (want("pax")) {
    // (a) one pax global header of 68k keys (under the 1 MiB metadata cap), 8,000 empty files.
    await pair("pax-g 68k keys + 8k files", H.gz(H.paxGlobalTar(68_000, 8_000)), H.gz(H.paxGlobalTar(0, 8_000)));
  }
  if (want("paxcap")) {
    // (b) a global header just under the key cap (1,000 keys), 200k entries (the entry cap).
    await pair("pax-g 999 keys + 200k files", H.gz(H.paxGlobalTar(999, 199_999)), H.gz(H.paxGlobalTar(0, 199_999)));
  }
  if (want("symlinks")) {
    // (c) 100k symlinks: one error line each before, counted per kind after.
    const { ch } = await pair("100k symlinks", H.gz(H.symlinkTar(100_000)), H.gz(H.symlinkTar(100_000, { baseline: true })));
    if (ch?.errors) {
      const d = overviewDedupMs(ch.errors);
      rows.push(`overview de-dup of ${ch.errors.length} error lines: ${d.ms.toFixed(0)} ms (${d.how}) -> ${d.n}`);
      console.log(rows.at(-1));
      // The page's cost on the old shape, whatever the analysis now stores: 100k distinct lines.
      const synthetic = Array.from({ length: 100_000 }, (_, i) => `skipped b/l/${String(i).padStart(7, "0")}: symlink to "../host/uname.txt"; links are never followed`);
      const s = overviewDedupMs(synthetic);
      rows.push(`overview de-dup of 100000 distinct lines: ${s.ms.toFixed(0)} ms (${s.how})`);
      console.log(rows.at(-1));
    }
  }
  if (want("zip")) {
    // (d) 2,000 stored entries overlapping on a 1 MiB kernel: ~2 GB of reads from a 1 MiB file.
    await pair("zip 2k overlapping entries, 1 MiB kernel", H.overlappingZip(2_000, 1 << 20), H.plainZip(2_000, 1 << 20));
  }
  if (want("tiny")) {
    // (e) many tiny members: N vs 4N, readArchive with the entry cap raised (1M), the CLI within it.
    const limits = { maxEntries: 2_000_000 };
    const f1 = write("tiny-250k", H.tinyFilesTarGz(250_000));
    const f4 = write("tiny-1M", H.tinyFilesTarGz(1_000_000));
    await read(f1, limits);
    const r1 = await read(f1, limits);
    const r4 = await read(f4, limits);
    note(r1), note(r4);
    row("readArchive  tiny members: 250k", fs.statSync(f1).size, r1);
    row("readArchive  tiny members: 1M (ratio vs 250k)", fs.statSync(f4).size, r4, r1);
    if (CLI) {
      const s1 = write("tiny-50k", H.tinyFilesTarGz(50_000));
      const s4 = write("tiny-200k", H.tinyFilesTarGz(200_000));
      const c1 = analyze(s1);
      const c4 = analyze(s4);
      cliNote(c1), cliNote(c4);
      row("analyze CLI  tiny members: 50k", fs.statSync(s1).size, c1);
      row("analyze CLI  tiny members: 200k (ratio vs 50k)", fs.statSync(s4).size, c4, c1);
    }
  }
  if (want("tinylogs") && CLI) {
    // (e') many tiny members that are logs (logs/files/...): each is streamed as a log artifact.
    const s1 = write("tinylogs-10k", H.tinyFilesTarGz(10_000, "b/logs/files/t"));
    const s4 = write("tinylogs-40k", H.tinyFilesTarGz(40_000, "b/logs/files/t"));
    const c1 = analyze(s1);
    const c4 = analyze(s4);
    cliNote(c1), cliNote(c4);
    row("analyze CLI  tiny log members: 10k", fs.statSync(s1).size, c1);
    row("analyze CLI  tiny log members: 40k (ratio vs 10k)", fs.statSync(s4).size, c4, c1);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

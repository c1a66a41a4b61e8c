// Picks the .tar.xz / .tar.bz2 decoders by measurement: builds a ~150 MB tarball of realistic
// text (lib/parsers/fixtures files + log lines), compresses it with xz and bzip2, then times
// each candidate decoder in its own process (under /usr/bin/time: wall s, peak RSS of the
// largest process) against `xz -dc | wc -c` / `bzip2 -dc | wc -c` in the same run.
//   node bench/archive/xz-bz2.mjs            (NB_BENCH_MB=150; NB_BENCH_DEPS=dir holding
//                                            node_modules with xz-decompress, unbzip2-stream,
//                                            @napi-rs/lzma: not project dependencies)
// Everything is written under one temp dir, removed at the end.
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(import.meta.url);
const repo = path.resolve(path.dirname(here), "../..");
const depsDir = process.env.NB_BENCH_DEPS ?? "/tmp/benchdeps";
const req = createRequire(path.join(depsDir, "noop.js"));
const MB = 1e6;

async function countStream(it) {
  let n = 0;
  for await (const c of it) n += c.length;
  return n;
}

function childStdout(bin, file) {
  const p = spawn(bin, ["-dc", "--", file], { stdio: ["ignore", "pipe", "inherit"] });
  return p.stdout;
}

/** One candidate, run in this (child) process; prints the decompressed byte count. */
const CANDIDATES = {
  "node: spawn xz -dc, read stdout": (f) => countStream(childStdout("xz", f)),
  "node: xz-decompress (WASM)": (f) => {
    const { XzReadableStream } = req("xz-decompress");
    return countStream(new XzReadableStream(Readable.toWeb(fs.createReadStream(f, { highWaterMark: 1 << 20 }))));
  },
  "node: @napi-rs/lzma xz.decompress (whole buffer)": async (f) => {
    const { xz } = req("@napi-rs/lzma");
    return (await xz.decompress(fs.readFileSync(f))).length;
  },
  "node: spawn bzip2 -dc, read stdout": (f) => countStream(childStdout("bzip2", f)),
  "node: unbzip2-stream (pure JS)": (f) => {
    const bz2 = req("unbzip2-stream"); // an old-style `through` stream: not async-iterable
    return new Promise((resolve, reject) => {
      let n = 0;
      const s = fs.createReadStream(f, { highWaterMark: 1 << 20 }).pipe(bz2());
      s.on("data", (c) => (n += c.length));
      s.on("end", () => resolve(n));
      s.on("error", reject);
    });
  },
  "lib/archive readArchive": async (f, lib) => {
    const { readArchive } = lib;
    const r = await readArchive(f, { onEntry: async (_e, body) => void (await countStream(body.chunks())) });
    if (r.error) throw r.error;
    return r.expandedBytes;
  },
};

if (process.argv[2] === "--one") {
  // lib/archive is compiled by tsx first, outside the in-process time (about 0.5 s of the wall time).
  let lib = null;
  if (process.argv[3].startsWith("lib/")) {
    const { tsImport } = await import("tsx/esm/api");
    lib = await tsImport(path.join(repo, "lib/archive/index.ts"), import.meta.url);
  }
  const t0 = performance.now();
  const n = await CANDIDATES[process.argv[3]](process.argv[4], lib);
  console.log(`${n} ${((performance.now() - t0) / 1000).toFixed(2)}`);
  process.exit(0);
}

function makeCorpus(work, targetBytes) {
  const src = path.join(work, "src", "bundle");
  const fixtures = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) fixtures.push(p);
    }
  };
  walk(path.join(repo, "lib/parsers/fixtures"));
  let total = 0;
  for (let round = 0; total < targetBytes; round++) {
    // One copy of every fixture per round, then ~4 MB of journal-like lines.
    for (const f of fixtures) {
      const dst = path.join(src, `r${round}`, path.relative(path.join(repo, "lib/parsers/fixtures"), f));
      fs.mkdirSync(path.dirname(dst), { recursive: true });
      fs.copyFileSync(f, dst);
      total += fs.statSync(f).size;
    }
    const lines = [];
    for (let n = 0; n < 30_000; n++) {
      lines.push(
        `2026-11-23T12:${String(n % 60).padStart(2, "0")}:${String(n % 59).padStart(2, "0")}.${crypto.randomInt(1e6)}+0000 node-${round % 5} ` +
          `kubelet[${crypto.randomInt(9e4)}]: I1123 pod=${crypto.randomBytes(6).toString("hex")} src=10.${crypto.randomInt(255)}.${crypto.randomInt(255)}.${crypto.randomInt(255)} status=${n % 7} msg="sync loop"`,
      );
    }
    const log = lines.join("\n") + "\n";
    fs.mkdirSync(path.join(src, `r${round}`, "journal"), { recursive: true });
    fs.writeFileSync(path.join(src, `r${round}`, "journal", "kubelet.log"), log);
    total += log.length;
  }
  const tar = path.join(work, "bundle.tar");
  execFileSync("tar", ["-cf", tar, "-C", path.join(work, "src"), "bundle"]);
  fs.rmSync(path.join(work, "src"), { recursive: true, force: true });
  execFileSync("sh", ["-c", `xz -T2 -6 -c '${tar}' > '${tar}.xz' && bzip2 -9 -c '${tar}' > '${tar}.bz2'`]);
  return tar;
}

/** Runs argv under /usr/bin/time; returns { s, rssMB, out }. */
function timed(argv) {
  return new Promise((resolve, reject) => {
    const p = spawn("/usr/bin/time", ["-f", "TIME %e %M", ...argv], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (c) => (out += c));
    p.stderr.on("data", (c) => (err += c));
    p.on("close", (code) => {
      const m = /TIME ([\d.]+) (\d+)/.exec(err);
      if (code !== 0 || !m) return reject(new Error(`${argv.join(" ")} failed (${code}): ${err.slice(-400)}`));
      resolve({ s: Number(m[1]), rssMB: Number(m[2]) / 1024, out: out.trim() });
    });
  });
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "nb-xz-bz2-bench-"));
try {
  const t0 = performance.now();
  const tar = makeCorpus(work, Number(process.env.NB_BENCH_MB ?? 150) * MB);
  const tarSize = fs.statSync(tar).size;
  const xzSize = fs.statSync(`${tar}.xz`).size;
  const bzSize = fs.statSync(`${tar}.bz2`).size;
  console.log(
    `corpus: tar ${(tarSize / MB).toFixed(0)} MB, .xz ${(xzSize / MB).toFixed(1)} MB, .bz2 ${(bzSize / MB).toFixed(1)} MB ` +
      `(built in ${((performance.now() - t0) / 1000).toFixed(0)} s); MB/s = decompressed MB / wall s`,
  );
  const rows = [
    ["xz", "xz -dc | wc -c (baseline)", ["sh", "-c", `xz -dc '${tar}.xz' | wc -c`]],
    ["xz", "node: spawn xz -dc, read stdout"],
    ["xz", "node: xz-decompress (WASM)"],
    ["xz", "node: @napi-rs/lzma xz.decompress (whole buffer)"],
    ["xz", "lib/archive readArchive"],
    ["bz2", "bzip2 -dc | wc -c (baseline)", ["sh", "-c", `bzip2 -dc '${tar}.bz2' | wc -c`]],
    ["bz2", "node: spawn bzip2 -dc, read stdout"],
    ["bz2", "node: unbzip2-stream (pure JS)"],
    ["bz2", "lib/archive readArchive"],
  ];
  const only = process.env.NB_BENCH_ONLY;
  for (const [kind, label, argv] of rows) {
    if (only && !label.includes(only)) continue;
    const file = `${tar}.${kind}`;
    try {
      const r = await timed(argv ?? [process.execPath, here, "--one", label, file]);
      const [n, inProc] = r.out.split("\n").at(-1).split(" ").map(Number);
      const note = label.startsWith("lib/") ? "" : n === tarSize ? "" : `  (got ${n} bytes, want ${tarSize})`;
      const decode = inProc ? `  (in-process ${inProc.toFixed(2)} s, ${(tarSize / MB / inProc).toFixed(1)} MB/s)` : "";
      console.log(`${kind.padEnd(4)} ${label.padEnd(50)} ${r.s.toFixed(2).padStart(6)} s ${(tarSize / MB / r.s).toFixed(1).padStart(6)} MB/s  peak RSS ${r.rssMB.toFixed(0).padStart(5)} MB${decode}${note}`);
    } catch (e) {
      console.log(`${kind.padEnd(4)} ${label.padEnd(50)} FAILED: ${e.message.split("\n")[0]}`);
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

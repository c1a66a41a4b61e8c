// Throughput of lib/archive on a ~300 MB .tar.gz of many files, against `tar -xzf` into
// tmpfs and plain `gzip -dc`. Prints figures; asserts nothing.
//   node bench/archive/run.mjs [--keep]        (NB_BENCH_FILES=N to change the file count)
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { tsImport } from "tsx/esm/api";

const { readArchive } = await tsImport("../../lib/archive/index.ts", import.meta.url);
const MB = 1e6;
const FILES = Number(process.env.NB_BENCH_FILES ?? 2000);
const shm = fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
const work = fs.mkdtempSync(path.join(shm, "nb-archive-bench-"));
const archive = path.join(work, "bundle.tar.gz");

function makeCorpus() {
  // 3/4 journal-like text (compresses ~5x like real logs), 1/4 random pcap-like blobs.
  const src = path.join(work, "src", "netbundle-bench");
  for (let i = 0; i < FILES; i++) {
    const dir = path.join(src, i % 4 === 3 ? "pcap" : `logs/journal/d${i % 20}`);
    fs.mkdirSync(dir, { recursive: true });
    if (i % 4 === 3) fs.writeFileSync(path.join(dir, `if${i}.pcap`), crypto.randomBytes(480_000));
    else {
      const lines = [];
      for (let n = 0; n < 900; n++) {
        lines.push(`2026-11-23T12:${String(n % 60).padStart(2, "0")}:00.${crypto.randomInt(1e6)}+0000 node-1 kubelet[${crypto.randomInt(9e4)}]: I1123 pod=${crypto.randomBytes(6).toString("hex")} status=${n % 7} msg="sync loop"`);
      }
      fs.writeFileSync(path.join(dir, `unit${i}.txt`), lines.join("\n") + "\n");
    }
  }
  // gzip -1 keeps the build quick; decompression speed barely depends on the level.
  execFileSync("tar", ["-I", "gzip -1", "-cf", archive, "-C", path.join(work, "src"), "netbundle-bench"]);
  fs.rmSync(path.join(work, "src"), { recursive: true, force: true });
}

/** CPU seconds of this process plus its waited-for children (tar, gzip): /proc/self/stat utime..cstime. */
function cpuSeconds() {
  const f = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
}

// Other work shares these 2 cores, so wall time is noisy: CPU time is printed beside it.
async function time(label, fn) {
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const extra = await fn();
  const s = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - c0;
  const size = fs.statSync(archive).size;
  console.log(`${label.padEnd(46)} wall ${s.toFixed(2).padStart(5)} s ${(size / MB / s).toFixed(0).padStart(4)} MB/s | cpu ${cpu.toFixed(2).padStart(5)} s ${(size / MB / cpu).toFixed(0).padStart(4)} MB/s${extra ? `  ${extra}` : ""}`);
  return cpu;
}

try {
  const t0 = performance.now();
  makeCorpus();
  const size = fs.statSync(archive).size;
  console.log(`corpus: ${FILES} files, ${(size / MB).toFixed(0)} MB .tar.gz, built in ${((performance.now() - t0) / 1000).toFixed(1)} s (node ${process.version}, ${os.cpus().length} cpus)`);
  execFileSync("sh", ["-c", `cat '${archive}' > /dev/null`]); // warm the page cache (tmpfs anyway)

  await time("gzip -dc > /dev/null", () => void execFileSync("sh", ["-c", `gzip -dc '${archive}' > /dev/null`]));
  const out = path.join(work, "out");
  fs.mkdirSync(out);
  const tarS = await time("tar -xzf into tmpfs", () => void execFileSync("tar", ["-xzf", archive, "-C", out]));
  fs.rmSync(out, { recursive: true, force: true });

  await time("node gunzip, default buffer sizes", () =>
    pipeline(fs.createReadStream(archive), zlib.createGunzip(), async function* (src) { for await (const _ of src); }),
  );
  await time("node gunzip, 1 MiB reads + 256 KiB chunks", () =>
    pipeline(fs.createReadStream(archive, { highWaterMark: 1 << 20 }), zlib.createGunzip({ chunkSize: 256 << 10 }), async function* (src) { for await (const _ of src); }),
  );
  let r;
  const skipS = await time("readArchive, bodies ignored (skipped)", async () => {
    r = await readArchive(archive);
    return `${r.entries.length} entries, ${(r.expandedBytes / MB).toFixed(0)} MB expanded`;
  });
  const streamS = await time("readArchive, every body streamed + sha1", async () => {
    let n = 0;
    r = await readArchive(archive, {
      onEntry: async (_e, body) => {
        const h = crypto.createHash("sha1");
        for await (const c of body.chunks()) (h.update(c), (n += c.length));
        h.digest();
      },
    });
    return `${(n / MB).toFixed(0)} MB of bodies`;
  });
  const bufS = await time("readArchive, every body toBuffer()", async () => {
    r = await readArchive(archive, { onEntry: async (_e, body) => void (await body.toBuffer()) });
  });
  console.log(`cpu time tar -xzf / readArchive: ${(tarS / skipS).toFixed(2)}x (skip), ${(tarS / streamS).toFixed(2)}x (stream+sha1), ${(tarS / bufS).toFixed(2)}x (buffer)`);
  console.log(`peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  if (!process.argv.includes("--keep")) fs.rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}

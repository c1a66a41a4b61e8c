/**
 * "No bundle can stall the server": hostile archives that are small on disk but were slow
 * to read, each generated here (bench/archive/hostile.mjs prints the same cases' figures).
 * Linearity is asserted on counted work where the reader counts it (pax key merges and
 * lookups), else on CPU time of N against 4N entries with generous slack (ratio < 8: a
 * quadratic reader measures ~16); never on wall-clock seconds.
 */
import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readArchive } from "./read-archive";
import { summarizeSkipped } from "./skip-summary";
import { paxWork } from "./tar-reader";
import { gz, paxGlobalTar, plainZip, symlinkTar, tinyFilesTarGz } from "@/test/support/tar/hostile-archives";
import { makeTempDir } from "@/test/support/temp-dir";
import type { ArchiveLimits } from "./limits";

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir()));
afterEach(() => tmp.cleanup());

function write(name: string, data: Buffer): string {
  fs.writeFileSync(tmp.file(name), data);
  return tmp.file(name);
}

async function readCounted(file: string, limits?: Partial<ArchiveLimits>) {
  paxWork.reset();
  const r = await readArchive(file, { limits });
  return { r, merged: paxWork.globalKeysMerged, lookups: paxWork.lookups };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Least CPU ms of `runs` runs (after one warm-up run when asked): noise only ever adds time. */
async function cpuOf(fn: () => Promise<unknown>, runs = 2): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const c0 = cpuMs();
    await fn();
    best = Math.min(best, cpuMs() - c0);
  }
  return Math.max(best, 1);
}

describe("pax global headers cost per entry, not per key", () => {
  it("ignores a 68k-key global header (under the 1 MiB metadata cap) and reads 8,000 entries with 4 lookups each", async () => {
    const file = write("a.tgz", gz(paxGlobalTar(68_000, 8_000)));
    expect(fs.statSync(file).size).toBeLessThan(400_000);
    const { r, merged, lookups } = await readCounted(file);
    expect(r.error).toBeNull();
    expect(r.entries).toHaveLength(8_000);
    expect(r.skipped.map((s) => s.kind)).toEqual(["ignored-header"]);
    expect(merged).toBe(0);
    expect(lookups).toBe(4 * 8_000);
  });

  it("with the key cap raised, merges the 68k keys once and shares them: no per-entry copy", async () => {
    const file = write("a2.tgz", gz(paxGlobalTar(68_000, 8_000)));
    const { r, merged, lookups } = await readCounted(file, { maxGlobalPaxKeys: 100_000 });
    expect(r.error).toBeNull();
    expect(r.skipped).toEqual([]);
    expect(r.entries).toHaveLength(8_000);
    // Before: 68k keys copied into a new Map per entry, 544M copies (89 s of CPU).
    expect(merged).toBe(68_000);
    expect(lookups).toBe(4 * 8_000);
  });

  it("reads a global header just under the key cap and 200k entries (the entry cap) with the keys merged once", async () => {
    const file = write("b.tgz", gz(paxGlobalTar(999, 200_000)));
    const { r, merged, lookups } = await readCounted(file);
    expect(r.error).toBeNull();
    expect(r.skipped).toEqual([]);
    expect(r.entries).toHaveLength(200_000);
    expect(merged).toBe(999);
    expect(lookups).toBe(4 * 200_000);
  });

  it("does 4x the work for 4x the entries, whatever the global keys", async () => {
    const n = await readCounted(write("n.tgz", gz(paxGlobalTar(999, 5_000))));
    const n4 = await readCounted(write("n4.tgz", gz(paxGlobalTar(999, 20_000))));
    expect(n4.merged).toBe(n.merged);
    expect(n4.lookups / n.lookups).toBe(4);
  });
});

describe("many members stay linear", () => {
  it("100k symlinks: each is one skipped record, summed up as one line per kind", async () => {
    const file = write("c.tgz", gz(symlinkTar(100_000)));
    const r = await readArchive(file);
    expect(r.error).toBeNull();
    expect(r.entries.map((e) => e.path)).toEqual(["b/host/uname.txt"]);
    expect(r.skipped).toHaveLength(100_000);
    expect(summarizeSkipped(r.skipped)).toEqual(["skipped 100000 symbolic links (b/l/0000000, b/l/0000001, b/l/0000002, b/l/0000003, b/l/0000004, …); never followed"]);
    const small = write("c1.tgz", gz(symlinkTar(10_000)));
    const big = write("c4.tgz", gz(symlinkTar(40_000)));
    await readArchive(small); // warm-up
    const ratio = (await cpuOf(() => readArchive(big))) / (await cpuOf(() => readArchive(small)));
    expect(ratio).toBeLessThan(8);
  });

  it("tiny tar members: 4x the members cost < 8x the CPU and exactly 4x the pax lookups", async () => {
    const small = write("e1.tgz", tinyFilesTarGz(10_000));
    const big = write("e4.tgz", tinyFilesTarGz(40_000));
    const n = await readCounted(small);
    const n4 = await readCounted(big);
    expect(n4.r.entries).toHaveLength(40_000);
    expect(n4.lookups / n.lookups).toBe(4);
    const ratio = (await cpuOf(() => readArchive(big))) / (await cpuOf(() => readArchive(small)));
    expect(ratio).toBeLessThan(8);
  });

  it("tiny zip members: 4x the members cost < 8x the CPU", async () => {
    const small = write("z1.zip", plainZip(2_500, 2_500));
    const big = write("z4.zip", plainZip(10_000, 10_000));
    const drain = (file: string) => readArchive(file, { onEntry: async (_e, b) => void (await b.toBuffer()) });
    expect((await drain(big)).entries).toHaveLength(10_000);
    await drain(small);
    const ratio = (await cpuOf(() => drain(big))) / (await cpuOf(() => drain(small)));
    expect(ratio).toBeLessThan(8);
  });
});

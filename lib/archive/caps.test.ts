import crypto from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readArchive } from "./read-archive";
import { GUNZIP_CHUNK_SIZE } from "./feeds";
import { tarEntry, tarHeader, tarOf } from "@/test/support/tar/tar-builder";
import { makeTempDir } from "@/test/support/temp-dir";

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir()));
afterEach(() => tmp.cleanup());

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/**
 * tar.gz holding one entry of `bytes` zeros: a multi-member gzip (header member, then one
 * 16 MiB-of-zeros member repeated, then the tar end), which gunzip reads as one stream.
 * ~16 KiB compressed per 16 MiB, so 1 GiB costs ~1 MiB on disk and milliseconds to build.
 */
function zeroBomb(name: string, bytes: number): string {
  const step = 16 * MiB;
  const zeros = zlib.gzipSync(Buffer.alloc(step), { level: 1 });
  const parts = [zlib.gzipSync(Buffer.concat([tarEntry({ name: "b/ok.txt" }, "before the bomb\n"), tarHeader({ name: "b/zeros.log", size: bytes })]))];
  for (let n = 0; n < bytes / step; n++) parts.push(zeros);
  parts.push(zlib.gzipSync(Buffer.alloc(1024)));
  fs.writeFileSync(tmp.file(name), Buffer.concat(parts));
  return tmp.file(name);
}

describe("size caps", () => {
  it("skips an entry over the per-entry cap and reads the next one", async () => {
    const tar = tarOf(tarEntry({ name: "big.bin" }, crypto.randomBytes(300_000)), tarEntry({ name: "small.txt" }, "hi"));
    fs.writeFileSync(tmp.file("e.tgz"), zlib.gzipSync(tar));
    const seen: string[] = [];
    const r = await readArchive(tmp.file("e.tgz"), { limits: { maxEntryBytes: 100_000 }, onEntry: (e) => void seen.push(e.path) });
    expect(r.error).toBeNull();
    expect(seen).toEqual(["small.txt"]);
    expect(r.skipped).toEqual([{ path: "big.bin", kind: "entry-too-large", reason: "entry is 300000 bytes, over the 100000-byte per-entry limit", offset: 0 }]);
  });

  it("stops at the total expanded cap, keeping the entries before it", async () => {
    const parts = Array.from({ length: 10 }, (_, i) => tarEntry({ name: `f${i}.bin` }, crypto.randomBytes(100_000)));
    fs.writeFileSync(tmp.file("t.tar"), tarOf(...parts));
    const r = await readArchive(tmp.file("t.tar"), { limits: { maxTotalBytes: 450_000 } });
    expect(r.error?.code).toBe("total-size-exceeded");
    expect(r.error?.message).toMatch(/over|past the 450000-byte total limit/);
    // 1 MiB reads: the cap trips on the first chunk past it, so fewer entries than 450 KB's worth may be kept, never more.
    expect(r.entries.length).toBeLessThanOrEqual(4);
    expect(r.expandedBytes).toBeLessThanOrEqual(450_000 + 1024 * 1024);
  });

  it("stops at the entry-count cap, keeping the first entries", async () => {
    const parts = Array.from({ length: 50 }, (_, i) => tarEntry({ name: `n/${i}.txt` }, String(i)));
    fs.writeFileSync(tmp.file("n.tgz"), zlib.gzipSync(tarOf(...parts)));
    const r = await readArchive(tmp.file("n.tgz"), { limits: { maxEntries: 10 } });
    expect(r.error?.code).toBe("too-many-entries");
    expect(r.error?.message).toContain("more than 10 entries");
    expect(r.error?.offset).toBe(10 * 1024);
    expect(r.entries.map((e) => e.path)).toEqual(Array.from({ length: 10 }, (_, i) => `n/${i}.txt`));
  });

  it("stops a 1 GiB gzip bomb at the ratio cap early, with bounded memory", async () => {
    const bomb = zeroBomb("bomb.tgz", GiB);
    expect(fs.statSync(bomb).size).toBeLessThan(8 * MiB);
    let peakRss = 0;
    const rss0 = process.memoryUsage.rss();
    const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5);
    let streamed = 0;
    const r = await readArchive(bomb, {
      onEntry: async (_e, body) => {
        for await (const c of body.chunks()) streamed += c.length;
      },
    });
    clearInterval(timer);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    expect(r.error?.code).toBe("ratio-exceeded");
    expect(r.error?.message).toMatch(/compression ratio \d+:1 is over the 200:1 limit \(gzip bomb\?\) in entry "b\/zeros.log" at tar offset \d+/);
    expect(r.entries.map((e) => e.path)).toEqual(["b/ok.txt"]);
    // Stopped after a fraction of the GiB: ratio 200 x (compressed read so far).
    expect(r.expandedBytes).toBeLessThan(GiB / 2);
    expect(streamed).toBeLessThan(r.expandedBytes);
    expect(peakRss - rss0).toBeLessThan(128 * MiB);
  });

  it("with the ratio check relaxed, the same bomb stops at the total cap", async () => {
    const bomb = zeroBomb("bomb2.tgz", 256 * MiB);
    const r = await readArchive(bomb, { limits: { maxRatio: 1e9, maxTotalBytes: 64 * MiB } });
    expect(r.error?.code).toBe("total-size-exceeded");
    // The cap is checked per inflated chunk: it may be passed by at most one.
    expect(r.expandedBytes).toBeLessThanOrEqual(64 * MiB + GUNZIP_CHUNK_SIZE);
  });
});

describe("zip caps", () => {
  it("refuses a zip over the zip size cap before reading it", async () => {
    const zip = new JSZip();
    zip.file("r.bin", crypto.randomBytes(20_000));
    fs.writeFileSync(tmp.file("z.zip"), await zip.generateAsync({ type: "nodebuffer" }));
    const r = await readArchive(tmp.file("z.zip"), { limits: { maxZipBytes: 10_000 } });
    expect(r.error?.code).toBe("zip-too-large");
    expect(r.error?.message).toMatch(/over the 10000-byte zip limit .*send \.tar\.gz/);
  });

  it("stops a zip bomb entry at the ratio cap and refuses a zip whose entry count is over the cap", async () => {
    const zip = new JSZip();
    zip.file("a.txt", "first");
    zip.file("zeros.bin", Buffer.alloc(8 * MiB), { compression: "DEFLATE" });
    fs.writeFileSync(tmp.file("b.zip"), await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const r = await readArchive(tmp.file("b.zip"), {
      limits: { ratioMinBytes: MiB },
      onEntry: async (_e, body) => void (await body.toBuffer()),
    });
    expect(r.error?.code).toBe("ratio-exceeded");
    expect(r.error?.entry).toBe("zeros.bin");
    expect(r.entries.map((e) => e.path)).toEqual(["a.txt"]);

    const r2 = await readArchive(tmp.file("b.zip"), { limits: { maxEntries: 1 } });
    expect(r2.error?.code).toBe("too-many-entries");
  });

  it("refuses an entry that inflates past its declared size", async () => {
    const zip = new JSZip();
    zip.file("liar.txt", "x".repeat(10_000), { compression: "DEFLATE" });
    const buf = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    // Patch the declared uncompressed size (local header +22, central header +24) to 100.
    buf.writeUInt32LE(100, 22);
    const cd = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    buf.writeUInt32LE(100, cd + 24);
    fs.writeFileSync(tmp.file("l.zip"), buf);
    const r = await readArchive(tmp.file("l.zip"), { onEntry: async (_e, body) => void (await body.toBuffer()) });
    expect(r.error?.code).toBe("entry-size-exceeded");
    expect(r.error?.message).toBe('zip entry "liar.txt" inflates beyond its declared 100 bytes');
    expect(r.entries).toEqual([]);
  });
});

describe("metadata header floods", () => {
  it("refuses an over-size pax header and a run of metadata headers with no entry", async () => {
    const { paxEntry } = await import("../../test/support/tar/tar-builder");
    fs.writeFileSync(tmp.file("p.tar"), tarOf(tarEntry({ name: "a" }, "1"), paxEntry({ comment: "x".repeat(5000) }), tarEntry({ name: "b" }, "2")));
    const r1 = await readArchive(tmp.file("p.tar"), { limits: { maxMetaBytes: 4096 } });
    expect(r1.entries.map((e) => e.path)).toEqual(["a"]);
    expect(r1.error?.code).toBe("meta-too-large");
    expect(r1.error?.message).toMatch(/^pax header of 50\d\d bytes is over the 4096-byte limit after entry "a" at tar offset 1024/);

    const flood = Array.from({ length: 9 }, () => paxEntry({ comment: "again" }));
    fs.writeFileSync(tmp.file("f.tar"), tarOf(tarEntry({ name: "a" }, "1"), ...flood, tarEntry({ name: "b" }, "2")));
    const r2 = await readArchive(tmp.file("f.tar"));
    expect(r2.error?.code).toBe("bad-header");
    expect(r2.error?.message).toMatch(/more than 8 metadata headers in a row/);
    expect(r2.entries.map((e) => e.path)).toEqual(["a"]);
  });
});

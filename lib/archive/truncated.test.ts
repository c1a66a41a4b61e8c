import crypto from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readArchive } from "./read-archive";
import { tarEntry, tarOf } from "@/test/support/tar/tar-builder";
import { makeTempDir } from "@/test/support/temp-dir";

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir()));
afterEach(() => tmp.cleanup());

const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

/** 20 entries of 40 KB random bytes (incompressible, so a cut lands mid-archive proportionally). */
function sampleEntries() {
  return Array.from({ length: 20 }, (_, i) => ({ name: `b/f${String(i).padStart(2, "0")}.bin`, body: crypto.randomBytes(40_000) }));
}

async function readAll(file: string) {
  const hashes: Record<string, string> = {};
  const r = await readArchive(file, {
    onEntry: async (e, body) => void (hashes[e.path] = sha((await body.toBuffer()) as Buffer)),
  });
  return { r, hashes };
}

describe("truncated and corrupt archives keep what came before the fault", () => {
  it("a .tar.gz cut at several offsets yields the earlier entries intact, then a truncation error", async () => {
    const entries = sampleEntries();
    const gz = zlib.gzipSync(tarOf(...entries.map((e) => tarEntry({ name: e.name }, e.body))));
    const want = Object.fromEntries(entries.map((e) => [e.name, sha(e.body)]));
    let previous = -1;
    for (const fraction of [0.001, 0.2, 0.5, 0.8, 0.999]) {
      const cut = Math.floor(gz.length * fraction);
      fs.writeFileSync(tmp.file("cut.tgz"), gz.subarray(0, cut));
      const { r, hashes } = await readAll(tmp.file("cut.tgz"));
      expect(r.error?.code, `cut at ${cut}`).toBe("truncated");
      expect(r.error?.message).toMatch(/gzip stream ends early \(unexpected end of file\) ((in|after) entry "b\/f\d\d.bin"|before the first entry) at tar offset \d+ \(compressed offset \d+\)/);
      // Entries read are a prefix of the archive, each byte-identical; more survive a later cut.
      const names = r.entries.map((e) => e.path);
      expect(names).toEqual(entries.slice(0, names.length).map((e) => e.name));
      for (const n of names) expect(hashes[n]).toBe(want[n]);
      expect(names.length).toBeGreaterThanOrEqual(previous);
      if (fraction >= 0.5) expect(names.length).toBeGreaterThanOrEqual(Math.floor(20 * fraction) - 2);
      // "in entry X": X was not delivered; "after entry X": X was the last one delivered.
      if (r.error?.message.includes(" in entry ")) expect(names).not.toContain(r.error.entry);
      if (r.error?.message.includes(" after entry ")) expect(names.at(-1)).toBe(r.error.entry);
      previous = names.length;
    }
    expect(previous).toBe(19);
  });

  it("a plain tar cut mid-body or at a header boundary names the entry and offset", async () => {
    const entries = sampleEntries().slice(0, 3);
    const tar = tarOf(...entries.map((e) => tarEntry({ name: e.name }, e.body)));
    const perEntry = 512 + Math.ceil(40_000 / 512) * 512;
    fs.writeFileSync(tmp.file("mid.tar"), tar.subarray(0, perEntry + 10_000));
    const mid = await readAll(tmp.file("mid.tar"));
    expect(mid.r.entries.map((e) => e.path)).toEqual(["b/f00.bin"]);
    expect(mid.r.error?.code).toBe("truncated");
    expect(mid.r.error?.entry).toBe("b/f01.bin");
    expect(mid.r.error?.message).toBe(`archive ends inside the body (${10_000 - 512} of 40000 bytes) in entry "b/f01.bin" at tar offset ${perEntry + 10_000} (compressed offset ${perEntry + 10_000})`);

    fs.writeFileSync(tmp.file("edge.tar"), tar.subarray(0, 2 * perEntry));
    const edge = await readAll(tmp.file("edge.tar"));
    expect(edge.r.entries).toHaveLength(2);
    expect(edge.r.error?.message).toBe(`archive ends without the end-of-archive marker after entry "b/f01.bin" at tar offset ${2 * perEntry} (compressed offset ${2 * perEntry})`);
  });

  it("a bad header checksum stops the read with the offset of that header", async () => {
    const tar = tarOf(tarEntry({ name: "a.txt" }, "A"), tarEntry({ name: "b.txt", badChecksum: true }, "B"), tarEntry({ name: "c.txt" }, "C"));
    fs.writeFileSync(tmp.file("c.tgz"), zlib.gzipSync(tar));
    const { r } = await readAll(tmp.file("c.tgz"));
    expect(r.entries.map((e) => e.path)).toEqual(["a.txt"]);
    expect(r.error?.code).toBe("bad-checksum");
    expect(r.error?.offset).toBe(1024);
    expect(r.error?.message).toMatch(/^bad tar header checksum \(stored \d+, computed \d+\) after entry "a.txt" at tar offset 1024/);
  });

  it("corrupt deflate data is reported as corrupt gzip after the entries before it", async () => {
    const entries = sampleEntries();
    const gz = zlib.gzipSync(tarOf(...entries.map((e) => tarEntry({ name: e.name }, e.body))));
    const bad = Buffer.from(gz);
    // Stored (incompressible) deflate blocks hold their length twice (LEN, ~LEN); break a block header.
    const at = Math.floor(bad.length / 2);
    for (let i = at; i < at + 64; i++) bad[i] = 0xff;
    fs.writeFileSync(tmp.file("bad.tgz"), bad);
    const { r } = await readAll(tmp.file("bad.tgz"));
    expect(r.error).not.toBeNull();
    expect(["corrupt-gzip", "bad-checksum", "bad-header"]).toContain(r.error?.code);
    expect(r.entries.length).toBeGreaterThanOrEqual(5);
    expect(r.error?.message).toMatch(/ at tar offset \d+/);
  });

  it("a cut zip (central directory lost) keeps the entries whose local data is complete", async () => {
    const zip = new JSZip();
    const a = crypto.randomBytes(30_000);
    zip.file("b/a.bin", a);
    zip.file("b/text.txt", "hello\n".repeat(5000), { compression: "DEFLATE" });
    zip.file(`../escape-${crypto.randomBytes(4).toString("hex")}`, "dotdot");
    zip.file("b/c.bin", crypto.randomBytes(30_000));
    const buf = await zip.generateAsync({ type: "nodebuffer" });
    const cEnd = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); // central directory start
    const cut = cEnd - 10_000; // inside c.bin's data
    fs.writeFileSync(tmp.file("cut.zip"), buf.subarray(0, cut));
    const { r, hashes } = await readAll(tmp.file("cut.zip"));
    expect(r.format).toBe("zip");
    expect(r.entries.map((e) => [e.path, e.type])).toEqual([["b", "directory"], ["b/a.bin", "file"], ["b/text.txt", "file"]]);
    expect(hashes["b/a.bin"]).toBe(sha(a));
    expect(hashes["b/text.txt"]).toBe(sha(Buffer.from("hello\n".repeat(5000))));
    // The "../" name, and the "../" folder entry jszip added for it.
    expect(r.skipped.length).toBeGreaterThanOrEqual(1);
    expect(r.skipped.every((s) => s.kind === "traversal")).toBe(true);
    expect(r.error?.code).toBe("corrupt-zip");
    expect(r.error?.entry).toBe("b/c.bin");
    const salvaged = r.entries.length + r.skipped.length;
    expect(r.error?.message).toMatch(
      new RegExp(`^zip unreadable: .*; ${salvaged} entries salvaged from local headers, then archive ends inside the data \\(\\d+ of \\d+ bytes\\) in entry "b/c\\.bin" at offset \\d+$`),
    );
  });

  it("a file that is not a zip past its magic bytes is refused with a clear message", async () => {
    fs.writeFileSync(tmp.file("junk.zip"), Buffer.concat([Buffer.from("PK\x03\x04"), crypto.randomBytes(200)]));
    const r = await readArchive(tmp.file("junk.zip"));
    expect(r.entries).toEqual([]);
    expect(r.error?.code).toBe("corrupt-zip");
    expect(r.error?.message).toMatch(/^zip unreadable: .*; 0 entries salvaged from local headers/);
  });
});

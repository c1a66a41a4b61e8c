import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readArchive } from "./read-archive";
import { gnuLongEntry, paxEntry, tarEntry, tarOf } from "@/test/support/tar/tar-builder";
import { makeTempDir } from "@/test/support/temp-dir";

let tmp: ReturnType<typeof makeTempDir>;
let escapeName: string;
beforeEach(() => {
  tmp = makeTempDir();
  escapeName = `nb-archive-escape-${crypto.randomBytes(6).toString("hex")}`;
});
afterEach(() => {
  tmp.cleanup();
  fs.rmSync(path.join(path.dirname(tmp.dir), escapeName), { force: true });
});

/** lib/archive writes nothing: the temp dir holds only the archive, no escape target exists. */
function expectNothingWritten(archiveName: string) {
  expect(fs.readdirSync(tmp.dir)).toEqual([archiveName]);
  expect(fs.existsSync(path.join(path.dirname(tmp.dir), escapeName))).toBe(false);
  expect(fs.existsSync(path.join(process.cwd(), "..", escapeName))).toBe(false);
  expect(fs.existsSync(`/tmp/${escapeName}`)).toBe(false);
}

async function read(name: string, data: Buffer) {
  fs.writeFileSync(tmp.file(name), data);
  const got: Record<string, string> = {};
  const r = await readArchive(tmp.file(name), {
    limits: { maxNameBytes: 300 },
    onEntry: async (e, b) => void (got[e.path] = (await b.toBuffer())?.toString() ?? ""),
  });
  return { r, got };
}

describe("hostile names and types in tar", () => {
  it("refuses absolute paths, '..' traversal, NUL and over-long names, and keeps reading", async () => {
    const tar = tarOf(
      tarEntry({ name: "ok/first.txt" }, "1"),
      tarEntry({ name: `/tmp/${escapeName}` }, "abs"),
      tarEntry({ name: `../${escapeName}` }, "dotdot"),
      tarEntry({ name: `ok/../../${escapeName}` }, "nested dotdot"),
      tarEntry({ name: `..\\${escapeName}` }, "backslash dotdot"),
      paxEntry({ path: `../../${escapeName}` }),
      tarEntry({ name: "innocent-header-name" }, "pax traversal"),
      gnuLongEntry(Buffer.from("ok/a\0b.txt\0")),
      tarEntry({ name: "ok/ab" }, "nul"),
      paxEntry({ path: `ok/${"n".repeat(400)}` }),
      tarEntry({ name: "x" }, "too long"),
      tarEntry({ name: "./ok/./last.txt" }, "2"),
      // A backslash is an ordinary character on Linux (systemd escapes) and is kept.
      tarEntry({ name: "ok/dev-disk-by\\x2duuid.device" }, "3"),
    );
    const { r, got } = await read("h.tgz", zlib.gzipSync(tar));
    expect(r.error).toBeNull();
    expect(got).toEqual({ "ok/first.txt": "1", "ok/last.txt": "2", "ok/dev-disk-by\\x2duuid.device": "3" });
    expect(r.skipped.map((s) => s.kind)).toEqual(["absolute-path", "traversal", "traversal", "traversal", "traversal", "nul-in-name", "name-too-long"]);
    expect(r.skipped[0]?.reason).toContain(`"/tmp/${escapeName}"`);
    expect(r.skipped[4]?.path).toBe(`../../${escapeName}`);
    expect(r.skipped.every((s) => typeof s.offset === "number" && s.offset % 512 === 0)).toBe(true);
    expectNothingWritten("h.tgz");
  });

  it("never follows symlinks or hardlinks and calls out targets leaving the bundle", async () => {
    const tar = tarOf(
      tarEntry({ name: "b/etc-shadow", type: "2", linkname: "/etc/shadow" }),
      tarEntry({ name: "b/up", type: "2", linkname: `../../${escapeName}` }),
      tarEntry({ name: "b/sub/inside", type: "2", linkname: "../host/uname.txt" }),
      tarEntry({ name: "b/hard", type: "1", linkname: "/etc/passwd" }),
      tarEntry({ name: "b/hard-inside", type: "1", linkname: "b/host/uname.txt" }),
      // A file written "through" the symlink must stay a plain entry name, never a followed path.
      tarEntry({ name: "b/up/payload" }, "through link"),
    );
    const { r, got } = await read("l.tar", tar);
    expect(r.error).toBeNull();
    expect(r.skipped.map((s) => [s.path, s.kind, s.leavesBundle])).toEqual([
      ["b/etc-shadow", "symlink", true],
      ["b/up", "symlink", true],
      ["b/sub/inside", "symlink", false],
      ["b/hard", "hardlink", true],
      ["b/hard-inside", "hardlink", false],
    ]);
    expect(r.skipped[0]?.reason).toMatch(/points outside the bundle; not followed/);
    expect(r.skipped[2]?.reason).toMatch(/never followed/);
    expect(got).toEqual({ "b/up/payload": "through link" });
    expectNothingWritten("l.tar");
  });

  it("refuses device and fifo entries and unknown types", async () => {
    const tar = tarOf(
      tarEntry({ name: "dev/null", type: "3" }),
      tarEntry({ name: "dev/sda", type: "4" }),
      tarEntry({ name: "run/pipe", type: "6" }),
      tarEntry({ name: "sparse", type: "S" }, "data of a sparse entry"),
      tarEntry({ name: "after.txt" }, "still read"),
    );
    const { r, got } = await read("d.tar", tar);
    expect(r.skipped.map((s) => [s.kind, s.reason])).toEqual([
      ["device", "character device entry refused"],
      ["device", "block device entry refused"],
      ["fifo", "fifo entry refused"],
      ["unsupported-type", "unsupported tar entry (GNU sparse file) skipped"],
    ]);
    expect(got).toEqual({ "after.txt": "still read" });
  });

  it("refuses what GNU tar itself writes with -P (absolute names)", async () => {
    fs.writeFileSync(tmp.file("f.txt"), "x");
    fs.symlinkSync("/etc/passwd", tmp.file("lnk"));
    execFileSync("tar", ["-P", "-czf", tmp.file("p.tgz"), tmp.file("f.txt"), tmp.file("lnk")]);
    fs.rmSync(tmp.file("f.txt"));
    fs.rmSync(tmp.file("lnk"));
    const r = await readArchive(tmp.file("p.tgz"));
    expect(r.entries).toEqual([]);
    expect(r.skipped.map((s) => s.kind)).toEqual(["absolute-path", "absolute-path"]);
    expectNothingWritten("p.tgz");
  });
});

describe("hostile names and types in zip", () => {
  it("checks jszip's original names, so traversal and absolute names are refused, and links are not followed", async () => {
    const zip = new JSZip();
    zip.file("ok.txt", "fine");
    zip.file(`../../${escapeName}`, "dotdot");
    zip.file(`/tmp/${escapeName}`, "abs");
    zip.file("link-out", "../../../etc/shadow", { unixPermissions: 0o120777 });
    zip.file("fifo", "", { unixPermissions: 0o010644 });
    zip.file("nul\0name.txt", "nul");
    const buf = await zip.generateAsync({ type: "nodebuffer", platform: "UNIX" });
    const { r, got } = await read("z.zip", buf);
    expect(r.format).toBe("zip");
    expect(got).toEqual({ "ok.txt": "fine" });
    // jszip also wrote folder entries "/" and "/tmp/" for the absolute name: refused too.
    expect(r.skipped.map((s) => [s.path, s.kind, s.leavesBundle ?? null]).sort()).toEqual(
      [
        [`../../${escapeName}`, "traversal", null],
        ["/", "absolute-path", null],
        ["/tmp/", "absolute-path", null],
        [`/tmp/${escapeName}`, "absolute-path", null],
        ["fifo", "fifo", null],
        ["nul\0name.txt", "nul-in-name", null],
        ["link-out", "symlink", true],
      ].sort(),
    );
    expectNothingWritten("z.zip");
  });
});

describe("pax global headers", () => {
  const mtimes = (r: Awaited<ReturnType<typeof readArchive>>) => r.entries.map((e) => [e.path, e.mtime ? e.mtime.getTime() / 1000 : null]);

  it("apply to every later entry until changed; 'x' wins for its entry; a later 'g' merges; an empty value unsets", async () => {
    const tar = tarOf(
      tarEntry({ name: "before", mtime: 100 }),
      paxEntry({ mtime: "1000", comment: "kept" }, true),
      tarEntry({ name: "g1", mtime: 100 }),
      paxEntry({ mtime: "2000" }),
      tarEntry({ name: "x-wins", mtime: 100 }),
      tarEntry({ name: "g1-again", mtime: 100 }),
      paxEntry({ mtime: "3000" }, true),
      tarEntry({ name: "g2", mtime: 100 }),
      paxEntry({ mtime: "" }),
      tarEntry({ name: "x-unsets", mtime: 100 }),
      paxEntry({ path: "g/forced" }, true),
      tarEntry({ name: "renamed", mtime: 100 }),
      paxEntry({ path: "x/own" }),
      tarEntry({ name: "renamed-by-x", mtime: 100 }),
      paxEntry({ path: "", mtime: "" }, true),
      tarEntry({ name: "after-unset", mtime: 100 }),
    );
    const { r } = await read("g.tar", tar);
    expect(r.error).toBeNull();
    expect(mtimes(r)).toEqual([
      ["before", 100],
      ["g1", 1000],
      ["x-wins", 2000],
      ["g1-again", 1000],
      ["g2", 3000],
      ["x-unsets", 100],
      ["g/forced", 3000],
      ["x/own", 3000],
      ["after-unset", 100],
    ]);
  });

  it("ignores a global header past the key cap, with one skipped record, and reads on", async () => {
    const { globalPaxRecords } = await import("../../test/support/tar/hostile-archives");
    const tar = tarOf(
      paxEntry({ mtime: "1000", ...globalPaxRecords(599) }, true), // 600 keys: applied
      tarEntry({ name: "a", mtime: 100 }),
      paxEntry({ mtime: "2000", ...Object.fromEntries(Object.keys(globalPaxRecords(600)).map((k) => [`${k}.other`, "v"])) }, true), // 600 new: 1,200 in all
      tarEntry({ name: "b", mtime: 100 }),
      paxEntry({ mtime: "3000" }, true), // overrides a key already there: no new key, applied
      tarEntry({ name: "c", mtime: 100 }),
    );
    const { r } = await read("cap.tar", tar);
    expect(r.error).toBeNull();
    expect(mtimes(r)).toEqual([["a", 1000], ["b", 1000], ["c", 3000]]);
    expect(r.skipped).toEqual([
      {
        path: "PaxHeaders/x",
        kind: "ignored-header",
        reason: "pax global header of 601 keys would take the archive past the 1000-key limit for global keys; ignored (its keys are not applied)",
        offset: expect.any(Number),
      },
    ]);
  });
});

describe("overlapping zip entries", () => {
  it("refuses a zip whose entries share bytes before reading any, and reads the same entries laid out plainly", async () => {
    const { overlappingZip, plainZip } = await import("../../test/support/tar/hostile-archives");
    let bytes = 0;
    fs.writeFileSync(tmp.file("o.zip"), overlappingZip(200, 64 * 1024));
    const r = await readArchive(tmp.file("o.zip"), {
      onEntry: async (_e, body) => {
        for await (const c of body.chunks()) bytes += c.length;
      },
    });
    expect(r.error?.code).toBe("corrupt-zip");
    expect(r.error?.message).toBe('zip entries "o/000000" and "o/000001" share bytes (at offset 76): an overlapping-entry zip bomb? Not read');
    expect(r.entries).toEqual([]);
    expect(bytes).toBe(0);

    fs.writeFileSync(tmp.file("p.zip"), plainZip(200, 64 * 1024));
    const p = await readArchive(tmp.file("p.zip"), { onEntry: async (_e, body) => void (await body.toBuffer()) });
    expect(p.error).toBeNull();
    expect(p.entries).toHaveLength(200);
  });

  it("falls back on the pigeonhole bound when jszip's bytes are not views of the file", async () => {
    const { overlappingZip, plainZip } = await import("../../test/support/tar/hostile-archives");
    const { findOverlap } = await import("./zip-reader");
    const bomb = overlappingZip(50, 4096);
    const zip = await JSZip.loadAsync(bomb, { checkCRC32: false });
    expect(findOverlap(zip, bomb)).toMatchObject({ a: "o/000000", b: "o/000001" });
    // Another buffer of the same bytes: no view matches it, so only the sum of sizes can tell.
    expect(findOverlap(zip, Buffer.from(bomb))).toEqual({ total: expect.any(Number) });
    const plain = plainZip(50, 4096);
    expect(findOverlap(await JSZip.loadAsync(plain), Buffer.from(plain))).toBeNull();
  });

  it("stops the local-header salvage of a cut zip one entry past the entry cap", async () => {
    const { plainZip } = await import("../../test/support/tar/hostile-archives");
    const whole = plainZip(500, 500);
    const cut = whole.subarray(0, whole.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    fs.writeFileSync(tmp.file("cut.zip"), cut);
    const r = await readArchive(tmp.file("cut.zip"), { limits: { maxEntries: 10 } });
    expect(r.error?.code).toBe("too-many-entries");
    expect(r.entries).toHaveLength(10);
  });
});

import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readArchive } from "./read-archive";
import { gnuLongEntry, paxEntry, tarEntry, tarOf } from "@/test/support/tar/tar-builder";
import { makeTempDir } from "@/test/support/temp-dir";

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir()));
afterEach(() => tmp.cleanup());

const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

/** A small tree on disk, archived with the real tar / zip tools. */
function makeTree(): Record<string, Buffer> {
  const files: Record<string, Buffer> = {
    "bundle/manifest.json": Buffer.from('{"format":"netbundle-bundle"}\n'),
    "bundle/host/sysctl-a.txt": Buffer.from("net.ipv4.ip_forward = 1\n"),
    "bundle/pcap/eth0.pcap": crypto.randomBytes(700_000),
    [`bundle/logs/files/${"very-long-directory-name-".repeat(6)}/x.log`]: Buffer.from("long path\n"),
    // 130 bytes: over the 100-byte name field, so ustar must split it into prefix + name.
    [`bundle/${"p".repeat(110)}/split-name.txt`]: Buffer.from("prefix split\n"),
  };
  for (const [p, b] of Object.entries(files)) {
    fs.mkdirSync(tmp.file(`src/${p}`).replace(/\/[^/]*$/, ""), { recursive: true });
    fs.writeFileSync(tmp.file(`src/${p}`), b);
  }
  return files;
}

async function collect(file: string) {
  const bodies: Record<string, string> = {};
  const r = await readArchive(file, {
    onEntry: async (e, body) => {
      if (e.type === "file") bodies[e.path] = sha((await body.toBuffer()) ?? Buffer.alloc(0));
    },
  });
  return { r, bodies };
}

describe("readArchive on archives made by real tools", () => {
  for (const [label, args] of [
    ["tar.gz (gnu format, long names as 'L')", ["--format=gnu", "-czf"]],
    ["tar.gz (pax format)", ["--format=pax", "-czf"]],
    ["plain tar (ustar prefix split)", ["--format=ustar", "-cf"]],
  ] as const) {
    it(`reads every file of a ${label} with identical bytes`, async () => {
      const files = makeTree();
      // ustar cannot hold the 150+ byte name; it is left out of that case.
      const names = Object.keys(files).filter((p) => !(label.startsWith("plain") && p.length > 155));
      execFileSync("tar", [...args, tmp.file("b.archive"), "-C", tmp.file("src"), ...names]);
      const { r, bodies } = await collect(tmp.file("b.archive"));
      expect(r.error).toBeNull();
      expect(r.format).toBe(label.startsWith("plain") ? "tar" : "tar.gz");
      for (const n of names) expect(bodies[n], n).toBe(sha(files[n] as Buffer));
      expect(Object.keys(bodies).sort()).toEqual([...names].sort());
    });
  }

  it("reads a zip made by jszip, detected by magic bytes despite a .tgz name", async () => {
    const zip = new JSZip();
    zip.file("b/host/uname.txt", "Linux node-1 6.1.0\n");
    zip.file("b/pcap/lo.pcap", crypto.randomBytes(50_000));
    fs.writeFileSync(tmp.file("upload.tgz"), await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const { r, bodies } = await collect(tmp.file("upload.tgz"));
    expect(r.format).toBe("zip");
    expect(r.error).toBeNull();
    expect(r.entries.filter((e) => e.type === "file").map((e) => e.path).sort()).toEqual(["b/host/uname.txt", "b/pcap/lo.pcap"]);
    expect(bodies["b/host/uname.txt"]).toBe(sha(Buffer.from("Linux node-1 6.1.0\n")));
  });

  it("refuses unknown formats by content, names zstd, and lists the accepted formats", async () => {
    fs.writeFileSync(tmp.file("a.tar.gz"), "just some text, not an archive\n".repeat(40));
    const r1 = await readArchive(tmp.file("a.tar.gz"));
    expect(r1.error?.code).toBe("unknown-format");
    expect(r1.error?.message).toBe("not a .tar, .tar.gz/.tgz, .tar.xz, .tar.bz2 or .zip archive (unrecognized first bytes)");
    fs.writeFileSync(tmp.file("b.tgz"), Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(600)]));
    const r2 = await readArchive(tmp.file("b.tgz"));
    expect(r2.error?.message).toBe("zstd-compressed archives are not supported (send .tar, .tar.gz/.tgz, .tar.xz, .tar.bz2 or .zip)");
  });
});

describe("tar header variants written by hand", () => {
  it("applies GNU 'L'/'K' long names, pax path/size/mtime and pax global headers", async () => {
    const long = `b/${"d".repeat(120)}/file.txt`;
    const tar = tarOf(
      paxEntry({ comment: "global" }, true),
      gnuLongEntry(long),
      tarEntry({ name: "truncated-name" }, "from L\n"),
      paxEntry({ path: "b/pax-named.txt", mtime: "1700000000.5" }),
      tarEntry({ name: "ignored" }, "from pax\n"),
      // pax size overrides the header's (here deliberately wrong) size field.
      paxEntry({ size: "4" }),
      tarEntry({ name: "b/sized.txt", size: 999 }, "1234"),
      gnuLongEntry("b/target-of-long-link", "K"),
      tarEntry({ name: "b/lnk", type: "2", linkname: "short" }),
    );
    fs.writeFileSync(tmp.file("h.tar"), tar);
    const { r } = await collect(tmp.file("h.tar"));
    expect(r.error).toBeNull();
    expect(r.entries.map((e) => [e.path, e.size])).toEqual([
      [long, 7],
      ["b/pax-named.txt", 9],
      ["b/sized.txt", 4],
    ]);
    expect(r.entries[1]?.mtime?.getTime()).toBe(1_700_000_000_500);
    expect(r.skipped).toMatchObject([{ path: "b/lnk", kind: "symlink", linkTarget: "b/target-of-long-link" }]);
  });

  it("takes a v7 regular-file entry named with a trailing slash as a directory", async () => {
    fs.writeFileSync(tmp.file("v7.tar"), tarOf(tarEntry({ name: "./" }), tarEntry({ name: "d/" }), tarEntry({ name: "d/f" }, "x")));
    const r = await readArchive(tmp.file("v7.tar"));
    expect(r.entries.map((e) => [e.path, e.type])).toEqual([["d", "directory"], ["d/f", "file"]]);
    expect(r.skipped).toEqual([]);
  });

  it("reads base-256 (GNU binary) size fields", async () => {
    fs.writeFileSync(tmp.file("b.tar"), tarOf(tarEntry({ name: "x.bin", base256Size: true }, "abcde"), tarEntry({ name: "y" }, "z")));
    const { r } = await collect(tmp.file("b.tar"));
    expect(r.error).toBeNull();
    expect(r.entries.map((e) => [e.path, e.size])).toEqual([["x.bin", 5], ["y", 1]]);
  });
});

describe("entry bodies", () => {
  it("lets the consumer stream, buffer under a cap, or ignore each body", async () => {
    const big = crypto.randomBytes(3 * 1024 * 1024);
    const tar = tarOf(tarEntry({ name: "a.bin" }, big), tarEntry({ name: "b.txt" }, "bee\n"), tarEntry({ name: "c.bin" }, big), tarEntry({ name: "d.txt" }, "dee\n"));
    fs.writeFileSync(tmp.file("x.tgz"), zlib.gzipSync(tar));
    const seen: Record<string, unknown> = {};
    const progress: number[] = [];
    let late: { chunks(): AsyncIterable<Buffer> } | null = null;
    const r = await readArchive(tmp.file("x.tgz"), {
      onProgress: (p) => progress.push(p.bytesRead),
      onEntry: async (e, body) => {
        if (e.path === "a.bin") {
          const h = crypto.createHash("sha256");
          let n = 0;
          for await (const c of body.chunks()) (h.update(c), (n += c.length));
          seen[e.path] = [n, h.digest("hex")];
        } else if (e.path === "c.bin") {
          seen[e.path] = await body.toBuffer(1024); // too big: null, and left for the reader to skip
          late = body;
        } else seen[e.path] = (await body.toBuffer())?.toString();
      },
    });
    expect(r.error).toBeNull();
    expect(seen).toEqual({ "a.bin": [big.length, sha(big)], "b.txt": "bee\n", "c.bin": null, "d.txt": "dee\n" });
    expect(progress.at(-1)).toBe(fs.statSync(tmp.file("x.tgz")).size);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    // A body is only valid during its onEntry call.
    const it = (late as unknown as { chunks(): AsyncIterable<Buffer> }).chunks()[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toThrow(/no longer available/);
  });

  it("rethrows a consumer bug instead of hiding it as an archive fault", async () => {
    fs.writeFileSync(tmp.file("y.tar"), tarOf(tarEntry({ name: "a" }, "1"), tarEntry({ name: "b" }, "2")));
    await expect(readArchive(tmp.file("y.tar"), { onEntry: () => { throw new TypeError("consumer bug"); } })).rejects.toThrow("consumer bug");
  });
});

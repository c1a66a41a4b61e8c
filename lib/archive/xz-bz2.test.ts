import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runningDecoders } from "./decompress-child";
import { openArchive } from "./open-archive";
import { readArchive } from "./read-archive";
import { tarEntry, tarHeader, tarOf } from "@/test/support/tar/tar-builder";
import { makeTempDir } from "@/test/support/temp-dir";

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir()));
afterEach(() => tmp.cleanup());

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
const KINDS = [
  { fmt: "tar.xz", tarFlag: "-cJf", tool: "xz" },
  { fmt: "tar.bz2", tarFlag: "-cjf", tool: "bzip2" },
] as const;

function writeTree(files: Record<string, Buffer>): void {
  for (const [p, b] of Object.entries(files)) {
    fs.mkdirSync(tmp.file(`src/${p}`).replace(/\/[^/]*$/, ""), { recursive: true });
    fs.writeFileSync(tmp.file(`src/${p}`), b);
  }
}

/** `tar <flag> out -C src bundle`; BZIP2=-1 gives 100 kB bzip2 blocks, so a cut loses little. */
function tarUp(flag: string, out: string): string {
  execFileSync("tar", ["--sort=name", flag, tmp.file(out), "-C", tmp.file("src"), "bundle"], { env: { ...process.env, BZIP2: "-1" } });
  return tmp.file(out);
}

async function readAll(file: string) {
  const hashes: Record<string, string> = {};
  const r = await readArchive(file, {
    onEntry: async (e, body) => {
      if (e.type === "file") hashes[e.path] = sha((await body.toBuffer()) ?? Buffer.alloc(0));
    },
  });
  return { r, hashes };
}

async function waitForNoDecoders(): Promise<void> {
  for (let i = 0; i < 200 && runningDecoders.size > 0; i++) await new Promise((res) => setTimeout(res, 10));
  expect([...runningDecoders]).toEqual([]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.each(KINDS)("$fmt", ({ fmt, tarFlag, tool }) => {
  it("refuses traversal and absolute names and follows no link, as for .tar.gz", async () => {
    const tar = tarOf(
      tarEntry({ name: "b/sos_commands/process/ps_auxwww" }, "USER PID COMMAND\n"),
      tarEntry({ name: "../escape" }, "x"),
      tarEntry({ name: "/etc/cron.d/x" }, "x"),
      tarEntry({ name: "b/ps", type: "2", linkname: "sos_commands/process/ps_auxwww" }),
      tarEntry({ name: "b/etc/mtab", type: "2", linkname: "/proc/self/mounts" }),
    );
    fs.writeFileSync(tmp.file("h.tar"), tar);
    execFileSync(tool, ["-k", "-f", tmp.file("h.tar")]);
    const r = await readArchive(tmp.file(`h.tar.${tool === "xz" ? "xz" : "bz2"}`));
    expect(r.format).toBe(fmt);
    expect(r.entries.filter((e) => e.type === "file").map((e) => e.path)).toEqual(["b/sos_commands/process/ps_auxwww"]);
    expect(r.skipped.map((x) => [x.path, x.kind, x.leavesBundle ?? null])).toEqual([
      ["../escape", "traversal", null],
      ["/etc/cron.d/x", "absolute-path", null],
      ["b/ps", "symlink", false],
      ["b/etc/mtab", "symlink", true],
    ]);
    await waitForNoDecoders();
  });

  it(`reads the same entries and bytes as the .tar.gz of the same directory`, async () => {
    writeTree({
      "bundle/manifest.json": Buffer.from('{"format":"netbundle-bundle"}\n'),
      "bundle/host/sysctl-a.txt": Buffer.from("net.ipv4.ip_forward = 1\n".repeat(2000)),
      "bundle/pcap/eth0.pcap": crypto.randomBytes(700_000),
      [`bundle/logs/${"long-directory-name-".repeat(8)}/x.log`]: Buffer.from("long path\n"),
      "bundle/empty.txt": Buffer.alloc(0),
    });
    const gz = await readAll(tarUp("-czf", "b.tgz"));
    const other = await readAll(tarUp(tarFlag, `b.${fmt}`));
    expect(gz.r.error).toBeNull();
    expect(other.r.error).toBeNull();
    expect(other.r.format).toBe(fmt);
    expect(other.r.entries).toEqual(gz.r.entries);
    expect(other.hashes).toEqual(gz.hashes);
    expect(Object.keys(other.hashes)).toHaveLength(5);
    expect(other.r.bytesRead).toBe(fs.statSync(tmp.file(`b.${fmt}`)).size);
    await waitForNoDecoders();
  });

  it("a cut archive keeps the entries before the cut, then reports it truncated", async () => {
    const files = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`bundle/f${String(i).padStart(2, "0")}.bin`, crypto.randomBytes(40_000)]));
    writeTree(files);
    const whole = fs.readFileSync(tarUp(tarFlag, `w.${fmt}`));
    let previous = -1;
    for (const fraction of [0.3, 0.6, 0.95]) {
      fs.writeFileSync(tmp.file(`cut.${fmt}`), whole.subarray(0, Math.floor(whole.length * fraction)));
      const { r, hashes } = await readAll(tmp.file(`cut.${fmt}`));
      expect(r.error?.code, `cut at ${fraction}`).toBe("truncated");
      expect(r.error?.message).toMatch(new RegExp(`^${tool} stream ends early: the archive is truncated \\(.+\\) ((in|after) entry "bundle/f\\d\\d.bin"|before the first entry) at tar offset \\d+ \\(compressed offset \\d+\\)$`));
      const names = r.entries.filter((e) => e.type === "file").map((e) => e.path);
      expect(names).toEqual(Object.keys(files).slice(0, names.length));
      for (const n of names) expect(hashes[n]).toBe(sha(files[n] as Buffer));
      // Lost at the cut: the decoder's last unfinished block (xz: a few kB; bzip2 -1: up to 100 kB).
      expect(names.length).toBeGreaterThanOrEqual(Math.floor(20 * fraction) - 4);
      expect(names.length).toBeGreaterThanOrEqual(previous);
      previous = names.length;
    }
    await waitForNoDecoders();
  });

  it("stops a 1 GiB zero bomb at the ratio cap with bounded memory, and at the total cap when ratio is relaxed", async () => {
    // A multi-stream file (the decoders read concatenated streams as one): the tar headers,
    // then one compressed 16 MiB of zeros repeated, then the tar end. Tiny, and quick to build.
    const z = (input: Buffer) => execFileSync(tool, ["-c"], { input, maxBuffer: 64 * MiB });
    const zeros = z(Buffer.alloc(16 * MiB));
    const parts = [z(Buffer.concat([tarEntry({ name: "b/ok.txt" }, "before the bomb\n"), tarHeader({ name: "b/zeros.log", size: GiB })]))];
    for (let n = 0; n < GiB / (16 * MiB); n++) parts.push(zeros);
    parts.push(z(Buffer.alloc(1024)));
    fs.writeFileSync(tmp.file(`bomb.${fmt}`), Buffer.concat(parts));
    expect(fs.statSync(tmp.file(`bomb.${fmt}`)).size).toBeLessThan(8 * MiB);

    let peakRss = 0;
    const rss0 = process.memoryUsage.rss();
    const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5);
    let streamed = 0;
    const r = await readArchive(tmp.file(`bomb.${fmt}`), {
      onEntry: async (_e, body) => {
        for await (const c of body.chunks()) streamed += c.length;
      },
    });
    clearInterval(timer);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    expect(r.error?.code).toBe("ratio-exceeded");
    expect(r.error?.message).toMatch(new RegExp(`compression ratio \\d+:1 is over the 200:1 limit \\(${tool} bomb\\?\\) in entry "b/zeros.log"`));
    expect(r.entries.map((e) => e.path)).toEqual(["b/ok.txt"]);
    expect(r.expandedBytes).toBeLessThan(GiB / 4);
    expect(streamed).toBeLessThan(r.expandedBytes);
    expect(peakRss - rss0).toBeLessThan(128 * MiB);
    await waitForNoDecoders();

    const relaxed = await readArchive(tmp.file(`bomb.${fmt}`), { limits: { maxRatio: 1e9, maxTotalBytes: 64 * MiB } });
    expect(relaxed.error?.code).toBe("total-size-exceeded");
    expect(relaxed.expandedBytes).toBeLessThanOrEqual(64 * MiB + 2 * MiB);
    await waitForNoDecoders();
  });

  it("a consumer that stops early leaves no decoder process running", async () => {
    writeTree(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`bundle/f${i}.bin`, crypto.randomBytes(40_000)])));
    const a = await openArchive(tarUp(tarFlag, `e.${fmt}`));
    expect(runningDecoders.size).toBe(0); // spawned on the first pull, not by opening
    let pid = 0;
    let wasAlive = false;
    for await (const ev of a.events) {
      expect(ev.type).toBe("entry");
      pid = [...runningDecoders][0] ?? 0;
      wasAlive = alive(pid); // blocked on its full stdout pipe
      break; // calls events.return(): the decoder must be killed, not left blocked on its pipe
    }
    expect(pid).toBeGreaterThan(0);
    expect(wasAlive).toBe(true);
    await waitForNoDecoders();
    expect(alive(pid)).toBe(false);
  });

  it("a missing decoder binary is a clear error", async () => {
    writeTree({ "bundle/a.txt": Buffer.from("a\n") });
    const file = tarUp(tarFlag, `m.${fmt}`);
    const path = process.env.PATH;
    process.env.PATH = tmp.file("no-such-dir");
    try {
      const r = await readArchive(file);
      expect(r.error?.code).toBe("decoder-unavailable");
      expect(r.error?.message).toContain(`the \`${tool}\` program is not installed`);
    } finally {
      process.env.PATH = path;
    }
  });
});

describe("garbage behind the magic bytes", () => {
  it("xz magic then garbage: a clear corrupt-xz error, no entries, no decoder left", async () => {
    fs.writeFileSync(tmp.file("junk.txz"), Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]), crypto.randomBytes(5000)]));
    const r = await readArchive(tmp.file("junk.txz"));
    expect(r.format).toBe("tar.xz");
    expect(r.entries).toEqual([]);
    expect(r.error?.code).toBe("corrupt-xz");
    expect(r.error?.message).toMatch(/^xz data corrupt \(xz: \(stdin\): .+\) before the first entry at tar offset 0/);
    await waitForNoDecoders();
  });

  it("bzip2 magic then garbage: a corrupt-bzip2 or truncated error, no entries", async () => {
    fs.writeFileSync(tmp.file("junk.tbz"), Buffer.concat([Buffer.from("BZh91AY&SY", "latin1"), crypto.randomBytes(5000)]));
    const r = await readArchive(tmp.file("junk.tbz"));
    expect(r.format).toBe("tar.bz2");
    expect(r.entries).toEqual([]);
    expect(["corrupt-bzip2", "truncated"]).toContain(r.error?.code);
    expect(r.error?.message).toMatch(/^bzip2 /);
    await waitForNoDecoders();
  });

  it("a plain tar whose first name looks like bzip2 magic is still read as a tar", async () => {
    fs.writeFileSync(tmp.file("odd.tar"), tarOf(tarEntry({ name: "BZh91AY&SY.txt" }, "x\n")));
    const r = await readArchive(tmp.file("odd.tar"));
    expect(r.format).toBe("tar");
    expect(r.entries.map((e) => e.path)).toEqual(["BZh91AY&SY.txt"]);
  });

  it("an xz stream that needs more decoder memory than maxDecoderMemoryBytes is refused", async () => {
    // xz -6 uses an 8 MiB dictionary: ~9 MiB to decode.
    fs.writeFileSync(tmp.file("big-dict.txz"), execFileSync("xz", ["-6", "-c"], { input: tarEntry({ name: "a.txt" }, "a\n") }));
    const r = await readArchive(tmp.file("big-dict.txz"), { limits: { maxDecoderMemoryBytes: 1024 * 1024 } });
    expect(r.error?.code).toBe("corrupt-xz");
    expect(r.error?.message).toMatch(/^xz stream needs more decoder memory than allowed \(xz: \(stdin\): Memory usage limit reached\)/);
    await waitForNoDecoders();
  });

  it("an xz file whose content is not a tar is reported by the tar reader", async () => {
    fs.writeFileSync(tmp.file("text.xz"), execFileSync("xz", ["-c"], { input: Buffer.from("just text\n".repeat(200)) }));
    const r = await readArchive(tmp.file("text.xz"));
    expect(r.entries).toEqual([]);
    expect(["bad-checksum", "bad-header", "truncated"]).toContain(r.error?.code);
    await waitForNoDecoders();
  });
});

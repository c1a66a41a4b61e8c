/**
 * Hostile bundles through the whole analysis: what it stores on a bundle stays short (one
 * line per kind of skipped member, every list capped), and its cost stays linear in the
 * number of members (counted work, or CPU of N against 4N with a ratio under 8; no wall clock).
 */
import fs from "node:fs";
import zlib from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tarEntry, tarOf } from "@/test/support/tar/tar-builder";
import { gz, symlinkTar, tinyFilesTarGz } from "@/test/support/tar/hostile-archives";
import { makeTempDir } from "@/test/support/temp-dir";
import { analyzeBundle } from "./analyze-bundle";
import { streamWork } from "@/lib/stream/stream-bundle";
import { MAX_ARTIFACT_WARNINGS, MAX_MANIFEST_WARNINGS } from "../stream/cap-list";

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir("nb-analyze-hostile-")));
afterEach(() => tmp.cleanup());

function write(name: string, data: Buffer): string {
  fs.writeFileSync(tmp.file(name), data);
  return tmp.file(name);
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
async function cpuOf(fn: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const c0 = cpuMs();
    await fn();
    best = Math.min(best, cpuMs() - c0);
  }
  return Math.max(best, 1);
}

describe("skipped members on the bundle", () => {
  it("100k symlinks are one error line, not 100k", async () => {
    const r = await analyzeBundle(write("c.tgz", gz(symlinkTar(100_000))));
    expect(r.errors).toEqual(["100000 in-bundle links resolved, 0 skipped"]);
    expect(r.complete).toBe(true);
  });

  it("one line per kind, in the order first seen, names shortened and quoted when they could be misread", async () => {
    const tar = tarOf(
      tarEntry({ name: "b/host/uname.txt" }, "Linux node-1 6.8.0 #1 SMP x86_64 GNU/Linux\n"),
      tarEntry({ name: "b/etc-shadow", type: "2", linkname: "/etc/shadow" }),
      tarEntry({ name: "b/inside", type: "2", linkname: "host/uname.txt" }),
      tarEntry({ name: "b/dev/null", type: "3" }),
      tarEntry({ name: "b/hard", type: "1", linkname: "/etc/passwd" }),
      tarEntry({ name: "../escape" }, "x"),
      tarEntry({ name: "b/run/a, b", type: "6" }),
      tarEntry({ name: "b/dev/sda", type: "4" }),
    );
    const r = await analyzeBundle(write("k.tar", tar));
    expect(r.errors).toEqual([
      "skipped 2 devices (b/dev/null, b/dev/sda)",
      "skipped 1 entry with '..' in its path (../escape)",
      'skipped 1 fifo ("b/run/a, b")',
      // links: resolved by name inside the archive, one line; outside ones skipped, never followed
      "1 in-bundle link resolved, 2 skipped: b/etc-shadow -> /etc/shadow (outside the archive), b/hard -> /etc/passwd (outside the archive)",
    ]);
  });
});

describe("lists the analysis stores are capped", () => {
  it("manifest warnings and an artifact's warnings end in '… and N more'", async () => {
    const manifest = { format: "netbundle-bundle", formatVersion: 1, commands: Array.from({ length: 500 }, () => ({ argv: ["x"] })) };
    const sysctl = ["net.ipv4.ip_forward = 1", ...Array.from({ length: 3000 }, (_, i) => `sysctl: permission denied on key 'k${i}'`)].join("\n");
    const tar = tarOf(
      tarEntry({ name: "b/manifest.json" }, JSON.stringify(manifest)),
      tarEntry({ name: "b/host/uname.txt" }, "Linux node-1 6.8.0 #1 SMP x86_64 GNU/Linux\n"),
      tarEntry({ name: "b/host/sysctl-a.txt" }, sysctl + "\n"),
    );
    const r = await analyzeBundle(write("m.tgz", zlib.gzipSync(tar)));
    const manifestLines = r.errors.filter((e) => e.startsWith("manifest: "));
    expect(manifestLines).toHaveLength(MAX_MANIFEST_WARNINGS + 1);
    expect(manifestLines.at(-1)).toBe(`manifest: … and ${500 - MAX_MANIFEST_WARNINGS} more manifest warnings`);
    const warnings = r.model.artifacts.find((a) => a.path === "host/sysctl-a.txt")?.warnings ?? [];
    expect(warnings).toHaveLength(MAX_ARTIFACT_WARNINGS + 1);
    expect(warnings.at(-1)).toEqual({ message: `… and ${3000 - MAX_ARTIFACT_WARNINGS} more warnings` });
  });
});

describe("cost linear in members", () => {
  it("many tiny log members: the time context is built once, not once per log, and 4x the logs cost < 8x the CPU", async () => {
    const small = write("l1.tgz", tinyFilesTarGz(2_000, "b/logs/files/t"));
    const big = write("l4.tgz", tinyFilesTarGz(8_000, "b/logs/files/t"));
    streamWork.timeContextBuilds = 0;
    const r = await analyzeBundle(big);
    expect(r.model.artifacts).toHaveLength(8_000);
    // Before: one build per log artifact, each scanning every artifact parsed so far (40k logs: 43 s).
    expect(streamWork.timeContextBuilds).toBe(1);
    await analyzeBundle(small);
    const ratio = (await cpuOf(() => analyzeBundle(big))) / (await cpuOf(() => analyzeBundle(small)));
    expect(ratio).toBeLessThan(8);
  });

  it("symlinks: 4x the links cost < 8x the CPU", async () => {
    const small = write("s1.tgz", gz(symlinkTar(5_000)));
    const big = write("s4.tgz", gz(symlinkTar(20_000)));
    await analyzeBundle(small);
    const ratio = (await cpuOf(() => analyzeBundle(big))) / (await cpuOf(() => analyzeBundle(small)));
    expect(ratio).toBeLessThan(8);
  });
});

/**
 * bin/cli-bundle.mjs: the CLI runs from an esbuild bundle that must never be stale. Each test
 * works on a copy of bin/, cli/ and lib/ (mtimes kept) with its own node_modules directory of
 * links to the real packages, so the bundle cache it writes is its own.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "../..");
const made: string[] = [];

function copyOfRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nbt-clibundle-"));
  made.push(dir);
  const sourceOnly = (src: string) => !/\.test\.ts$|\/fixtures(\/|$)/.test(src);
  for (const sub of ["bin", "cli", "lib"]) fs.cpSync(path.join(REPO, sub), path.join(dir, sub), { recursive: true, preserveTimestamps: true, filter: sourceOnly });
  for (const file of ["tsconfig.json", "package.json"]) fs.cpSync(path.join(REPO, file), path.join(dir, file), { preserveTimestamps: true });
  fs.mkdirSync(path.join(dir, "node_modules"));
  for (const name of fs.readdirSync(path.join(REPO, "node_modules"))) {
    if (name !== ".cache") fs.symlinkSync(path.join(REPO, "node_modules", name), path.join(dir, "node_modules", name));
  }
  return dir;
}

function run(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.join(dir, "bin", "netbundle.mjs"), ...args], { encoding: "utf8", env: { ...process.env, NETBUNDLE_DEBUG: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The build in use and the files it was made from. */
function currentBuild(dir: string): { dir: string; inputs: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(dir, "node_modules", ".cache", "netbundle-cli", "current.json"), "utf8"));
}

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the bundled CLI", () => {
  it("is built once, reused while the sources are unchanged, and rebuilt after an edit", () => {
    const dir = copyOfRepo();
    expect(run(dir, ["--version"])).toMatchObject({ code: 0, stdout: "netbundle 0.1.0\n", stderr: "" });
    const first = currentBuild(dir);
    expect(Object.keys(first.inputs)).toEqual(expect.arrayContaining(["cli/main.ts", "lib/pcap/analyze.ts", "lib/analyze/analyze-bundle.ts", "bin/cli-bundle.mjs"]));

    expect(run(dir, ["--version"]).stdout).toBe("netbundle 0.1.0\n");
    expect(currentBuild(dir).dir).toBe(first.dir);

    // An edit deep in the import graph (cli/main -> pcap command -> lib/pcap/analyze -> here).
    const empty = path.join(dir, "empty.pcap");
    fs.writeFileSync(empty, "");
    const notACapture = () => run(dir, ["pcap", empty]).stderr;
    expect(notACapture()).toContain("not a capture: file is empty");
    const reader = path.join(dir, "lib", "pcap", "capture-reader.ts");
    fs.writeFileSync(reader, fs.readFileSync(reader, "utf8").replace("not a capture: file is empty", "EDITED: file is empty"));
    // An mtime not older than the build's start is a file that may have been saved while
    // esbuild read it: that build serves this run only and is not made current.
    const soon = new Date(Date.now() + 30_000);
    fs.utimesSync(reader, soon, soon);
    expect(notACapture()).toContain("EDITED: file is empty");
    expect(currentBuild(dir).dir).toBe(first.dir);
    const past = new Date(Date.now() - 5000);
    fs.utimesSync(reader, past, past);
    expect(notACapture()).toContain("EDITED: file is empty");
    const second = currentBuild(dir);
    expect(second.dir).not.toBe(first.dir);
    expect(notACapture()).toContain("EDITED: file is empty");
    expect(currentBuild(dir).dir).toBe(second.dir);

    // A cleared cache directory with current.json left behind is rebuilt, not a crash.
    fs.rmSync(path.join(dir, "node_modules", ".cache", "netbundle-cli", second.dir), { recursive: true });
    expect(notACapture()).toContain("EDITED: file is empty");
    expect(currentBuild(dir).dir).not.toBe(second.dir);
  });

  it("falls back to the sources when no bundle can be written", () => {
    const dir = copyOfRepo();
    fs.writeFileSync(path.join(dir, "node_modules", ".cache"), "a file where the cache directory would go");
    const r = run(dir, ["--version"]);
    expect(r).toMatchObject({ code: 0, stdout: "netbundle 0.1.0\n" });
    expect(r.stderr).toContain("running from source");
  });
});

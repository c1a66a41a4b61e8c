/**
 * `netbundle analyze` end to end: a real collector run on this machine (as root) while the
 * test holds namespaces of every holder kind, then the CLI on that bundle, a truncated copy
 * of it, and inputs that are not bundles at all.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Lab, runCollector, type LabNetns } from "@/collector-script/test/lab";

const BIN = path.resolve(__dirname, "../../bin/netbundle.mjs");
const lab = new Lab("nbt-cli");
let work: string;
let bundle: string;
let named: LabNetns;
let hidden: LabNetns;
let collectorLog = "";

function analyze(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, "analyze", ...args], { encoding: "utf8", maxBuffer: 256 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
  bundle: { host: string | null; kernel: string | null; collectedAt: string | null; complete: boolean };
  artifacts: { path: string; kind: string | null; records: number; error: string | null }[];
  namespaces: { inode: number; type: string; holders: { kind: string; name?: string; mountPoint?: string; seenByPid?: number; pid?: number }[]; addresses: { address: string; ifname: string }[] }[];
  findings: { ruleId: string; severity: string; entities: { ips?: string[]; netns?: number[] } }[];
  notEvaluated: unknown[];
  errors: string[];
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "nbt-cli-"));
  named = lab.namedNetns("named");
  lab.addVeth(named, "198.18.40.1/24");
  const toHide = lab.namedNetns("hidden");
  lab.addVeth(toHide, "198.18.40.1/24"); // the same IP again: a duplicate across namespaces
  hidden = lab.hideInPrivateMount(toHide);
  const run = runCollector({ outDir: work, args: ["--since", "10min"] });
  expect(run.code, run.stderr).toBe(0);
  bundle = run.bundlePath;
  collectorLog = run.stderr;
});

afterAll(() => {
  lab.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("netbundle analyze on a real collector bundle", () => {
  it("lists every netns with its holders and addresses as JSON", () => {
    const r = analyze([bundle, "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as JsonReport;
    expect(rep.bundle.host).toBe(os.hostname());
    expect(rep.bundle.complete).toBe(true);
    const byInode = new Map(rep.namespaces.filter((n) => n.type === "net").map((n) => [n.inode, n]));
    const n1 = byInode.get(named.inode);
    expect(n1?.holders.some((h) => h.kind === "name" && h.name === named.name)).toBe(true);
    expect(n1?.addresses.map((a) => a.address)).toContain("198.18.40.1");
    const n2 = byInode.get(hidden.inode);
    expect(n2, `netns held only by a private nsfs mount; collector said:\n${collectorLog.slice(-3000)}`).toBeDefined();
    expect(n2?.holders.some((h) => h.kind === "nsfs-mount" && h.mountPoint === hidden.mountPoint && h.seenByPid === hidden.pid)).toBe(true);
    expect(n2?.addresses.map((a) => a.address)).toContain("198.18.40.1");
    // every parsed artifact has a kind; none failed outright
    expect(rep.artifacts.filter((a) => a.error && a.kind !== null && !/not found|permission/i.test(a.error))).toEqual([]);
    const dup = rep.findings.find((f) => f.ruleId === "duplicate-ip" && f.entities.ips?.includes("198.18.40.1"));
    expect(dup?.entities.netns).toEqual(expect.arrayContaining([named.inode, hidden.inode]));
    expect(rep.findings.some((f) => f.ruleId === "netns-without-process" && f.entities.netns?.includes(hidden.inode))).toBe(true);
  });

  it("prints a readable text summary and markdown", () => {
    const t = analyze([bundle]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain(`netbundle: ${os.hostname()}`);
    expect(t.stdout).toMatch(/IP 198\.18\.40\.1 is configured in 2 network namespaces/);
    expect(t.stdout).toContain(String(hidden.inode));
    const md = analyze([bundle, "--format=md"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# netbundle report: /);
  });

  it("keeps what it read from a truncated bundle and says where it broke", () => {
    const cut = path.join(work, "cut.tar.gz");
    const buf = fs.readFileSync(bundle);
    fs.writeFileSync(cut, buf.subarray(0, Math.floor(buf.length * 0.6)));
    const r = analyze([cut, "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as JsonReport;
    expect(rep.bundle.complete).toBe(false);
    expect(rep.errors.join("\n")).toMatch(/offset|truncated|unexpected end/i);
    expect(rep.artifacts.length).toBeGreaterThan(3);
    expect(rep.bundle.host).toBe(os.hostname()); // the manifest came first and survived
  });
});

describe("netbundle analyze on unusable input", () => {
  it("exits 2 with one line for a missing file, a non-archive and bad options", () => {
    const missing = analyze([path.join(os.tmpdir(), "nbt-no-such-file.tgz")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    const junk = path.join(os.tmpdir(), `nbt-junk-${process.pid}.tgz`);
    fs.writeFileSync(junk, "this is not an archive\n".repeat(50));
    try {
      const r = analyze([junk]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^netbundle analyze: /);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      fs.rmSync(junk, { force: true });
    }
    const bad = analyze(["x.tgz", "--format", "yaml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format takes one of json, text, md");
  });
});

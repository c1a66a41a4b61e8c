// `netbundle diff` end to end through the real CLI (bin/netbundle.mjs) on real bundles: the
// demo bundle (a duplicate IP held by a leaked namespace) and a small healthy one.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestBundle } from "@/test/support/bundles/make-test-bundle";
import type { BundleDiff } from "@/lib/compare/types";

const REPO = path.resolve(__dirname, "../..");
const BIN = path.join(REPO, "bin", "netbundle.mjs");
const DEMO = path.join(REPO, "e2e", "fixtures", "demo-bundle.tar.gz");
let work: string;
let healthy: string;

const diff = (...args: string[]) => spawnSync(process.execPath, [BIN, "diff", ...args], { encoding: "utf8", maxBuffer: 64 << 20 });

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "nb-diff-"));
  healthy = makeTestBundle(work, { journalLines: 10, host: "demo-node" });
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("netbundle diff", () => {
  it("exits 1 when B brings a new critical finding, and says which", () => {
    const r = diff(healthy, DEMO, "--format", "json");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout) as BundleDiff;
    expect(d.findings.new.some((f) => f.ruleId === "duplicate-ip" && f.severity === "critical")).toBe(true);
    expect(d.findings.resolved).toEqual([]);
    expect(d.ips.duplicatesAppeared.length).toBeGreaterThan(0);
  });

  it("exits 0 when B resolves findings, naming them and the namespace that went", () => {
    const r = diff(DEMO, healthy);
    expect(r.status).toBe(0);
    // the healthy bundle has no process list and no capture: the rules that need them are not re-evaluated, not "resolved"
    expect(r.stdout).toMatch(/^4 findings resolved, 0 new, 0 persisting, 3 not re-evaluated\.$/m);
    expect(r.stdout).toContain("Findings: 0 new");
    expect(r.stdout).toMatch(/- \[critical\] IP 198\.19\.200\.5 is configured in 2 network namespaces/);
    expect(r.stdout).toMatch(/namespaces? gone: /);
  });

  it("finds nothing changed between a bundle and itself (markdown)", () => {
    const r = diff(DEMO, DEMO, "--format=md");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^- 0 findings resolved, 0 new, \d+ persisting\.$/m);
    expect(r.stdout).not.toMatch(/namespaces? gone/);
  });

  it("exits 2 with a one-line reason on unusable input", () => {
    const missing = diff(DEMO, path.join(work, "nope.tar.gz"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`netbundle diff: cannot open ${path.join(work, "nope.tar.gz")}: ENOENT\n`);
    const one = diff(DEMO);
    expect(one.status).toBe(2);
    expect(one.stderr).toContain("takes two bundles");
    const notTar = path.join(work, "junk.tar.gz");
    fs.writeFileSync(notTar, "not an archive");
    expect(diff(notTar, DEMO).status).toBe(2);
  });
});

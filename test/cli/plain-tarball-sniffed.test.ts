/**
 * A plain tarball of command outputs under names no layout knows (as a customer zips them):
 * each output is read as what its content is, and the model gets its host view, processes,
 * sysctls and journal from them; a copied config file under etc/ is left alone.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeBundle } from "@/lib/analyze/analyze-bundle";

const FIX = path.resolve(__dirname, "../../lib/parsers/fixtures");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "nbt-plain-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const FILES: Record<string, string> = {
  "case-4711/node1/addresses.txt": "ip-addr--hotsos-k8s-flannel.txt",
  "case-4711/node1/firewall": "iptables-save--hotsos-qrouter.txt",
  "case-4711/node1/processes.out": "ps--centos7-axu.txt",
  "case-4711/node1/kernel-params": "sysctl--centos7.txt",
  "case-4711/node1/journal.log": "journal--nbp-gen-short-iso-precise.txt",
  "case-4711/node1/etc/sysctl.d/99-custom.conf": "sysctl--centos7.txt",
};

describe("a plain tarball of outputs", () => {
  it("is read by content wherever the files sit", async () => {
    const top = path.join(work, "in");
    for (const [rel, fixture] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(top, rel)), { recursive: true });
      fs.copyFileSync(path.join(FIX, fixture), path.join(top, rel));
    }
    const out = path.join(work, "outputs.tar.gz");
    execFileSync("tar", ["-czf", out, "-C", top, "case-4711"]);
    const r = await analyzeBundle(out);
    const kinds = Object.fromEntries(r.model.artifacts.map((a) => [a.path, a.kind]));
    expect(kinds).toEqual({
      "node1/addresses.txt": "ip-addr", "node1/firewall": "iptables-save", "node1/processes.out": "ps", "node1/kernel-params": "sysctl",
      "node1/journal.log": "journal", "node1/etc/sysctl.d/99-custom.conf": null,
    });
    expect(r.model.artifacts.find((a) => a.path === "node1/firewall")?.warnings[0]?.message).toBe("read as iptables-save: recognised from its content (no layout names this path)");
    const host = r.model.namespaces.filter((n) => n.type === "net" && n.isHost);
    expect(host).toHaveLength(1);
    const view = r.model.netns.find((v) => v.inode === host[0]!.inode)!;
    expect(view.addresses.map((a) => a.ifname)).toEqual(expect.arrayContaining(["ens3", "flannel.1"]));
    expect(view.iptables[0]?.rules.length).toBeGreaterThan(10);
    expect(r.model.processes.length).toBeGreaterThan(10);
    expect(Object.keys(r.model.sysctls).length).toBeGreaterThan(100);
    expect(r.model.artifacts.find((a) => a.path === "node1/journal.log")?.records).toBeGreaterThan(3);
  });
});

// Compare (issue #18) on two real collector runs of one lab node, before and after the fixes
// an engineer makes: the leaked namespace holding a copy of a live pod's IP torn down, the
// node's ip_forward turned on, a chain added by a second tool in the other iptables backend,
// and a named pod namespace re-created (new inode, same name and address). The bundles hold
// every namespace on the machine: only this file's are judged.
import { describe, expect, it } from "vitest";
import { Lab, type LabNetns } from "@/collector-script/test/lab";
import { attachPod, collectAndAnalyze, makeNode, startPause, sysctlIn, tempDir, type ScenarioRun, withLab } from "./lab-extra";
import { compareModels } from "@/lib/compare/compare-models";
import type { BundleDiff } from "@/lib/compare/types";

const isRoot = process.getuid?.() === 0;
const OCTET = 170 + (process.pid % 20);
const NET = `198.19.${OCTET}`;
const DUP = `${NET}.9`;
const WEB_IP = `${NET}.30`;

describe.skipIf(!isRoot)("compare: one node before and after its fixes, collected for real", () => {
  const lab = new Lab(`nbs-cmp-${process.pid}`);
  let node: LabNetns;
  let live: LabNetns;
  let leak: LabNetns;
  let webBefore: LabNetns;
  let webAfter: LabNetns;
  let before: ScenarioRun;
  let after: ScenarioRun;
  let diff: BundleDiff;

  withLab(lab, async () => {
    const dir = tempDir(lab, "bin");
    const n = makeNode(lab, "node", `${NET}.1/24`, { uplink: `198.18.${OCTET}.2/24` });
    node = n.ns;
    startPause(lab, node, dir, "dockerd");
    sysctlIn(lab, node, "net.ipv4.ip_forward", 0);
    live = lab.namedNetns("live");
    attachPod(lab, n, live, DUP);
    startPause(lab, live, dir);
    leak = lab.namedNetns("leak");
    attachPod(lab, n, leak, DUP);
    webBefore = lab.namedNetns("web");
    attachPod(lab, n, webBefore, WEB_IP);
    before = await collectAndAnalyze(lab);

    lab.inNetns(node, ["ip", "netns", "del", leak.name!]);
    sysctlIn(lab, node, "net.ipv4.ip_forward", 1);
    lab.inNetns(node, ["iptables-legacy", "-t", "filter", "-N", "NB-EXTRA"]);
    lab.inNetns(node, ["ip", "netns", "del", webBefore.name!]);
    // a namespace made in between takes the freed inode number if the kernel hands it out again
    lab.namedNetns("spacer");
    webAfter = lab.namedNetns("web");
    attachPod(lab, n, webAfter, WEB_IP);
    after = await collectAndAnalyze(lab);
    diff = compareModels(before.result, after.result);
  });

  it("reports the leaked namespace gone and the duplicate IP resolved", () => {
    expect(diff.namespaces.removed.map((x) => x.inode)).toContain(leak.inode);
    expect(diff.namespaces.matched.some((p) => p.a.inode === leak.inode)).toBe(false);
    const dup = diff.ips.duplicatesResolved.find((m) => m.ip === DUP);
    expect(dup?.to).toEqual([`netns ${live.name} (${live.inode})`]);
    expect(dup?.from).toEqual(expect.arrayContaining([`netns ${live.name} (${live.inode})`, `netns ${leak.name} (${leak.inode}) (only in A)`]));
    expect(diff.summary).toContain(`IP ${DUP} now in 1 namespace (was 2).`);
    const resolved = diff.findings.resolved.map((f) => f.id);
    expect(resolved).toEqual(expect.arrayContaining([`duplicate-ip:${DUP}`, `netns-without-process:${leak.inode}`]));
  });

  it("matches the live pod by inode and the re-created one by its name", () => {
    expect(diff.namespaces.matched.find((p) => p.a.inode === live.inode)).toMatchObject({ b: { inode: live.inode }, matchedBy: "inode" });
    const web = diff.namespaces.matched.find((p) => p.b.inode === webAfter.inode);
    expect(web?.a.inode).toBe(webBefore.inode);
    expect(web?.matchedBy).toBe(webBefore.inode === webAfter.inode ? "inode" : "name");
    // same name, same address: its eth0 is a new veth (another MAC), its addresses are the same
    const changed = diff.netns.find((d) => d.pair.b.inode === webAfter.inode);
    expect(changed?.areas.find((a) => a.area === "addresses")).toBeUndefined();
    expect(changed?.areas.find((a) => a.area === "interfaces")?.changes.map((c) => [c.kind, c.what])).toEqual([["changed", "eth0"]]);
  });

  it("reports the node's sysctl fix and the chain added in the legacy backend, with lines on both sides", () => {
    const nodeDiff = diff.netns.find((d) => d.pair.a.inode === node.inode)!;
    expect(nodeDiff.pair.b.inode).toBe(node.inode);
    const sysctl = nodeDiff.areas.find((a) => a.area === "sysctls")?.changes.find((c) => c.what === "net.ipv4.ip_forward");
    expect(sysctl).toMatchObject({ kind: "changed", a: { text: "net.ipv4.ip_forward=0" }, b: { text: "net.ipv4.ip_forward=1" } });
    expect(sysctl?.a?.src?.artifact).toMatch(new RegExp(`netns/${node.inode}/sysctl`));
    const chain = nodeDiff.areas.find((a) => a.area === "iptables")?.changes.find((c) => c.what === "legacy iptables filter chain NB-EXTRA");
    expect(chain?.kind).toBe("added");
    expect(chain?.b?.src?.artifact).toMatch(new RegExp(`netns/${node.inode}/iptables-legacy`));
  });
});

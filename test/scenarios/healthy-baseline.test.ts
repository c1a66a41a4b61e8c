// Scenario 6: a healthy node (bridge, two pods with distinct IPs and default routes,
// MASQUERADE for the pod subnet, ip_forward=1, FORWARD accepting the bridge) must produce no
// finding of severity high or critical about its namespaces. The bundle also holds the real
// host and anything else on the machine; those are not this test's to judge.
import { describe, expect, it } from "vitest";
import { Lab, type LabNetns } from "@/collector-script/test/lab";
import { attachPod, collectAndAnalyze, makeNode, startPause, sysctlIn, tempDir, tryInNetns, type ScenarioRun, withLab } from "./lab-extra";
import { findingsOf, summarize } from "./evidence";

const isRoot = process.getuid?.() === 0;
const OCTET = 160 + (process.pid % 20);
const NET = `198.19.${OCTET}`;

describe.skipIf(!isRoot)("scenario 6: healthy baseline", () => {
  const lab = new Lab(`nbs-s6-${process.pid}`);
  let mine: LabNetns[] = [];
  let run: ScenarioRun;

  withLab(lab, async () => {
    const dir = tempDir(lab, "bin");
    const node = makeNode(lab, "node", `${NET}.1/24`, { uplink: `198.18.${OCTET}.2/24` });
    startPause(lab, node.ns, dir, "containerd");
    sysctlIn(lab, node.ns, "net.ipv4.ip_forward", 1);
    const ipt = (...a: string[]) => lab.inNetns(node.ns, ["iptables-nft", ...a]);
    ipt("-t", "nat", "-A", "POSTROUTING", "-s", `${NET}.0/24`, "!", "-o", "cni0", "-j", "MASQUERADE");
    ipt("-A", "FORWARD", "-i", "cni0", "-j", "ACCEPT");
    ipt("-A", "FORWARD", "-o", "cni0", "-j", "ACCEPT");
    const a = lab.namedNetns("poda");
    const b = lab.namedNetns("podb");
    attachPod(lab, node, a, `${NET}.5`);
    attachPod(lab, node, b, `${NET}.6`);
    startPause(lab, a, dir);
    startPause(lab, b, dir);
    // some ordinary traffic between the pods
    tryInNetns(a, ["busybox", "ping", "-c", "2", "-w", "2", `${NET}.6`]);
    mine = [node.ns, a, b];
    run = await collectAndAnalyze(lab);
  });

  it("has no high or critical finding about the node or its pods", () => {
    const inodes = mine.map((n) => n.inode);
    const bad = run.result.findings.filter((f) => (f.severity === "high" || f.severity === "critical") && (f.entities.netns ?? []).some((n) => inodes.includes(n)));
    expect(bad, bad.map((f) => f.title).join("\n")).toEqual([]);
    console.info(`scenario 6: collector ${run.collectorMs} ms, analyzeBundle ${run.analyzeMs} ms; findings about its netns: ${summarize(run.result.findings, inodes)}`);
  });

  it("sees both pods' addresses without calling them duplicates, and no unmasqueraded bridge", () => {
    const ips = run.result.model.netns.filter((v) => mine.some((m) => m.inode === v.inode)).flatMap((v) => v.addresses.map((x) => x.address));
    expect(ips).toEqual(expect.arrayContaining([`${NET}.1`, `${NET}.5`, `${NET}.6`]));
    expect(findingsOf(run.result.findings, "duplicate-ip", mine.map((n) => n.inode))).toEqual([]);
    expect(findingsOf(run.result.findings, "pod-egress-without-masquerade", mine.map((n) => n.inode))).toEqual([]);
  });
});

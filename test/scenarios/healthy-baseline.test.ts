// Scenario 6: a healthy node (bridge, two pods with distinct IPs and default routes,
// MASQUERADE for the pod subnet, ip_forward=1, FORWARD accepting the bridge, and a dozen
// isolated workloads that only talk on their bridge: no default route; 40 more ordinary pods,
// so the node has over 50 netns) must produce no
// finding of severity high or critical about its namespaces. The bundle also holds the real
// host and anything else on the machine; those are not this test's to judge.
import { describe, expect, it } from "vitest";
import { Lab, type LabNetns } from "@/collector-script/test/lab";
import { attachPod, captureWhile, collectAndAnalyze, connectAttempts, makeNode, startListener, startPause, sysctlIn, tempDir, tryInNetns, type ScenarioRun, withLab } from "./lab-extra";
import { findingsOf, summarize, expectEntitiesNameTheirFacts } from "./evidence";

const isRoot = process.getuid?.() === 0;
const OCTET = 160 + (process.pid % 20);
const NET = `198.19.${OCTET}`;
const ISOLATED = 12;
/** Ordinary pods besides a and b: a node with many netns must stay quiet too. */
const MORE_PODS = 40;
const PORT = 8080;

describe.skipIf(!isRoot)("scenario 6: healthy baseline", () => {
  const lab = new Lab(`nbs-s6-${process.pid}`);
  let mine: LabNetns[] = [];
  const isolated: LabNetns[] = [];
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
    // isolated workloads: an address on the bridge, a process, no default route, nothing trying to leave
    for (let i = 0; i < ISOLATED; i++) {
      const iso = lab.namedNetns(`iso${i}`);
      attachPod(lab, node, iso, `${NET}.${20 + i}`, { defaultRoute: false });
      startPause(lab, iso, dir);
      isolated.push(iso);
    }
    tryInNetns(isolated[0]!, ["busybox", "ping", "-c", "1", "-w", "2", `${NET}.5`]);
    const more: LabNetns[] = [];
    for (let i = 0; i < MORE_PODS; i++) {
      const pod = lab.namedNetns(`pod${i}`);
      attachPod(lab, node, pod, `${NET}.${100 + i}`);
      startPause(lab, pod, dir);
      more.push(pod);
    }
    mine = [node.ns, a, b, ...isolated, ...more];
    // ordinary connections under a capture: every one answered
    startListener(lab, b, PORT);
    const capture = await captureWhile(lab, node.ns, node.bridge, `tcp port ${PORT}`, () => connectAttempts(a, `${NET}.6`, PORT, 4));
    run = await collectAndAnalyze(lab, { extra: [capture] });
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
    // the capture of answered connections gives no refused or unanswered endpoint
    const capture = run.result.findings.filter((f) => f.ruleId.startsWith("capture-") && f.entities.ips?.some((ip) => ip.startsWith(`${NET}.`)));
    expect(capture, summarize(capture)).toEqual([]);
    expect(run.result.model.captures.reduce((n, c) => n + c.packets, 0)).toBeGreaterThan(0);
  });

  it("calls an isolated workload's missing default route medium, naming its address, namespace and interface", () => {
    const found = findingsOf(run.result.findings, "missing-default-route", isolated.map((n) => n.inode));
    expect(found).toHaveLength(ISOLATED);
    for (const [i, iso] of isolated.entries()) {
      const f = found.find((x) => x.entities.netns?.[0] === iso.inode);
      expect(f?.severity).toBe("medium");
      expect(f?.entities).toEqual({ ips: [`${NET}.${20 + i}`], netns: [iso.inode], interfaces: ["eth0"] });
      expect(f?.explanation).toContain("may only talk on-link");
    }
  });

  it("names in every finding's entities what its text relies on", () => {
    expectEntitiesNameTheirFacts(run.result.findings, mine.map((n) => n.inode));
  });
});

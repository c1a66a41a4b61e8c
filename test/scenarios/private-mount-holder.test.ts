// Scenario 2 (docs/SCENARIOS.md): a pod netns kept alive only by an nsfs bind mount inside
// the private mount namespace of a long-running process (no process is in the netns, and
// the host's mount table does not show it), carrying an IP a live pod also uses.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { Lab, type LabNetns } from "@/collector-script/test/lab";
import { attachPod, captureWhile, collectAndAnalyze, connectAttempts, hideInPrivateMount, makeNode, startListener, startPause, sysctlIn, tempDir, type ScenarioRun, withLab } from "./lab-extra";
import { expectCites, expectEvidenceResolves, oneFinding, summarize, expectEntitiesNameTheirFacts } from "./evidence";

const isRoot = process.getuid?.() === 0;
const OCTET = 30 + (process.pid % 20);
const NET = `198.19.${OCTET}`;
const DUP = `${NET}.7`;
const PORT = 8080;

describe.skipIf(!isRoot)("scenario 2: netns held only by an nsfs mount in a private mount namespace", () => {
  const lab = new Lab(`nbs-s2-${process.pid}`);
  let live: LabNetns;
  let hidden: LabNetns;
  let holderMntns = 0;
  let nodeInode = 0;
  let run: ScenarioRun;

  withLab(lab, async () => {
    const dir = tempDir(lab, "bin");
    const node = makeNode(lab, "node", `${NET}.1/24`, { uplink: `198.18.${OCTET}.2/24` });
    startPause(lab, node.ns, dir, "dockerd");
    nodeInode = node.ns.inode;
    sysctlIn(lab, node.ns, "net.ipv4.ip_forward", 1);
    live = lab.namedNetns("live");
    attachPod(lab, node, live, DUP);
    startPause(lab, live, dir);
    const old = lab.namedNetns("old");
    attachPod(lab, node, old, DUP);
    hidden = hideInPrivateMount(lab, old);
    holderMntns = fs.statSync(`/proc/${hidden.pid}/ns/mnt`).ino;
    // clients of the live pod, under a capture on the node's bridge: the hidden copy refuses some
    startListener(lab, live, PORT);
    const client = lab.namedNetns("client");
    attachPod(lab, node, client, `${NET}.20`);
    const capture = await captureWhile(lab, node.ns, node.bridge, `arp or tcp port ${PORT}`, () => connectAttempts(client, DUP, PORT, 8));
    run = await collectAndAnalyze(lab, { extra: [capture] });
  });

  it("reports netns-without-process with the mount point, mount namespace and PID", () => {
    const f = oneFinding(run.result.findings, "netns-without-process", [hidden.inode]);
    // it still carries an address: high
    expect(f.severity).toBe("high");
    // toContain, not toEqual: a parallel test that copies /run/netns into its own private
    // mount namespace while our name existed pins this netns too, and is rightly reported
    expect(f.entities.paths).toContain(hidden.mountPoint);
    expect(f.entities.pids).toContain(hidden.pid);
    expect(f.entities.mntns).toContain(holderMntns);
    expect(f.entities.ips).toEqual([DUP]);
    expect(f.entities.netns).toEqual([hidden.inode]);
    expect(f.causes).toEqual([`duplicate-ip:${DUP}`]);
    expect(f.title).toContain(`netns ${hidden.inode} has no processes; it is held by an nsfs mount at`);
    expect(f.explanation).toContain(`an nsfs mount at ${hidden.mountPoint} inside the mount namespace ${holderMntns} of PID ${hidden.pid} (comm sleep)`);
    expect(f.explanation).toContain("visible only inside another process's mount namespace");
    expectEvidenceResolves(run.bundle, f);
    // the nsfs line in that mount namespace's mountinfo, and the address in the netns' ip addr
    expectCites(run.bundle, f, new RegExp(`host/mountinfo/${holderMntns}\\.txt$`), hidden.mountPoint as string, "nsfs");
    expectCites(run.bundle, f, new RegExp(`netns/${hidden.inode}/ip-addr`), DUP);
  });

  it("reports the IP duplicated between the hidden netns and the live pod, critical", () => {
    const f = oneFinding(run.result.findings, "duplicate-ip", [hidden.inode]);
    expect(f.severity).toBe("critical");
    // the address, and the client the capture saw refused by the hidden copy
    expect(f.entities.ips).toEqual([DUP, `${NET}.20`]);
    expect(f.entities.netns).toEqual(expect.arrayContaining([hidden.inode, live.inode]));
    // the holder of the hidden copy: its mount point, the mount namespace it is seen in, the PID that pins it
    expect(f.entities.paths).toContain(hidden.mountPoint);
    expect(f.entities.mntns).toContain(holderMntns);
    expect(f.entities.pids).toContain(hidden.pid);
    expect(f.entities.macs).toHaveLength(2);
    expect(f.causedBy).toEqual([`netns-without-process:${hidden.inode}`]);
    expect(f.explanation).toContain(`nsfs mount ${hidden.mountPoint}`);
    expect(f.explanation).toContain("no process is in this namespace");
    expectCites(run.bundle, f, new RegExp(`netns/${hidden.inode}/ip-addr`), DUP);
    expectCites(run.bundle, f, new RegExp(`netns/${live.inode}/ip-addr`), DUP);
    expectCites(run.bundle, f, new RegExp(`host/mountinfo/${holderMntns}\\.txt$`), hidden.mountPoint as string);
  });

  it("does not report the live pod's netns as process-less", () => {
    const bad = run.result.findings.filter((f) => f.ruleId === "netns-without-process" && f.entities.netns?.includes(live.inode));
    expect(bad, summarize(bad)).toEqual([]);
    console.info(`scenario 2: collector ${run.collectorMs} ms, analyzeBundle ${run.analyzeMs} ms; findings about its netns: ${summarize(run.result.findings, [live.inode, hidden.inode, nodeInode])}`);
  });

  it("ties the refused connections in the capture to the hidden copy, caused by the duplicate IP", () => {
    const refused = oneFinding(run.result.findings, "capture-refused-connections", [hidden.inode]);
    expect(refused.severity).toBe("high");
    expect(refused.entities.services).toEqual([`${DUP}:${PORT}`]);
    expect(refused.entities.ips).toEqual([DUP, `${NET}.20`]);
    expect(refused.causedBy).toEqual([`duplicate-ip:${DUP}`]);
    expect(oneFinding(run.result.findings, "duplicate-ip", [hidden.inode]).causedBy).toEqual([`netns-without-process:${hidden.inode}`]);
  });

  it("names in every finding's entities what its text relies on", () => {
    expectEntitiesNameTheirFacts(run.result.findings, [live.inode, hidden.inode, nodeInode]);
  });
});

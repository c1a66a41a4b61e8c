// Variants the main scenarios do not cover, on one test node made of namespaces:
//  - one IP leaked twice: a live pod and two process-less copies of its address;
//  - a DROP in a native nft ruleset (no iptables at all in that namespace) that matched a
//    pod's pings, with the counter nft keeps.
import { describe, expect, it } from "vitest";
import { Lab, type LabNetns } from "@/collector-script/test/lab";
import { attachPod, collectAndAnalyze, makeNode, startListener, startPause, tempDir, tryInNetns, type ScenarioRun, withLab } from "./lab-extra";
import { expectCites, findingsOf, oneFinding, summarize } from "./evidence";

const isRoot = process.getuid?.() === 0;
const OCTET = 180 + (process.pid % 20);
const NET = `198.19.${OCTET}`;
const DUP = `${NET}.5`;
const PINGER = `${NET}.9`;
const FW_NET = `198.18.${OCTET}`;

describe.skipIf(!isRoot)("scenario variants", () => {
  const lab = new Lab(`nbs-v-${process.pid}`);
  let live: LabNetns;
  let leaks: LabNetns[] = [];
  let fw: LabNetns;
  let pinger: LabNetns;
  let pingerPid = 0;
  let listenerPid = 0;
  let run: ScenarioRun;

  withLab(lab, async () => {
    const dir = tempDir(lab, "bin");
    const node = makeNode(lab, "node", `${NET}.1/24`);
    live = lab.namedNetns("live");
    attachPod(lab, node, live, DUP);
    listenerPid = startListener(lab, live, 8080);
    leaks = [lab.namedNetns("leak1"), lab.namedNetns("leak2")];
    for (const l of leaks) attachPod(lab, node, l, DUP);

    // a firewall namespace filtering with nft alone: it drops pings from one pod
    const fwNode = makeNode(lab, "fw", `${FW_NET}.1/24`, { bridge: "br-fw" });
    fw = fwNode.ns;
    pinger = lab.namedNetns("pinger");
    attachPod(lab, fwNode, pinger, `${FW_NET}.9`);
    pingerPid = startPause(lab, pinger, dir);
    lab.inNetns(fw, ["nft", "add", "table", "inet", "nbsfw"]);
    lab.inNetns(fw, ["nft", "add", "chain", "inet", "nbsfw", "input", "{ type filter hook input priority 0; policy accept; }"]);
    lab.inNetns(fw, ["nft", "add", "rule", "inet", "nbsfw", "input", "ip", "saddr", `${FW_NET}.9`, "icmp", "type", "echo-request", "counter", "drop"]);
    tryInNetns(pinger, ["busybox", "ping", "-c", "3", "-w", "3", `${FW_NET}.1`]);
    run = await collectAndAnalyze(lab);
  });

  it("one IP in three namespaces: one duplicate-IP finding naming all three, each leaked copy its own cause", () => {
    const f = oneFinding(run.result.findings, "duplicate-ip", [live.inode]);
    expect(f.severity).toBe("critical");
    expect(f.title).toBe(`IP ${DUP} is configured in 3 network namespaces`);
    expect([...(f.entities.netns ?? [])].sort()).toEqual([live.inode, ...leaks.map((l) => l.inode)].sort());
    expect(f.entities.paths).toEqual(expect.arrayContaining([live.path, ...leaks.map((l) => l.path)]));
    expect(f.entities.paths).toHaveLength(3);
    expect(f.entities.pids).toEqual([listenerPid]);
    expect([...(f.causedBy ?? [])].sort()).toEqual(leaks.map((l) => `netns-without-process:${l.inode}`).sort());
    for (const l of leaks) {
      const leak = oneFinding(run.result.findings, "netns-without-process", [l.inode]);
      expect(leak.causes).toEqual([`duplicate-ip:${DUP}`]);
      expect(leak.entities).toEqual({ ips: [DUP], netns: [l.inode], paths: [l.path] });
    }
  });

  it("a DROP with hits in a native nft ruleset is a finding of its own, naming the pod whose pings it drops", () => {
    const found = findingsOf(run.result.findings, "drop-rules-hit", [fw.inode]);
    expect(found.map((f) => f.id), summarize(run.result.findings, [fw.inode])).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe("medium");
    expect(f.title).toMatch(new RegExp(`^DROP icmp from ${FW_NET.replace(/\./g, "\\.")}\\.9 in input matched [1-3] packets? in netns .* \\(nft table inet nbsfw\\)$`));
    expect(f.entities).toEqual({ ips: [`${FW_NET}.9`], netns: [fw.inode, pinger.inode], pids: [pingerPid], chains: ["input"] });
    expectCites(run.bundle, f, new RegExp(`netns/${fw.inode}/nft-ruleset\\.txt$`), `ip saddr ${FW_NET}.9`, "counter packets", "drop");
  });
});

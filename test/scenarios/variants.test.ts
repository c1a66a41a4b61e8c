// Variants the main scenarios do not cover, on one test node made of namespaces:
//  - one IP leaked twice: a live pod and two process-less copies of its address, and a CNI
//    log whose DEL failed for the container its ADD gave that address (joined by the IP);
//  - a DROP in a native nft ruleset (no iptables at all in that namespace) that matched a
//    pod's pings, with the counter nft keeps;
//  - a capture on that firewall's bridge while the pod's SYNs to a port the firewall drops
//    go unanswered: a finding per endpoint, naming who holds the address.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Lab, type LabNetns } from "@/collector-script/test/lab";
import { attachPod, captureWhile, collectAndAnalyze, makeNode, startListener, startPause, tempDir, tryInNetns, type ScenarioRun, withLab } from "./lab-extra";
import { expectCites, findingsOf, oneFinding, summarize, expectEntitiesNameTheirFacts } from "./evidence";

const isRoot = process.getuid?.() === 0;
const OCTET = 180 + (process.pid % 20);
const NET = `198.19.${OCTET}`;
const DUP = `${NET}.5`;
const PINGER = `${NET}.9`;
const FW_NET = `198.18.${OCTET}`;
const SILENT_PORT = 9000;
const SANDBOX = "5e4d3c2b1a0f9e8d7c6b5a49382716055e4d3c2b1a0f9e8d7c6b5a4938271605";

describe.skipIf(!isRoot)("scenario variants", () => {
  const lab = new Lab(`nbs-v-${process.pid}`);
  let live: LabNetns;
  let leaks: LabNetns[] = [];
  let fw: LabNetns;
  let pinger: LabNetns;
  let pingerPid = 0;
  let listenerPid = 0;
  let run: ScenarioRun;
  let capture = "";

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
    lab.inNetns(fw, ["nft", "add", "rule", "inet", "nbsfw", "input", "tcp", "dport", String(SILENT_PORT), "counter", "drop"]);
    tryInNetns(pinger, ["busybox", "ping", "-c", "3", "-w", "3", `${FW_NET}.1`]);
    // bounded traffic under a capture: two connection attempts the firewall swallows
    capture = await captureWhile(lab, fw, "br-fw", `tcp port ${SILENT_PORT}`, () => {
      for (let i = 0; i < 2; i++) tryInNetns(pinger, ["busybox", "nc", "-w", "2", `${FW_NET}.1`, String(SILENT_PORT)], 4000);
    });
    const cniLog = path.join(tempDir(lab, "logs"), "mycni.log");
    fs.writeFileSync(cniLog, [
      `2026-11-23T13:05:01.000Z CNI_COMMAND=ADD CNI_CONTAINERID=${SANDBOX} result {"cniVersion":"1.0.0","ips":[{"address":"${DUP}/24"}]}`,
      `2026-11-23T13:09:12.000Z CNI_COMMAND=DEL CNI_CONTAINERID=${SANDBOX} CNI_NETNS=/proc/4242/ns/net error: failed to Statfs "/proc/4242/ns/net": no such file or directory`,
      "",
    ].join("\n"));
    run = await collectAndAnalyze(lab, { extra: [capture, cniLog] });
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
    // the icmp DROP and the silent port's DROP: one finding each
    expect(found.map((f) => f.id), summarize(run.result.findings, [fw.inode])).toHaveLength(2);
    const f = found.find((x) => x.entities.ips?.includes(`${FW_NET}.9`))!;
    expect(f.severity).toBe("medium");
    expect(f.title).toMatch(new RegExp(`^DROP icmp from ${FW_NET.replace(/\./g, "\\.")}\\.9 in input matched [1-3] packets? in netns .* \\(nft table inet nbsfw\\)$`));
    expect(f.entities).toEqual({ ips: [`${FW_NET}.9`], netns: [fw.inode, pinger.inode], pids: [pingerPid], chains: ["input"] });
    expectCites(run.bundle, f, new RegExp(`netns/${fw.inode}/nft-ruleset\\.txt$`), `ip saddr ${FW_NET}.9`, "counter packets", "drop");
  });

  it("SYNs the firewall swallows are a capture finding per endpoint, naming the namespace that holds the address", () => {
    const found = run.result.findings.filter((f) => f.ruleId === "capture-unanswered-syns" && f.entities.services?.includes(`${FW_NET}.1:${SILENT_PORT}`));
    expect(found, summarize(run.result.findings, [fw.inode, pinger.inode])).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe("medium");
    expect(f.title).toMatch(new RegExp(`^2 of 2 connections to ${FW_NET.replace(/\./g, "\\.")}\\.1:${SILENT_PORT} got no answer in the capture$`));
    expect(f.entities).toEqual({ ips: [`${FW_NET}.1`, `${FW_NET}.9`], ports: [SILENT_PORT], services: [`${FW_NET}.1:${SILENT_PORT}`], netns: [fw.inode], interfaces: ["br-fw"] });
    expectCites(run.bundle, f, new RegExp(`netns/${fw.inode}/ip-addr`), `${FW_NET}.1`);
    expect(f.evidence.some((e) => e.artifact.startsWith("pcap/") && e.quote === "summary" && e.excerpt.includes("never answered"))).toBe(true);
  });

  it("joins the CNI DEL failure to the leaked copies through the address its ADD gave the same container", () => {
    const f = oneFinding(run.result.findings, "cni-del-failure");
    expect(f.entities.containers).toEqual([SANDBOX]);
    expect(f.entities.pids).toEqual([4242]);
    // other tests' leftovers may be on this machine: only ours are judged
    const ours = [live.inode, ...leaks.map((l) => l.inode)];
    expect([...(f.entities.netns ?? [])].filter((n) => ours.includes(n)).sort()).toEqual(leaks.map((l) => l.inode).sort());
    expect(f.explanation).toContain(`The plugin's ADD gave the same container ${DUP}, still held by a namespace no process is in`);
    for (const l of leaks) expect(f.causes).toContain(`netns-without-process:${l.inode}`);
  });

  it("names in every finding's entities what its text relies on", () => {
    expectEntitiesNameTheirFacts(run.result.findings, [live.inode, fw.inode, pinger.inode, ...leaks.map((l) => l.inode)], ["cni-del-failure"]);
  });
});

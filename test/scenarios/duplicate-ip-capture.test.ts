// Scenario 1's decisive clue, end to end: a capture on the node's bridge while a client
// connects to a pod IP that a leaked netns also holds. Some SYNs reach the leaked copy, which
// answers at once with RST,ACK. `netbundle pcap` must show that and both MACs; in a bundle
// (the capture given to the real collector with --extra), the anomaly must be on the
// timeline and cited by the duplicate-IP finding with the namespace that sent the RST.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Lab, type LabNetns } from "@/collector-script/test/lab";
import { attachPod, captureWhile, collectAndAnalyze, connectAttempts, makeNode, startListener, type ScenarioRun, withLab } from "./lab-extra";
import { citedText, oneFinding, expectEntitiesNameTheirFacts } from "./evidence";

const isRoot = process.getuid?.() === 0;
const NET = `198.19.${60 + (process.pid % 20)}`;
const DUP = `${NET}.5`;
const PORT = 8080;
const BIN = path.resolve(__dirname, "../../bin/netbundle.mjs");

/** The MAC of dev inside ns (from netlink: /sys would show the root namespace's devices). */
function macOf(lab: Lab, ns: LabNetns, dev: string): string {
  const [link] = JSON.parse(lab.inNetns(ns, ["ip", "-j", "link", "show", dev])) as { address: string }[];
  return link?.address ?? "";
}

describe.skipIf(!isRoot)("duplicate IP seen in a capture", () => {
  const lab = new Lab(`nbs-cap-${process.pid}`);
  let live: LabNetns;
  let leak: LabNetns;
  let capture = "";
  let listenerPid = 0;
  let run: ScenarioRun;

  withLab(lab, async () => {
    const node = makeNode(lab, "node", `${NET}.1/24`, { bridge: "cni0" });
    live = lab.namedNetns("live");
    attachPod(lab, node, live, DUP);
    listenerPid = startListener(lab, live, PORT);
    leak = lab.namedNetns("leak");
    attachPod(lab, node, leak, DUP);
    const client = lab.namedNetns("client");
    attachPod(lab, node, client, `${NET}.9`);

    // Bounded traffic under a capture on the node's bridge.
    capture = await captureWhile(lab, node.ns, node.bridge, "arp or tcp port 8080", () => connectAttempts(client, DUP, PORT, 16));
    if (process.env.NBS_DUMP) fs.copyFileSync(capture, path.join(process.env.NBS_DUMP, "dup-ip.pcap"));
    run = await collectAndAnalyze(lab, { extra: [capture] });
  });

  it("netbundle pcap reports SYN answered by RST,ACK from the IP and both MACs", () => {
    const r = spawnSync(process.execPath, [BIN, "pcap", capture, "--format", "json"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { anomalies: { kind: string; fromIp: string | null; fromMac: string | null }[]; macsByIp: Record<string, string[]> };
    const leakMac = macOf(lab, leak, "eth0");
    const liveMac = macOf(lab, live, "eth0");
    expect(s.macsByIp[DUP]?.map((m) => m.toLowerCase()).sort()).toEqual([leakMac, liveMac].sort());
    const refused = s.anomalies.find((a) => a.kind === "syn-refused" && a.fromIp === DUP);
    expect(refused?.fromMac?.toLowerCase()).toBe(leakMac);
  });

  it("puts the anomaly on the timeline and cites it in the duplicate-IP finding with the RST's namespace", () => {
    const f = oneFinding(run.result.findings, "duplicate-ip", [live.inode, leak.inode]);
    const cited = f.evidence.filter((e) => e.artifact.startsWith("pcap/"));
    expect(cited.length).toBeGreaterThan(0);
    // A capture has no lines: its evidence is the analysis's own words, marked as such for readers.
    expect(cited.every((e) => e.quote === "summary" && e.lineStart === 0)).toBe(true);
    expect(cited.some((e) => /RST/.test(e.excerpt) && e.excerpt.includes(`netns ${leak.inode}`))).toBe(true);
    expect(f.explanation).toMatch(/Capture pcap\//);
    const events = run.result.model.timeline.filter((e) => e.source === "pcap" && e.text.includes(DUP));
    expect(events.some((e) => /RST/.test(e.text))).toBe(true);
  });

  it("names every fact of the duplicate: both copies' netns, MACs, names, the port clients used and who listens", () => {
    const f = oneFinding(run.result.findings, "duplicate-ip", [live.inode, leak.inode]);
    const hostMntns = Number(/\[(\d+)\]/.exec(fs.readlinkSync("/proc/self/ns/mnt"))?.[1]);
    expect({ ...f.entities, macs: [...(f.entities.macs ?? [])].sort(), netns: [...(f.entities.netns ?? [])].sort(), paths: [...(f.entities.paths ?? [])].sort() }).toEqual({
      // the address, and the client whose connections the wrong copy took (from the capture)
      ips: [DUP, `${NET}.9`],
      ports: [PORT],
      macs: [macOf(lab, leak, "eth0"), macOf(lab, live, "eth0")].sort(),
      netns: [live.inode, leak.inode].sort(),
      // the /run/netns names are bind mounts in the host's mount table
      mntns: [hostMntns],
      pids: [listenerPid],
      paths: [live.path, leak.path].sort(),
      interfaces: ["eth0"],
    });
    expect(f.explanation).toContain(`listens on ${PORT}`);
    expect(f.explanation).toContain(`does not listen on ${PORT}`);
    // the leaked copy (no process) is why it exists; the refused connections are what it does
    expect(f.causedBy).toEqual([`netns-without-process:${leak.inode}`]);
    expect(f.causes).toEqual([`capture-refused-connections:${DUP}:${PORT}`]);
  });

  it("makes the refused connections a finding of their own, tied to the copy that sent the RST", () => {
    const [f, ...more] = run.result.findings.filter((x) => x.ruleId === "capture-refused-connections");
    expect(more).toEqual([]);
    const leakMac = macOf(lab, leak, "eth0");
    expect(f?.severity).toBe("high");
    // Which copy got each SYN is ARP's choice: the leaked copy refused some (or all); the live one accepted the rest.
    const answeredByLive = (f?.entities.macs ?? []).includes(macOf(lab, live, "eth0"));
    expect(f?.entities).toEqual({
      ips: [DUP, `${NET}.9`],
      ports: [PORT],
      services: [`${DUP}:${PORT}`],
      macs: answeredByLive ? [leakMac, macOf(lab, live, "eth0")] : [leakMac],
      netns: answeredByLive ? [leak.inode, live.inode] : [leak.inode],
      interfaces: ["eth0"],
    });
    expect(f?.title).toMatch(new RegExp(`^\\d+ of \\d+ connections to ${DUP.replace(/\./g, "\\.")}:${PORT} refused`));
    expect(f?.explanation).toContain(`The RST came from ${leakMac} (eth0 in netns`);
    expect(f?.causedBy).toEqual([`duplicate-ip:${DUP}`]);
    const lines = (f?.evidence ?? []).filter((e) => e.lineStart > 0);
    expect(lines.some((e) => citedText(run.bundle, e).toLowerCase().includes(leakMac))).toBe(true);
    expect(f?.evidence.some((e) => e.artifact.startsWith("pcap/") && e.quote === "summary" && /answered by RST/.test(e.excerpt))).toBe(true);
  });

  it("names in every finding's entities what its text relies on", () => {
    expectEntitiesNameTheirFacts(run.result.findings, [live.inode, leak.inode]);
  });
});

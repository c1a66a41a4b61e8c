// Scenario 3 (docs/SCENARIOS.md): a pod netns leaked by its bind mount into /run/netns (no
// process left in it) still carrying an IP a live pod uses, plus the kubelet and CNI log
// lines of the failed teardown, passed to the collector with --extra.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Lab, type LabNetns } from "@/collector-script/test/lab";
import { attachPod, captureWhile, collectAndAnalyze, connectAttempts, makeNode, startListener, startPause, sysctlIn, tempDir, type ScenarioRun, withLab } from "./lab-extra";
import { expectCites, expectEvidenceResolves, oneFinding, summarize, expectEntitiesNameTheirFacts } from "./evidence";

const isRoot = process.getuid?.() === 0;
const OCTET = 50 + (process.pid % 20);
const NET = `198.19.${OCTET}`;
const DUP = `${NET}.9`;
const PORT = 8080;
const POD_UID = "4e1b2c3d-5f6a-11e9-8c2e-0242ac110002";
const SANDBOX = "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0";

// kubelet 1.13 (klog) and a custom CNI plugin's own log, as in the incident write-up
const KUBELET_LOG = [
  `I1123 13:05:01.100000    4242 kubelet.go:1908] SyncLoop (DELETE, "api"): "web-7d4b9c-x2k4q_default(${POD_UID})"`,
  `I1123 13:05:02.200000    4242 kubelet_pods.go:1073] Killing unwanted pod "web-7d4b9c-x2k4q"`,
  `E1123 13:05:03.400000    4242 cni.go:331] Error deleting default_web-7d4b9c-x2k4q/${SANDBOX} from network mynet/mynet: failed to Statfs "/proc/12345/ns/net": no such file or directory`,
  `I1123 13:05:11.600000    4242 kubelet_pods.go:1000] Orphaned pod "${POD_UID}" found, removing pod cgroups`,
  "",
].join("\n");
const CNI_LOG = [
  // the ADD that gave the pod its address, as a plugin logs its result
  `2026-11-23T13:05:03.350Z ADD ok CNI_CONTAINERID=${SANDBOX.slice(0, 12)} result {"cniVersion":"0.4.0","ips":[{"version":"4","address":"${DUP}/24"}]}`,
  `2026-11-23T13:05:03.390Z CNI_COMMAND=DEL CNI_CONTAINERID=${SANDBOX} CNI_NETNS=/proc/12345/ns/net error: failed to Statfs "/proc/12345/ns/net": no such file or directory`,
  "",
].join("\n");

describe.skipIf(!isRoot)("scenario 3: netns leaked by a bind mount into /run/netns, with kubelet/CNI logs", () => {
  const lab = new Lab(`nbs-s3-${process.pid}`);
  let live: LabNetns;
  let leak: LabNetns;
  let nodeInode = 0;
  let run: ScenarioRun;

  withLab(lab, async () => {
    const dir = tempDir(lab, "bin");
    const logs = tempDir(lab, "logs");
    fs.writeFileSync(path.join(logs, "kubelet.log"), KUBELET_LOG);
    fs.writeFileSync(path.join(logs, "mynet-cni.log"), CNI_LOG);
    const node = makeNode(lab, "node", `${NET}.1/24`, { uplink: `198.18.${OCTET}.2/24` });
    startPause(lab, node.ns, dir, "dockerd");
    sysctlIn(lab, node.ns, "net.ipv4.ip_forward", 1);
    nodeInode = node.ns.inode;
    live = lab.namedNetns("live");
    attachPod(lab, node, live, DUP);
    startPause(lab, live, dir);
    // the leaked one: the name (a bind mount of the nsfs file) is all that holds it
    leak = lab.namedNetns("leak");
    attachPod(lab, node, leak, DUP);
    // the custom plugin logs the bind-mounted path when its own cleanup of it fails
    fs.appendFileSync(path.join(logs, "mynet-cni.log"), `2026-11-23T13:05:03.395Z CNI_COMMAND=DEL cleanup of ${leak.path} failed: device or resource busy\n`);
    // a client of the pod's service, under a capture on the node's bridge
    startListener(lab, live, PORT);
    const client = lab.namedNetns("client");
    attachPod(lab, node, client, `${NET}.20`);
    const capture = await captureWhile(lab, node.ns, node.bridge, `arp or tcp port ${PORT}`, () => connectAttempts(client, DUP, PORT, 8));
    run = await collectAndAnalyze(lab, { extra: [path.join(logs, "kubelet.log"), path.join(logs, "mynet-cni.log"), capture] });
  });

  it("reports netns-without-process held only by its /run/netns name", () => {
    const f = oneFinding(run.result.findings, "netns-without-process", [leak.inode]);
    expect(f.severity).toBe("high");
    expect(f.entities.paths).toEqual([leak.path]);
    expect(f.entities.ips).toEqual([DUP]);
    expect(f.title).toContain(leak.path);
    // the name's timestamp dates the leak
    expect(f.title).toContain(`held by its name ${leak.path} (a bind mount, created 20`);
    // it is in the host's mount namespace: not the "only visible elsewhere" case of scenario 2
    expect(f.explanation).not.toContain("visible only inside another process's mount namespace");
    expectEvidenceResolves(run.bundle, f);
    expectCites(run.bundle, f, /host\/mountinfo\/\d+\.txt$/, leak.path, "nsfs");
    expectCites(run.bundle, f, new RegExp(`netns/${leak.inode}/ip-addr`), DUP);
    // linked to the failed teardown: the line naming its path first, then the CNI DEL errors, with their times
    expect(f.explanation).toContain("The logs name it in a failed pod teardown: ");
    expect(f.explanation).toMatch(/name it in a failed pod teardown: logs\/files\/.*mynet-cni\.log:3 at 2026-11-23T13:05:03\.395/);
    expect(f.explanation).toMatch(/Other pod teardowns that failed.*mynet-cni\.log:2 at 2026-11-23T13:05:03\.390/);
    expectCites(run.bundle, f, /logs\/files\/.*mynet-cni\.log$/, `cleanup of ${leak.path} failed`);
    expectCites(run.bundle, f, /logs\/files\/.*mynet-cni\.log$/, "CNI_COMMAND=DEL", 'failed to Statfs "/proc/12345/ns/net"');
    expectCites(run.bundle, f, /logs\/files\/.*kubelet\.log$/, "Error deleting default_web-7d4b9c-x2k4q");
  });

  it("reports the duplicate IP against the live pod, critical", () => {
    const f = oneFinding(run.result.findings, "duplicate-ip", [leak.inode]);
    expect(f.severity).toBe("critical");
    expect(f.entities.netns).toEqual(expect.arrayContaining([leak.inode, live.inode]));
    expect(f.explanation).toContain(`name ${leak.path}`);
    expectCites(run.bundle, f, new RegExp(`netns/${leak.inode}/ip-addr`), DUP);
    expectCites(run.bundle, f, new RegExp(`netns/${live.inode}/ip-addr`), DUP);
  });

  it("reports the CNI DEL failure with the Statfs lines of both logs", () => {
    const f = oneFinding(run.result.findings, "cni-del-failure");
    expect(f.severity).toBe("high");
    expect(f.entities.pids).toEqual([12345]);
    expect(f.entities.containers).toEqual([SANDBOX]);
    // joined to the namespace it left behind (the collector sees other tests' namespaces too: only ours are judged)
    const ours = [live.inode, leak.inode, nodeInode];
    expect(f.entities.netns?.filter((n) => ours.includes(n))).toEqual([leak.inode]);
    expect(f.entities.ips).toContain(DUP);
    expect(f.entities.paths).toEqual(expect.arrayContaining(["/proc/12345/ns/net", leak.path]));
    expect(f.causes).toContain(`netns-without-process:${leak.inode}`);
    // kubelet's "Error deleting NAMESPACE_NAME/SANDBOX" names the pod
    expect(f.explanation).toContain("The pod whose teardown failed: default/web-7d4b9c-x2k4q.");
    // the plugin's own DEL line names the leaked path: the strongest join
    expect(f.explanation).toContain(`The lines name a namespace no process is in: netns ${leak.name} (${leak.inode}) (held by ${leak.path}, still carrying ${DUP})`);
    // the story from the symptom down: duplicate IP ← leaked netns ← CNI DEL failure
    const dup = oneFinding(run.result.findings, "duplicate-ip", [leak.inode]);
    expect(dup.causedBy).toEqual([`netns-without-process:${leak.inode}`]);
    expect(oneFinding(run.result.findings, "netns-without-process", [leak.inode]).causedBy?.[0]).toBe("cni-del-failure");
    expectEvidenceResolves(run.bundle, f);
    expectCites(run.bundle, f, /logs\/files\/.*mynet-cni\.log$/, 'failed to Statfs "/proc/12345/ns/net": no such file or directory', "CNI_COMMAND=DEL");
    expectCites(run.bundle, f, /logs\/files\/.*kubelet\.log$/, 'failed to Statfs "/proc/12345/ns/net"');
    // on the timeline: the finding carries the first failure's time
    expect(f.ts).toMatch(/^2026-11-23T13:05:03/);
  });

  it("reports kubelet's orphaned/unwanted pod lines", () => {
    const f = oneFinding(run.result.findings, "kubelet-orphaned-pod");
    expect(f.severity).toBe("medium");
    expectCites(run.bundle, f, /logs\/files\/.*kubelet\.log$/, `Orphaned pod "${POD_UID}" found, removing pod cgroups`);
    expectCites(run.bundle, f, /logs\/files\/.*kubelet\.log$/, 'Killing unwanted pod "web-7d4b9c-x2k4q"');
    console.info(
      `scenario 3: collector ${run.collectorMs} ms, analyzeBundle ${run.analyzeMs} ms; findings about its netns: ${summarize(run.result.findings, [live.inode, leak.inode, nodeInode])}; ` +
        `log rules: ${summarize(run.result.findings.filter((x) => !x.entities.netns))}`,
    );
  });

  it("tells the whole story from the capture: refused connections ← duplicate IP ← leaked netns ← CNI DEL failure", () => {
    const refused = oneFinding(run.result.findings, "capture-refused-connections", [leak.inode]);
    expect(refused.entities.services).toEqual([`${DUP}:${PORT}`]);
    expect(refused.causedBy).toEqual([`duplicate-ip:${DUP}`]);
    const dup = oneFinding(run.result.findings, "duplicate-ip", [leak.inode]);
    expect(dup.causes).toEqual([refused.id]);
    expect(dup.entities.ports).toEqual([PORT]);
    const chain = [refused.id, `duplicate-ip:${DUP}`, `netns-without-process:${leak.inode}`, "cni-del-failure"];
    const byId = new Map(run.result.findings.map((f) => [f.id, f]));
    for (let i = 0; i + 1 < chain.length; i++) expect(byId.get(chain[i]!)?.causedBy?.[0], chain[i]).toBe(chain[i + 1]);
  });

  it("names in every finding's entities what its text relies on", () => {
    expectEntitiesNameTheirFacts(run.result.findings, [live.inode, leak.inode, nodeInode], ["cni-del-failure", "kubelet-orphaned-pod"]);
  });
});

/**
 * Builds the demo bundle (e2e/fixtures/demo-bundle.tar.gz, see demo/README.md): scenarios 1
 * and 3 together on one test "node" — a live pod, a leaked netns held by an orphaned
 * containerd-shim with the same IP, a /run/netns bind-mount leak with another duplicated IP,
 * the kubelet/CNI DEL log lines, and a capture on the bridge while a client pod connects to
 * the web pod's port (the leaked copy answers some SYNs with RST,ACK: the first incident's
 * "1 in N connections refused") — collected by the real collector with a short --since.
 *
 *   npx tsx test/scenarios/make-demo-bundle.ts e2e/fixtures/demo-bundle.tar.gz
 *
 * Needs root; everything it creates is removed before it exits.
 */
import fs from "node:fs";
import path from "node:path";
import { Lab } from "@/collector-script/test/lab";
import { attachPod, captureWhile, collectAndAnalyze, makeNode, startListener, startOrphanShim, startPause, sysctlIn, tempDir, tryInNetns } from "./lab-extra";

const NET = "198.19.200";
const POD_UID = "4e1b2c3d-5f6a-11e9-8c2e-0242ac110002";
const PORT = 8080;

async function main(out: string): Promise<void> {
  const lab = new Lab(`nbs-demo-${process.pid}`);
  try {
    const dir = tempDir(lab, "bin");
    const logs = tempDir(lab, "logs");
    fs.writeFileSync(
      path.join(logs, "kubelet.log"),
      [
        `I1123 13:05:02.200000    4242 kubelet_pods.go:1073] Killing unwanted pod "web-7d4b9c-x2k4q"`,
        `E1123 13:05:03.400000    4242 cni.go:331] Error deleting default_web-7d4b9c-x2k4q from network mynet/mynet: failed to Statfs "/proc/12345/ns/net": no such file or directory`,
        `I1123 13:05:11.600000    4242 kubelet_pods.go:1000] Orphaned pod "${POD_UID}" found, removing pod cgroups`,
        "",
      ].join("\n"),
    );
    const node = makeNode(lab, "node", `${NET}.1/24`, { bridge: "docker0", uplink: "198.18.200.2/24" });
    startPause(lab, node.ns, dir, "dockerd");
    sysctlIn(lab, node.ns, "net.ipv4.ip_forward", 1);
    const pods = new Map<string, ReturnType<Lab["namedNetns"]>>();
    for (const [name, ip] of [["web", `${NET}.5`], ["api", `${NET}.9`]] as const) {
      const pod = lab.namedNetns(name);
      attachPod(lab, node, pod, ip);
      startPause(lab, pod, dir);
      pods.set(name, pod);
    }
    startListener(lab, pods.get("web")!, PORT);
    // scenario 1: the old owner of .5, kept alive by an orphaned shim
    const old = lab.namedNetns("old-web");
    attachPod(lab, node, old, `${NET}.5`);
    startOrphanShim(lab, old, dir);
    // scenario 3: the old owner of .9, kept alive by its /run/netns bind mount
    const leaked = lab.namedNetns("leaked-api");
    attachPod(lab, node, leaked, `${NET}.9`);
    const client = lab.namedNetns("client");
    attachPod(lab, node, client, `${NET}.20`);
    startPause(lab, client, dir);
    // the client's connections to web:8080 under a capture on the bridge. Both copies answer
    // ARP and here the leaked one always answers first, so like the incident's ARP churn the
    // client's neighbour cache holds the live copy's MAC for three attempts in four and learns
    // the address anew (from the leaked copy, which refuses) on the fourth
    const webMac = (JSON.parse(lab.inNetns(pods.get("web")!, ["ip", "-j", "link", "show", "eth0"])) as { address: string }[])[0]!.address;
    const capture = await captureWhile(lab, node.ns, node.bridge, `arp or tcp port ${PORT}`, () => {
      for (let i = 0; i < 16; i++) {
        if (i % 4 === 3) tryInNetns(client, ["ip", "neigh", "flush", "dev", "eth0"], 2000);
        else tryInNetns(client, ["ip", "neigh", "replace", `${NET}.5`, "lladdr", webMac, "dev", "eth0", "nud", "reachable"], 2000);
        tryInNetns(client, ["busybox", "nc", "-w", "1", `${NET}.5`, String(PORT)], 3000);
      }
    });
    const run = await collectAndAnalyze(lab, { extra: [path.join(logs, "kubelet.log"), capture] });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.copyFileSync(run.bundlePath, out);
    console.log(`${out}: ${fs.statSync(out).size} bytes; findings: ${run.result.findings.map((f) => `${f.ruleId}(${f.severity})`).join(", ")}`);
  } finally {
    const failed = lab.cleanup();
    if (failed.length) console.error(`cleanup problems: ${failed.join("; ")}`);
  }
}

await main(process.argv[2] ?? "e2e/fixtures/demo-bundle.tar.gz");

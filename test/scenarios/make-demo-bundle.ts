/**
 * Builds the demo bundle (e2e/fixtures/demo-bundle.tar.gz, see demo/README.md): scenarios 1
 * and 3 together on one test "node" — a live pod, a leaked netns held by an orphaned
 * containerd-shim with the same IP, a /run/netns bind-mount leak with another duplicated IP,
 * and the kubelet/CNI DEL log lines — collected by the real collector with a short --since.
 *
 *   npx tsx test/scenarios/make-demo-bundle.ts e2e/fixtures/demo-bundle.tar.gz
 *
 * Needs root; everything it creates is removed before it exits.
 */
import fs from "node:fs";
import path from "node:path";
import { Lab } from "@/collector-script/test/lab";
import { attachPod, collectAndAnalyze, makeNode, startOrphanShim, startPause, sysctlIn, tempDir } from "./lab-extra";

const NET = "198.19.200";
const POD_UID = "4e1b2c3d-5f6a-11e9-8c2e-0242ac110002";

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
    for (const [name, ip] of [["web", `${NET}.5`], ["api", `${NET}.9`]] as const) {
      const pod = lab.namedNetns(name);
      attachPod(lab, node, pod, ip);
      startPause(lab, pod, dir);
    }
    // scenario 1: the old owner of .5, kept alive by an orphaned shim
    const old = lab.namedNetns("old-web");
    attachPod(lab, node, old, `${NET}.5`);
    startOrphanShim(lab, old, dir);
    // scenario 3: the old owner of .9, kept alive by its /run/netns bind mount
    const leaked = lab.namedNetns("leaked-api");
    attachPod(lab, node, leaked, `${NET}.9`);
    const run = await collectAndAnalyze(lab, { extra: [path.join(logs, "kubelet.log")] });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.copyFileSync(run.bundlePath, out);
    console.log(`${out}: ${fs.statSync(out).size} bytes; findings: ${run.result.findings.map((f) => `${f.ruleId}(${f.severity})`).join(", ")}`);
  } finally {
    const failed = lab.cleanup();
    if (failed.length) console.error(`cleanup problems: ${failed.join("; ")}`);
  }
}

await main(process.argv[2] ?? "e2e/fixtures/demo-bundle.tar.gz");

// Scenario 5 (docs/SCENARIOS.md): kube-proxy broken by mixed iptables backends. In a test
// netns acting as the node, "kubelet" writes KUBE-MARK-DROP and a jump to it with
// iptables-legacy; "kube-proxy" writes its service chains with iptables-nft, where
// KUBE-MARK-DROP does not exist, and its log (passed with --extra) shows iptables-restore
// failing on it. The kernel refuses an nft rule jumping to a missing chain (checked below),
// so, as on the real node, the failed batch is absent and the evidence is the log line.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { Lab, type LabNetns } from "@/collector-script/test/lab";
import { captureWhile, collectAndAnalyze, makeNode, startConnect, startPause, sysctlIn, tempDir, type ScenarioRun, withLab } from "./lab-extra";
import { expectCites, expectEvidenceResolves, oneFinding, summarize, expectEntitiesNameTheirFacts } from "./evidence";

const isRoot = process.getuid?.() === 0;
const OCTET = 130 + (process.pid % 20);
const NET = `198.19.${OCTET}`;
const VIP = `198.18.${OCTET}.200`;

// kube-proxy 1.13 in IPVS mode on CentOS 8 (klog; the restore error spans several lines)
const KUBE_PROXY_LOG = [
  "I1123 13:06:00.000000       1 server_others.go:189] Using ipvs Proxier.",
  "E1123 13:06:01.123456       1 proxier.go:1418] Failed to execute iptables-restore: exit status 2 (iptables-restore v1.8.4 (nf_tables): Couldn't load target `KUBE-MARK-DROP':No such file or directory",
  "",
  "Error occurred at line: 41",
  "Try `iptables-restore -h' or 'iptables-restore --help' for more information.",
  ")",
  "E1123 13:06:31.123456       1 proxier.go:1418] Failed to execute iptables-restore: exit status 2 (iptables-restore v1.8.4 (nf_tables): Couldn't load target `KUBE-MARK-DROP':No such file or directory",
  "",
].join("\n");

describe.skipIf(!isRoot)("scenario 5: kube-proxy broken by mixed iptables backends", () => {
  const lab = new Lab(`nbs-s5-${process.pid}`);
  let node: LabNetns;
  let nftRefused = "";
  let clientPid = 0;
  let kubeletPid = 0;
  let kubeProxyPid = 0;
  let run: ScenarioRun;

  withLab(lab, async () => {
    const dir = tempDir(lab, "bin");
    const logs = tempDir(lab, "logs");
    fs.writeFileSync(path.join(logs, "kube-proxy.log"), KUBE_PROXY_LOG);
    const n = makeNode(lab, "node", `${NET}.1/24`, { uplink: `198.18.${OCTET}.2/24` });
    node = n.ns;
    kubeletPid = startPause(lab, node, dir, "kubelet");
    kubeProxyPid = startPause(lab, node, dir, "kube-proxy");
    sysctlIn(lab, node, "net.ipv4.ip_forward", 1);
    // kubelet, legacy backend
    const legacy = (...a: string[]) => lab.inNetns(node, ["iptables-legacy", ...a]);
    legacy("-t", "nat", "-N", "KUBE-MARK-DROP");
    legacy("-t", "nat", "-A", "KUBE-MARK-DROP", "-j", "MARK", "--set-xmark", "0x8000/0x8000");
    legacy("-t", "nat", "-A", "PREROUTING", "-s", `${NET}.99/32`, "-j", "KUBE-MARK-DROP");
    legacy("-t", "nat", "-A", "POSTROUTING", "-s", `${NET}.0/24`, "!", "-o", "cni0", "-j", "MASQUERADE");
    // kube-proxy, nf_tables backend: its chains, without KUBE-MARK-DROP
    const nft = (...a: string[]) => lab.inNetns(node, ["iptables-nft", ...a]);
    nft("-t", "nat", "-N", "KUBE-SERVICES");
    nft("-t", "nat", "-A", "PREROUTING", "-m", "comment", "--comment", "kubernetes service portals", "-j", "KUBE-SERVICES");
    nft("-t", "nat", "-N", "KUBE-MARK-MASQ");
    nft("-t", "nat", "-A", "KUBE-MARK-MASQ", "-j", "MARK", "--set-xmark", "0x4000/0x4000");
    nft("-t", "nat", "-A", "KUBE-SERVICES", "-d", `${VIP}/32`, "-p", "tcp", "--dport", "443", "-j", "KUBE-MARK-MASQ");
    // what kube-proxy's batch tried: refused by the kernel, so it leaves no rule behind
    const r = spawnSync("nsenter", [`--net=${node.path}`, "--", "iptables-nft", "-t", "nat", "-A", "KUBE-SERVICES", "-j", "KUBE-MARK-DROP"], { encoding: "utf8" });
    nftRefused = r.status === 0 ? "" : r.stderr;
    // a client on the node connects to the service: with no translation its SYNs go out to the
    // VIP itself and nobody answers (a fixed neighbour entry sends them to eth0peer, in this
    // same netns, which discards frames for another MAC: nothing leaves the test netns),
    // captured on the way out
    lab.inNetns(node, ["ip", "neigh", "replace", VIP, "lladdr", "02:00:5e:00:53:c8", "dev", "eth0", "nud", "permanent"]);
    const capture = await captureWhile(lab, node, "eth0", "tcp port 443", () => {
      clientPid = startConnect(lab, node, VIP, 443);
    });
    run = await collectAndAnalyze(lab, { extra: [path.join(logs, "kube-proxy.log"), capture] });
  });

  it("the nf_tables backend refuses a jump to the missing chain (why the dump cannot show it)", () => {
    expect(nftRefused).toMatch(/KUBE-MARK-DROP/);
  });

  it("reports mixed-iptables-backends citing a rule of each backend", () => {
    const f = oneFinding(run.result.findings, "mixed-iptables-backends", [node.inode]);
    expect(f.severity).toBe("high");
    expect(f.entities.paths).toEqual([`netns/${node.inode}/iptables-legacy-save.txt`, `netns/${node.inode}/iptables-nft-save.txt`]);
    // who writes which backend: the chains by their owners' conventions, the running writers by where their chains are
    expect([...(f.entities.pids ?? [])].sort((a, b) => a - b)).toEqual([kubeletPid, kubeProxyPid].sort((a, b) => a - b));
    expect(f.explanation).toContain("Chains in legacy: KUBE-MARK-DROP (kubelet); in nf_tables: KUBE-MARK-MASQ (kubelet or kube-proxy), KUBE-SERVICES (kube-proxy)");
    expect(f.explanation).toContain(`kubelet (PID ${kubeletPid}), whose chains are in legacy`);
    expect(f.explanation).toContain(`kube-proxy (PID ${kubeProxyPid}), whose chains are in nf_tables`);
    expectEvidenceResolves(run.bundle, f);
    expectCites(run.bundle, f, new RegExp(`netns/${node.inode}/iptables-legacy-save\\.txt$`), "-A ");
    expectCites(run.bundle, f, new RegExp(`netns/${node.inode}/iptables-nft-save\\.txt$`), "-A ");
  });

  it("reports missing-jump-target: KUBE-MARK-DROP missing in nf_tables but present in legacy", () => {
    const f = oneFinding(run.result.findings, "missing-jump-target", [node.inode]);
    expect(f.severity).toBe("high");
    expect(f.title).toBe("Rules jump to KUBE-MARK-DROP, which is missing in the iptables-nft nat table but present in iptables-legacy");
    expect(f.entities.chains).toContain("KUBE-MARK-DROP");
    expectEvidenceResolves(run.bundle, f);
    expectCites(run.bundle, f, /logs\/files\/.*kube-proxy\.log$/, "Couldn't load target `KUBE-MARK-DROP'");
    expectCites(run.bundle, f, new RegExp(`netns/${node.inode}/iptables-legacy-save\\.txt$`), ":KUBE-MARK-DROP");
    expect(f.ts).toMatch(/^2026-11-23T13:06:01|^\d{4}-11-23T13:06:01/);
  });

  it("reports kube-proxy-restore-failure with the failing log lines, the missing chain, the services it programs and its cause", () => {
    const f = oneFinding(run.result.findings, "kube-proxy-restore-failure");
    expect(f.severity).toBe("high");
    const log = f.evidence[0]?.artifact ?? "";
    expect(log).toMatch(/^logs\/files\/.*kube-proxy\.log$/);
    expect(f.entities).toEqual({
      ips: [VIP],
      ports: [443],
      services: [`${VIP}:443`],
      netns: [node.inode],
      pids: [kubeProxyPid],
      paths: [log],
      chains: ["KUBE-MARK-DROP", "KUBE-MARK-MASQ"],
    });
    expect(f.explanation).toContain(`kube-proxy runs as PID ${kubeProxyPid}.`);
    expect(f.explanation).toContain("The chain its batch needs and cannot find: KUBE-MARK-DROP.");
    expect(f.explanation).toContain(`${VIP}:443 (KUBE-MARK-MASQ, nf_tables)`);
    expect(f.causedBy).toEqual([`mixed-iptables-backends:${node.inode}:4`, `missing-jump-target:${node.inode}:4:nf_tables:nat:KUBE-MARK-DROP`]);
    expect([...(f.causes ?? [])].sort()).toEqual([`capture-unanswered-syns:${VIP}:443`, `service-connect-stuck:${VIP}:443`]);
    const lines = run.bundle.read(f.evidence[0]?.artifact.replace(/^netbundle-[^/]+\//, "") ?? "").split("\n");
    const cited = f.evidence.map((e) => lines[e.lineStart - 1] ?? "");
    expect(cited.filter((l) => l.includes("Failed to execute iptables-restore")).length).toBe(2);
    console.info(`scenario 5: collector ${run.collectorMs} ms, analyzeBundle ${run.analyzeMs} ms; findings about its netns: ${summarize(run.result.findings, [node.inode])}`);
  });

  it("reports the node's connection to the service VIP stuck in SYN-SENT, caused by the failing kube-proxy", () => {
    const f = oneFinding(run.result.findings, "service-connect-stuck", [node.inode]);
    expect(f.severity).toBe("high");
    // the VIP and the node's own address the stuck socket is bound to
    expect(f.entities).toEqual({ ips: [VIP, `198.18.${OCTET}.2`], ports: [443], services: [`${VIP}:443`], netns: [node.inode], pids: [clientPid], chains: ["KUBE-SERVICES", "KUBE-MARK-MASQ"] });
    expect(f.causedBy).toEqual(["kube-proxy-restore-failure"]);
    expectCites(run.bundle, f, new RegExp(`netns/${node.inode}/iptables-nft-save\\.txt$`), `-d ${VIP}/32`, "--dport 443");
    expectCites(run.bundle, f, new RegExp(`netns/${node.inode}/ss-tcp\\.txt$`), "SYN-SENT", `${VIP}:443`);
  });

  it("the capture shows the node's SYNs to the VIP going out untranslated and unanswered, caused by the failing kube-proxy", () => {
    const f = oneFinding(run.result.findings, "capture-unanswered-syns", [node.inode]);
    expect(f.severity).toBe("high");
    expect(f.title).toBe(`1 of 1 connections to ${VIP}:443 got no answer in the capture`);
    expect(f.entities).toEqual({ ips: [VIP, `198.18.${OCTET}.2`], ports: [443], services: [`${VIP}:443`], netns: [node.inode], chains: ["KUBE-SERVICES", "KUBE-MARK-MASQ"] });
    expect(f.causedBy).toEqual(["kube-proxy-restore-failure"]);
    expect(f.explanation).toContain(`${VIP}:443 is a service address kube-proxy programs (KUBE-MARK-MASQ in the nf_tables backend)`);
    expectCites(run.bundle, f, new RegExp(`netns/${node.inode}/iptables-nft-save\\.txt$`), `-d ${VIP}/32`, "--dport 443");
    // the socket's finding and the capture's tell one story: related through the service
    expect(oneFinding(run.result.findings, "service-connect-stuck", [node.inode]).related).toContain(f.id);
  });

  it("names in every finding's entities what its text relies on", () => {
    expectEntitiesNameTheirFacts(run.result.findings, [node.inode], ["kube-proxy-restore-failure"]);
  });
});

// Log-driven rules on a real `journalctl -o short-iso-precise` capture (Debian 12, systemd
// 252) with an interrupted docker stop and a kube-proxy iptables-restore failure in
// iptables 1.8.x wording ("Chain 'KUBE-MARK-DROP' does not exist"), through the real
// streaming journal parser and the rule set's signal patterns.
import { describe, expect, it } from "vitest";
import { runRules } from "@/lib/rules";
import { fixtureLines, fixtureText, modelFromFixtures, type FixtureArtifact } from "@/test/support/model-from-fixtures";

const JOURNAL: FixtureArtifact = { fixture: "parsers:journal--nbp-gen-short-iso-precise.txt", kind: "journal", path: "logs/journal/docker.txt" };
const NS = 4026532003;
const AKS: FixtureArtifact = { fixture: "parsers:iptables-save--aks-kube-proxy.txt", kind: "iptables-save", path: `netns/${NS}/iptables-legacy-save.txt`, netns: NS, backend: "legacy" };
const NFT: FixtureArtifact = { fixture: "parsers:iptables-save--nbp-gen-nft.txt", kind: "iptables-save", path: `netns/${NS}/iptables-nft-save.txt`, netns: NS, backend: "nf_tables" };

const findings = runRules(modelFromFixtures([JOURNAL, AKS, NFT])).findings;
const one = (ruleId: string) => {
  const hits = findings.filter((f) => f.ruleId === ruleId);
  expect(hits, ruleId).toHaveLength(1);
  return hits[0]!;
};
const cites = (ruleId: string, line: number) => one(ruleId).evidence.some((e) => e.artifact === JOURNAL.path && e.lineStart === line);

describe("log-driven rules on a real journal", () => {
  it("runtime-stop-incomplete: 'Stopping Docker' with no 'Stopped' after it", () => {
    const f = one("runtime-stop-incomplete");
    expect(f.severity).toBe("high");
    expect(f.title).toBe("docker stop at 2026-11-23T13:11:30.929249Z never completed");
    expect(cites("runtime-stop-incomplete", 13)).toBe(true);
    expect(fixtureLines(JOURNAL.fixture, 13)).toContain("Stopping Docker Application Container Engine...");
  });

  it("runtime-abnormal-exit: the stop timed out and systemd killed docker", () => {
    const f = one("runtime-abnormal-exit");
    expect(f.severity).toBe("high");
    expect(cites("runtime-abnormal-exit", 14)).toBe(true);
    expect(fixtureLines(JOURNAL.fixture, 14)).toContain("docker.service: State 'stop-sigterm' timed out. Killing.");
  });

  it("kube-proxy-restore-failure: the multi-line restore error, with the missing chain and the services of the AKS dump", () => {
    const f = one("kube-proxy-restore-failure");
    expect(f.severity).toBe("high");
    // the services, read from the dump's text here: "-A KUBE-SERVICES -d VIP/32 ... --dport P ... -j TARGET"
    const services: { service: string; proto: string; ip: string; port: number; target: string }[] = [];
    for (const l of fixtureText(AKS.fixture).split("\n")) {
      const m = /^(?:\[\d+:\d+\] )?-A KUBE-SERVICES -d (\S+?)(?:\/32)? -p (\w+) .*--dport (\d+) .*-j (\S+)/.exec(l);
      if (!m) continue;
      // a service per address, port and protocol; kube-proxy writes KUBE-MARK-MASQ, then the service's own KUBE-SVC chain
      const seen = services.find((x) => x.service === `${m[1]}:${m[3]}` && x.proto === m[2]);
      if (seen) seen.target = m[4]!.startsWith("KUBE-SVC-") ? m[4]! : seen.target;
      else services.push({ service: `${m[1]}:${m[3]}`, proto: m[2]!, ip: m[1]!, port: Number(m[3]), target: m[4]! });
    }
    services.splice(20);
    expect(services.length).toBeGreaterThan(5);
    expect(f.entities).toEqual({
      ips: [...new Set(services.map((x) => x.ip))],
      ports: [...new Set(services.map((x) => x.port))],
      services: [...new Set(services.map((x) => x.service))],
      netns: [NS],
      paths: [JOURNAL.path],
      chains: ["KUBE-MARK-DROP", ...new Set(services.map((x) => x.target))],
    });
    expect(cites("kube-proxy-restore-failure", 4)).toBe(true);
    expect(fixtureLines(JOURNAL.fixture, 4)).toContain('"Failed to execute iptables-restore"');
    // one journal entry, one evidence item, even though two signals matched it
    expect(f.evidence.filter((e) => e.artifact === JOURNAL.path)).toHaveLength(1);
    expect(f.causedBy).toEqual([`mixed-iptables-backends:${NS}:4`, `missing-jump-target:${NS}:4:nf_tables:nat:KUBE-MARK-DROP`]);
  });

  it("missing-jump-target from the log: KUBE-MARK-DROP missing in nf_tables, present in legacy", () => {
    const f = one("missing-jump-target");
    expect(f.title).toBe("Rules jump to KUBE-MARK-DROP, which is missing in the iptables-nft nat table but present in iptables-legacy");
    expect(f.entities.netns).toEqual([NS]);
    expect(cites("missing-jump-target", 4)).toBe(true);
    const chainEv = f.evidence.find((e) => e.artifact === AKS.path);
    expect(fixtureLines(AKS.fixture, chainEv?.lineStart ?? 0)).toBe(":KUBE-MARK-DROP - [0:0]");
  });

  it("log evidence is marked as a quoted log record; the dump's chain line is not", () => {
    for (const id of ["runtime-stop-incomplete", "runtime-abnormal-exit", "kube-proxy-restore-failure", "missing-jump-target"]) {
      const logEv = one(id).evidence.filter((e) => e.artifact === JOURNAL.path);
      expect(logEv.length, id).toBeGreaterThan(0);
      for (const e of logEv) expect(e, id).toMatchObject({ quote: "log-record", lineEnd: e.lineStart });
    }
    expect(one("missing-jump-target").evidence.find((e) => e.artifact === AKS.path)?.quote).toBeUndefined();
  });

  it("nothing from the log alone when only one backend has rules", () => {
    const alone = runRules(modelFromFixtures([JOURNAL, AKS])).findings.filter((f) => f.ruleId === "missing-jump-target");
    expect(alone).toEqual([]);
  });

  it("kube-proxy-restore-failure in IPVS mode names the IPVS virtual services (kubernetes' own ipvsadm -ln example)", () => {
    const IPVS: FixtureArtifact = { fixture: "parsers:ipvsadm--k8s-kubedns.txt", kind: "ipvsadm", path: "host/ipvsadm.txt" };
    const [f, ...rest] = runRules(modelFromFixtures([JOURNAL, IPVS])).findings.filter((x) => x.ruleId === "kube-proxy-restore-failure");
    expect(rest).toEqual([]);
    // TCP 10.0.0.1:443, TCP 10.0.0.10:53 and UDP 10.0.0.10:53: two addresses, two ports, two VIP:port strings
    expect(f?.entities).toEqual({ ips: ["10.0.0.1", "10.0.0.10"], ports: [443, 53], services: ["10.0.0.1:443", "10.0.0.10:53"], paths: [JOURNAL.path], chains: ["KUBE-MARK-DROP"] });
    expect(f?.explanation).toContain("10.0.0.10:53 (IPVS, ipvs)");
    const ipvsLines = f?.evidence.filter((e) => e.artifact === IPVS.path).map((e) => fixtureLines(IPVS.fixture, e.lineStart)) ?? [];
    expect(ipvsLines[0]).toContain("TCP  10.0.0.1:443 rr persistent 10800");
  });

  it("kube-proxy-restore-failure names the netns of a per-netns IPVS table (IPVS is per netns: a node's netns, swarm's ingress)", () => {
    const NS = 4026532555;
    const IPVS: FixtureArtifact = { fixture: "parsers:ipvsadm--k8s-kubedns.txt", kind: "ipvsadm", path: `netns/${NS}/ipvsadm.txt`, netns: NS };
    const [f] = runRules(modelFromFixtures([JOURNAL, IPVS])).findings.filter((x) => x.ruleId === "kube-proxy-restore-failure");
    expect(f?.entities.netns).toEqual([NS]);
    expect(f?.entities.services).toEqual(["10.0.0.1:443", "10.0.0.10:53"]);
  });

  it("kube-proxy-restore-failure names the services missing from the backend the node's iptables uses", () => {
    // the AKS dump is the legacy backend here; the node's iptables is nf_tables, whose dump has no KUBE-SERVICES
    const [f] = runRules(modelFromFixtures([JOURNAL, AKS, NFT], { iptablesMode: "nf_tables" })).findings.filter((x) => x.ruleId === "kube-proxy-restore-failure");
    expect(f?.explanation).toMatch(/Missing from the backend the node's iptables uses \(nf_tables\)[^:]*: 10\.0\.164\.41:81 \(KUBE-SVC-/);
    const [legacyNode] = runRules(modelFromFixtures([JOURNAL, AKS, NFT], { iptablesMode: "legacy" })).findings.filter((x) => x.ruleId === "kube-proxy-restore-failure");
    expect(legacyNode?.explanation).not.toContain("Missing from the backend");
    const mixed = runRules(modelFromFixtures([AKS, NFT], { iptablesMode: "nf_tables" })).findings.find((x) => x.ruleId === "mixed-iptables-backends");
    expect(mixed?.explanation).toContain("The node's `iptables` binary uses nf_tables (iptables -V)");
  });
});

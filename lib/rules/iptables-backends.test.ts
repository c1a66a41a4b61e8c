// mixed-iptables-backends, missing-jump-target and drop-rules-hit on real iptables-save
// dumps (the AKS kube-proxy node, RHEL 6 legacy, a Debian 12 nft netns) through the real
// parser and buildModel. The live reproduction of scenario 5 is test/scenarios/mixed-iptables-backends.test.ts.
import { describe, expect, it } from "vitest";
import { runRules } from "@/lib/rules";
import { fixtureLines, modelFromFixtures, type FixtureArtifact } from "@/test/support/model-from-fixtures";

const NS = 4026532002;
const dump = (fixture: FixtureArtifact["fixture"], backend: "legacy" | "nf_tables"): FixtureArtifact => ({
  fixture,
  kind: "iptables-save",
  path: `netns/${NS}/iptables-${backend === "legacy" ? "legacy" : "nft"}-save.txt`,
  netns: NS,
  backend,
});
const AKS = dump("parsers:iptables-save--aks-kube-proxy.txt", "legacy");
const NFT = dump("parsers:iptables-save--nbp-gen-nft.txt", "nf_tables");
const RHEL6 = dump("parsers:iptables-save--rhel6-legacy.txt", "legacy");
const of = (arts: FixtureArtifact[], ruleId: string) => runRules(modelFromFixtures(arts)).findings.filter((f) => f.ruleId === ruleId);

describe("iptables backend rules on real dumps", () => {
  it("mixed-iptables-backends: legacy kube-proxy rules beside an nft ruleset, citing one rule of each", () => {
    const [f, ...rest] = of([AKS, NFT], "mixed-iptables-backends");
    expect(rest).toEqual([]);
    expect(f?.severity).toBe("high");
    expect(f?.entities.paths).toEqual([AKS.path, NFT.path]);
    // counts equal the dumps' -A lines: 270 in the AKS dump, 4 in the nft one
    expect(f?.explanation).toContain("iptables-legacy holds 270 rules (100 KUBE-* chains) and iptables-nft holds 4 rules (0 KUBE-* chains)");
    const legacyEv = f?.evidence.find((e) => e.artifact === AKS.path);
    const nftEv = f?.evidence.find((e) => e.artifact === NFT.path);
    expect(fixtureLines(AKS.fixture, legacyEv?.lineStart ?? 0)).toMatch(/^-A /);
    expect(fixtureLines(NFT.fixture, nftEv?.lineStart ?? 0)).toMatch(/-A /);
  });

  it("mixed-iptables-backends: one backend alone is not mixed", () => {
    expect(of([AKS], "mixed-iptables-backends")).toEqual([]);
    expect(of([NFT], "mixed-iptables-backends")).toEqual([]);
  });

  it("missing-jump-target: no false positive on complete real dumps (every -j/-g target exists)", () => {
    expect(of([AKS], "missing-jump-target")).toEqual([]);
    expect(of([RHEL6], "missing-jump-target")).toEqual([]);
    // the goto (-g NBP-CHAIN) is resolved too
    expect(of([NFT], "missing-jump-target")).toEqual([]);
  });

  it("missing-jump-target: without a restore-failure log, KUBE-MARK-DROP only in legacy is not reported", () => {
    // the nft side simply has no kube rules: absence alone is no dangling jump
    expect(of([AKS, NFT], "missing-jump-target")).toEqual([]);
  });

  it("drop-rules-hit: the AKS dump's DROP rules have no counters, so nothing is claimed", () => {
    expect(of([AKS], "drop-rules-hit")).toEqual([]);
  });
});

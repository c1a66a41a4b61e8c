// tcp-tw-recycle-nat on models built from a real CentOS 7 `sysctl -a` (the option was
// removed in Linux 4.12, so no live reproduction here) and the real AKS iptables-save dump.
import { describe, expect, it } from "vitest";
import { runRules } from "@/lib/rules";
import { fixtureLines, modelFromFixtures, type FixtureArtifact } from "@/test/support/model-from-fixtures";

const NS = 4026532001;
const sysctl = (fixture: FixtureArtifact["fixture"]): FixtureArtifact => ({ fixture, kind: "sysctl", path: `netns/${NS}/sysctl-net.txt`, netns: NS });
const AKS: FixtureArtifact = { fixture: "parsers:iptables-save--aks-kube-proxy.txt", kind: "iptables-save", path: `netns/${NS}/iptables-legacy-save.txt`, netns: NS, backend: "legacy" };

const twFindings = (arts: FixtureArtifact[]) => runRules(modelFromFixtures(arts)).findings.filter((f) => f.ruleId === "tcp-tw-recycle-nat");

describe("tcp-tw-recycle-nat", () => {
  it("is high with NAT rules present, citing the sysctl line and a NAT rule", () => {
    const [f, ...rest] = twFindings([sysctl("rules:sysctl--centos7-tw-recycle-on.txt"), AKS]);
    expect(rest).toEqual([]);
    expect(f?.severity).toBe("high");
    expect(f?.title).toContain("with NAT rules present");
    expect(f?.entities.netns).toEqual([NS]);
    const sys = f?.evidence.find((e) => e.artifact.endsWith("sysctl-net.txt"));
    expect(sys).toMatchObject({ lineStart: 545, lineEnd: 545 });
    expect(fixtureLines("rules:sysctl--centos7-tw-recycle-on.txt", 545)).toBe("net.ipv4.tcp_tw_recycle = 1");
    const nat = f?.evidence.filter((e) => e.artifact.endsWith("iptables-legacy-save.txt")) ?? [];
    expect(nat.length).toBeGreaterThan(0);
    for (const e of nat) expect(fixtureLines(AKS.fixture, e.lineStart, e.lineEnd)).toMatch(/-j (MASQUERADE|SNAT|DNAT)\b/);
  });

  it("is medium without NAT rules", () => {
    const [f] = twFindings([sysctl("rules:sysctl--centos7-tw-recycle-on.txt")]);
    expect(f?.severity).toBe("medium");
    expect(f?.title).not.toContain("NAT");
  });

  it("says nothing for the unmodified CentOS 7 values (tcp_tw_recycle = 0)", () => {
    expect(twFindings([sysctl("parsers:sysctl--centos7.txt"), AKS])).toEqual([]);
  });
});

// reject-listening-port on real iptables-save dumps with user chains (an OpenStack neutron
// qrouter netns, an AKS node's kube-proxy filter table) through the real parser and
// buildModel, beside a real ss dump (listeners on 198.18.0.1:8080 and *:8443). The dumps come
// without an ss from their own hosts, so the listeners on their ports are added to the model
// in memory. The live reproduction is test/scenarios/host-config-sweep.test.ts.
import { describe, expect, it } from "vitest";
import { runRules } from "@/lib/rules";
import { fixtureLines, modelFromFixtures, type FixtureArtifact } from "@/test/support/model-from-fixtures";
import { chainsReachableFrom } from "@/lib/rules/iptables-facts";
import type { NodeModel, Socket } from "@/lib/model/types";

const NS = 4026532002;
const dump = (name: string): FixtureArtifact => ({ fixture: `parsers:iptables-save--${name}.txt`, kind: "iptables-save", path: `netns/${NS}/iptables-legacy-save.txt`, netns: NS, backend: "legacy" });
const QROUTER = dump("hotsos-qrouter");
const AKS = dump("aks-filter-only");
const SS: FixtureArtifact = { fixture: "parsers:ss--nbp-gen-tanpie.txt", kind: "ss", path: `netns/${NS}/ss-tcp.txt`, netns: NS };

function withListeners(art: FixtureArtifact, locals: string[], addresses: string[] = []): NodeModel {
  const model = modelFromFixtures([art, SS]);
  const view = model.netns.find((v) => v.inode === NS)!;
  view.sockets.push(
    ...locals.map((local, i): Socket => ({ proto: "tcp", state: "LISTEN", local, peer: "0.0.0.0:*", localPort: Number(local.split(":").pop()), processes: [{ comm: "haproxy", pid: 4000 + i }] })),
  );
  view.addresses.push(...addresses.map((address) => ({ family: 4 as const, address, prefixLen: 24, ifname: "eth0" })));
  return model;
}
const findings = (m: NodeModel) => runRules(m).findings.filter((f) => f.ruleId === "reject-listening-port");

describe("reject-listening-port follows jumps from INPUT", () => {
  it("chainsReachableFrom: INPUT reaches its user chain, not the chains only FORWARD/OUTPUT jump to", () => {
    const rs = modelFromFixtures([QROUTER]).netns.find((v) => v.inode === NS)!.iptables[0]!;
    const reach = chainsReachableFrom(rs, "filter", "INPUT");
    expect([...reach.keys()]).toEqual(["INPUT", "neutron-l3-agent-INPUT"]);
    expect(reach.get("neutron-l3-agent-INPUT")?.map((r) => r.text)).toEqual(["-A INPUT -j neutron-l3-agent-INPUT"]);
    expect([...chainsReachableFrom(rs, "filter", "FORWARD").keys()]).toEqual(["FORWARD", "neutron-filter-top", "neutron-l3-agent-FORWARD", "neutron-l3-agent-local", "neutron-l3-agent-scope"]);
  });

  it("chainsReachableFrom: a jump cycle (hand-made; the kernel refuses loops) ends, -g counts as a jump", () => {
    const chain = (name: string) => ({ table: "filter", name, policy: name === "INPUT" ? "ACCEPT" : null });
    const rule = (c: string, target: string, goto = false) => ({ table: "filter", chain: c, text: `-A ${c} -${goto ? "g" : "j"} ${target}`, matches: [], target, goto });
    const rs = { family: 4 as const, backend: "legacy" as const, artifact: "x", chains: ["INPUT", "A", "B"].map(chain), rules: [rule("INPUT", "A"), rule("A", "B", true), rule("B", "A")] };
    const reach = chainsReachableFrom(rs, "filter", "INPUT");
    expect([...reach.keys()]).toEqual(["INPUT", "A", "B"]);
    expect(reach.get("B")?.map((r) => r.text)).toEqual(["-A INPUT -j A", "-A A -g B"]);
  });

  it("neutron qrouter: the DROP of 9697 in neutron-l3-agent-INPUT, with the path and the jump as evidence", () => {
    const [f, ...rest] = findings(withListeners(QROUTER, ["0.0.0.0:9697"]));
    expect(rest).toEqual([]);
    expect(f?.severity).toBe("high");
    expect(f?.title).toContain("DROP on TCP port 9697 where haproxy (PID 4000) listens");
    expect(f?.entities.chains).toEqual(["INPUT", "neutron-l3-agent-INPUT"]);
    expect(f?.explanation).toContain("reached INPUT -> neutron-l3-agent-INPUT through `-A INPUT -j neutron-l3-agent-INPUT`");
    const cited = f!.evidence.map((e) => fixtureLines(QROUTER.fixture, e.lineStart, e.lineEnd));
    expect(cited).toEqual(["-A neutron-l3-agent-INPUT -p tcp -m tcp --dport 9697 -j DROP", "-A INPUT -j neutron-l3-agent-INPUT"]);
  });

  it("neutron qrouter: no finding for a port only chains under FORWARD drop, or without a listener", () => {
    expect(findings(withListeners(QROUTER, ["0.0.0.0:9698"]))).toEqual([]);
  });

  it("AKS: kube-proxy's REJECT of a nodeport without endpoints is reported through KUBE-EXTERNAL-SERVICES", () => {
    const [f, ...rest] = findings(withListeners(AKS, ["*:30080"]));
    expect(rest).toEqual([]);
    expect(f?.entities.chains).toEqual(["INPUT", "KUBE-EXTERNAL-SERVICES"]);
    const cited = f!.evidence.map((e) => fixtureLines(AKS.fixture, e.lineStart, e.lineEnd));
    expect(cited[0]).toContain("--dport 30080 -j REJECT");
    expect(cited[1]).toMatch(/^-A INPUT .* -j KUBE-EXTERNAL-SERVICES$/);
  });

  it("AKS: a REJECT for a cluster IP (-d) is not reported against a listener on another address", () => {
    // the ss dump's own listener on 198.18.0.1:8080
    expect(findings(withListeners(AKS, []))).toEqual([]);
    expect(findings(withListeners(AKS, ["0.0.0.0:8080"], ["198.18.0.1"]))).toEqual([]);
    // the cluster IP bound locally (IPVS puts service IPs on kube-ipvs0): then it does reach the listener
    expect(findings(withListeners(AKS, ["0.0.0.0:8080"], ["198.18.0.1", "10.0.153.59"]))).toHaveLength(1);
  });
});

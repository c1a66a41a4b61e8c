// The matching behind "which REJECT answered this SYN": iptables' option semantics on rule
// lines as iptables-save writes them, and the namespaces behind an interface. The live
// reproduction (a routed client refused by REJECTs in FORWARD, captured) is
// test/scenarios/host-config-sweep.test.ts.
import { describe, expect, it } from "vitest";
import type { IptablesRule, IptablesRuleset, NetnsView } from "@/lib/model/types";
import { netnsBehind, portInSpec, rejectsOnPath, ruleCanMatchTcp } from "@/lib/rules/reject-facts";

const rule = (text: string): IptablesRule => {
  const chain = /^-A (\S+)/.exec(text)![1]!;
  const target = /-[jg] (\S+)/.exec(text)?.[1];
  return { table: "filter", chain, text, matches: [], target, goto: / -g /.test(text) };
};

function view(inode: number, over: Partial<NetnsView>): NetnsView {
  return { inode, interfaces: [], addresses: [], routes: [], rules: [], neighbours: [], sockets: [], iptables: [], nft: null, sysctls: {}, conntrackCount: null, effectiveConf: {}, collected: [], ...over };
}

describe("portInSpec", () => {
  it("single ports, ranges (open-ended too) and multiport lists", () => {
    expect(portInSpec(80, "80")).toBe(true);
    expect(portInSpec(81, "80")).toBe(false);
    expect(portInSpec(8050, "8000:8100")).toBe(true);
    expect(portInSpec(8101, "8000:8100")).toBe(false);
    expect(portInSpec(40000, "1024:")).toBe(true);
    expect(portInSpec(80, ":1023")).toBe(true);
    expect(portInSpec(9050, "80,443,9000:9100")).toBe(true);
    expect(portInSpec(8080, "80,443,9000:9100")).toBe(false);
  });
});

describe("ruleCanMatchTcp", () => {
  const t = { ip: "198.18.5.5", port: 8080, clients: ["198.18.9.2"], outInterface: "cni0" };
  it("protocol, destination, source and output interface rule a rule out; negations do not", () => {
    expect(ruleCanMatchTcp(rule("-A FORWARD -p udp --dport 8080 -j REJECT"), t)).toBe(false);
    expect(ruleCanMatchTcp(rule("-A FORWARD -p tcp -m tcp --dport 8080 -j REJECT"), t)).toBe(true);
    expect(ruleCanMatchTcp(rule("-A FORWARD -d 198.18.5.0/24 -p tcp -j REJECT"), t)).toBe(true);
    expect(ruleCanMatchTcp(rule("-A FORWARD -d 198.18.6.0/24 -p tcp -j REJECT"), t)).toBe(false);
    expect(ruleCanMatchTcp(rule("-A FORWARD -s 198.18.8.0/24 -p tcp -j REJECT"), t)).toBe(false);
    expect(ruleCanMatchTcp(rule("-A FORWARD ! -s 198.18.8.0/24 -p tcp -j REJECT"), t)).toBe(true);
    expect(ruleCanMatchTcp(rule("-A FORWARD -o docker0 -p tcp -j REJECT"), t)).toBe(false);
    expect(ruleCanMatchTcp(rule("-A FORWARD -o cni+ -p tcp -j REJECT"), t)).toBe(true);
    expect(ruleCanMatchTcp(rule("-A FORWARD -p tcp -m multiport --dports 80,8000:9000 -j REJECT"), t)).toBe(true);
    expect(ruleCanMatchTcp(rule("-A FORWARD -p tcp -m multiport --dports 80,443 -j REJECT"), t)).toBe(false);
  });
});

describe("rejectsOnPath", () => {
  const rs = (rules: string[]): IptablesRuleset => ({
    family: 4,
    backend: "nf_tables",
    artifact: "x",
    chains: ["INPUT", "FORWARD", "OUTPUT", "FW"].map((name) => ({ table: "filter", name, policy: name === "FW" ? null : "ACCEPT" })),
    rules: rules.map(rule),
  });
  it("FORWARD's chains for an address held elsewhere, INPUT's for one the namespace holds, every jump on the way able to match", () => {
    const ruleset = rs([
      "-A INPUT -p tcp --dport 8080 -j REJECT --reject-with tcp-reset",
      "-A FORWARD -p tcp -j FW",
      "-A FORWARD -p udp -j FW",
      "-A FW -p tcp --dport 8080 -j REJECT --reject-with tcp-reset",
      "-A OUTPUT -p tcp --dport 8080 -j REJECT",
    ]);
    const router = view(1, { iptables: [ruleset], addresses: [{ family: 4, address: "198.18.9.1", prefixLen: 24, ifname: "eth0" }] });
    const forwarded = rejectsOnPath(router, { ip: "198.18.5.5", port: 8080 });
    expect(forwarded.map((r) => [r.hook, r.rule.chain, r.jumps.map((j) => j.text)])).toEqual([["FORWARD", "FW", ["-A FORWARD -p tcp -j FW"]]]);
    const local = rejectsOnPath(router, { ip: "198.18.9.1", port: 8080 });
    expect(local.map((r) => [r.hook, r.rule.chain])).toEqual([["INPUT", "INPUT"]]);
    expect(rejectsOnPath(router, { ip: "198.18.5.5", port: 8081 })).toEqual([]);
  });
});

describe("netnsBehind", () => {
  it("a veth's peer, and the peers of the veths enslaved to a bridge", () => {
    const node = view(1, {
      interfaces: [
        { ifindex: 2, name: "cni0", mac: null, state: "UP", flags: [], linkKind: "bridge" },
        { ifindex: 3, name: "vethA", mac: null, state: "UP", flags: [], master: "cni0", peer: { netns: 10, ifname: "eth0", ifindex: 2 } },
        { ifindex: 4, name: "vethB", mac: null, state: "UP", flags: [], master: "cni0", peer: { netns: 11, ifname: "eth0", ifindex: 2 } },
        { ifindex: 5, name: "cali1", mac: null, state: "UP", flags: [], peer: { netns: 12, ifname: "eth0", ifindex: 2 } },
      ],
    });
    expect(netnsBehind(node, "cni0")).toEqual([{ netns: 10, via: "cni0" }, { netns: 11, via: "cni0" }]);
    expect(netnsBehind(node, "cali+")).toEqual([{ netns: 12, via: "cali1" }]);
    expect(netnsBehind(node, "docker0")).toEqual([]);
    // everything: the bridge's ports count as behind the bridge, not as ways out of their own
    expect(netnsBehind(node, "+")).toEqual([{ netns: 10, via: "cni0" }, { netns: 11, via: "cni0" }, { netns: 12, via: "cali1" }]);
  });
});

// Content sniffing on the real outputs of lib/parsers/fixtures: each recognisable kind is
// recognised, nothing else is taken for one, and copied configuration is left alone.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, loadFixture } from "@/test/support/golden";
import { sniffablePath, sniffKind } from "./sniff-kind";

const SNIFFED = ["iptables-save", "ip6tables-save", "nft-ruleset", "ip-addr", "ip-addr-json", "ip-link", "ip-link-json", "ss", "netstat", "ps", "mountinfo", "sysctl", "journal", "journal-json", "journal-export", "log"];
/** Real outputs that are not recognisable, and why. */
const NOT_RECOGNISED: Record<string, string> = {
  "journal--nbp-gen-no-journal": "journalctl's 'No journal files were found.' is not data",
  "log--doc-mixed-formats": "a hand-written sampler of a dozen log formats: no one line shape",
  "sysctl--debian12-dotted-iface": "a grep of sysctl -a (a dozen keys) looks like any key = value file",
};
/** Real outputs read as an equivalent kind. */
const READ_AS: Record<string, string> = {
  "journal--nbp-gen-short-newyork": "log", // journalctl's short form is syslog's line shape
  "journal-json--nbp-gen": "journal-json",
  "journal-export--nbp-gen": "journal-export",
};
const fixtures = fs.readdirSync(FIXTURES_DIR).filter((f) => f.endsWith(".txt")).map((f) => f.slice(0, -4)).sort();
const kindOf = (name: string) => name.split("--")[0] ?? "";

describe("sniffKind on real outputs", () => {
  const mine = fixtures.filter((n) => SNIFFED.includes(kindOf(n)) && !n.includes("--edge-") && !(n in NOT_RECOGNISED));
  it.each(mine)("%s", (name) => {
    const want = READ_AS[name] ?? kindOf(name);
    expect(sniffKind(loadFixture(name))).toBe(want);
  });

  it("takes no other fixture (routes, rules, uname, units, CNI configs, logs of other kinds) for one of them", () => {
    const others = fixtures.filter((n) => !SNIFFED.includes(kindOf(n)));
    expect(others.length).toBeGreaterThan(30);
    const taken = others.map((n) => [n, sniffKind(loadFixture(n))]).filter(([, k]) => k !== null && !(["dmesg"].includes(kindOf(String(k)))));
    // dmesg -T lines and kernel logs share a shape with syslog files: read as log, which they are
    expect(taken.filter(([n, k]) => !(kindOf(String(n)) === "dmesg" && k === "log"))).toEqual([]);
  });

  it("leaves the not-recognisable ones and damaged text alone", () => {
    for (const n of Object.keys(NOT_RECOGNISED)) expect(sniffKind(loadFixture(n)), n).toBeNull();
    expect(sniffKind("")).toBeNull();
    expect(sniffKind("\u0000\u0001binary")).toBeNull();
    expect(sniffKind("net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 1\nkernel.pid_max = 4194304\n")).toBeNull(); // a sysctl.conf
  });

  it("does not take an nft config file for the live ruleset", () => {
    const ruleset = "table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t}\n}\n";
    expect(sniffKind(ruleset)).toBe("nft-ruleset");
    expect(sniffKind(`#!/usr/sbin/nft -f\n\nflush ruleset\n\n${ruleset}`)).toBeNull();
  });

  it("tells ip6tables-save without its header by IPv6 rules", () => {
    const v6 = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 2001:db8::/32 -j DROP\nCOMMIT\n";
    expect(sniffKind(v6)).toBe("ip6tables-save");
    expect(sniffKind(v6.replace("2001:db8::/32", "198.18.0.0/15"))).toBe("iptables-save");
  });

  it("sniffs command outputs wherever they sit, never copied configuration", () => {
    expect(["outputs/iptables.txt", "node1/ps", "must-gather/nodes/n1/kubelet.log", "sos_commands/process/ps_axo_x", "proc/1/mountinfo"].every(sniffablePath)).toBe(true);
    expect(["etc/sysconfig/iptables", "etc/nftables.conf", "node/etc/sysctl.d/99.conf", "usr/lib/sysctl.d/50-default.conf", "sys/class/net/eth0/mtu", "proc/sys/net/ipv4/ip_forward", "x/manifest.json", "lib/systemd/system/docker.service"].some(sniffablePath)).toBe(false);
  });
});

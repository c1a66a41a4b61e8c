import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser, type IptablesSaveRecord } from "./iptables-save";
import { parser as parser6 } from "./ip6tables-save";
import { toIptablesRuleset } from "@/lib/model/from-parsers/iptables";

runGoldenTests(parser, "iptables-save");
runGoldenTests(parser6, "ip6tables-save");

const ctx = { path: "netns/1/iptables-save.txt" };
const rules = (rs: IptablesSaveRecord[]) => rs.filter((r) => r.type === "rule");

describe("iptables-save: key facts", () => {
  it("AKS kube-proxy dump: 270 -A rules, KUBE-MARK-DROP chain, 40 KUBE-SVC chains", () => {
    const res = parseFixture(parser, "iptables-save--aks-kube-proxy");
    expect(rules(res.records)).toHaveLength(270);
    const chains = res.records.flatMap((r) => (r.type === "chain" ? [r.chain] : []));
    expect(chains).toContain("KUBE-MARK-DROP");
    expect(new Set(chains.filter((c) => c.startsWith("KUBE-SVC-"))).size).toBe(40);
    expect(res.unparsed).toEqual([]);
    expect(res.warnings).toEqual([]);
  });

  it("nf_tables header, legacy notice, -c counters, goto and negation", () => {
    const res = parseFixture(parser, "iptables-save--nbp-gen-nft");
    expect(res.records[0]).toMatchObject({ type: "header", version: "1.8.9", backend: "nf_tables" });
    // iptables 1.8.9 prints the legacy notice on stderr: seen only when stderr was merged.
    expect(res.records.some((r) => r.type === "notice")).toBe(false);
    const merged = parseFixture(parser, "iptables-save--nbp-gen-nft-stderr-merged");
    expect(merged.records[0]).toMatchObject({ type: "notice", line: 1 });
    const fwd = rules(res.records).find((r) => r.chain === "FORWARD");
    expect(fwd).toMatchObject({ target: "NBP-CHAIN", goto: true, packets: 0, bytes: 0, line: 8 });
    const ssh = rules(res.records).find((r) => r.chain === "INPUT");
    expect(ssh?.type === "rule" && ssh.matches.find((m) => m.option === "-i")).toEqual({ option: "-i", value: "lo", negated: true });
    const comment = ssh?.type === "rule" ? ssh.matches.find((m) => m.value === "comment") : undefined;
    expect(comment?.args).toEqual([{ name: "--comment", value: "nbp ssh", negated: false }]);
    const masq = rules(res.records).find((r) => r.chain === "POSTROUTING");
    expect(masq).toMatchObject({ target: "MASQUERADE", targetArgs: "--random-fully" });
  });

  it("v1.4.7 header means legacy; policy and chain counters", () => {
    const res = parseFixture(parser, "iptables-save--rhel6-legacy");
    expect(res.records[0]).toMatchObject({ type: "header", backend: "legacy" });
    expect(res.records).toContainEqual({ type: "chain", line: 5, table: "filter", chain: "OUTPUT", policy: "ACCEPT", packets: 769, bytes: 196899 });
    expect(res.records).toContainEqual(expect.objectContaining({ type: "chain", chain: "REJECT-LOG", policy: null }));
  });

  it("maps to the model with the manifest backend winning over the header", () => {
    const res = parseFixture(parser, "iptables-save--nbp-gen-legacy");
    const rs = toIptablesRuleset(res.records, { family: 4, artifact: "netns/1/iptables-legacy-save.txt" });
    expect(rs.backend).toBe("unknown"); // 1.8.9 legacy-save prints no flavour
    expect(toIptablesRuleset(res.records, { family: 4, artifact: "a", backend: "legacy" }).backend).toBe("legacy");
    expect(rs.chains.find((c) => c.name === "FORWARD")?.policy).toBe("DROP");
    expect(rs.rules[0]).toMatchObject({
      chain: "INPUT",
      target: "REJECT",
      targetArgs: "--reject-with icmp-port-unreachable",
      matches: ["-p udp", "-m udp --dport 53"],
      src: { artifact: "netns/1/iptables-legacy-save.txt", lineStart: 6, lineEnd: 6 },
    });
  });
});

describe("iptables-save: edge cases", () => {
  it("empty, command not found, permission denied", () => {
    expect(parser.parse("", ctx).notData?.reason).toBe("empty");
    expect(parser.parse("sh: 1: iptables-save: not found\n", ctx).notData?.reason).toBe("command-not-found");
    expect(parser.parse("iptables-save v1.8.7 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n", ctx).notData?.reason).toBe("permission-denied");
  });

  it("CRLF, truncated last line and missing COMMIT", () => {
    const res = parser.parse("*filter\r\n:INPUT DROP [1:2]\r\n-A INPUT -m comment --comment \"cut her", ctx);
    expect(res.records[1]).toMatchObject({ type: "chain", chain: "INPUT", policy: "DROP" });
    expect(res.records[2]).toMatchObject({ type: "rule", line: 3 });
    expect(res.warnings.map((w) => w.message)).toContain("table filter has no COMMIT (output truncated?)");
  });

  it("legacy-tables notice without '#' and nothing else is a notice, not an error", () => {
    const alone = parser6.parse("Warning: ip6tables-legacy tables present, use ip6tables-legacy-save to see them\n", ctx);
    expect(alone.notData).toBeUndefined();
    expect(alone.records).toEqual([{ type: "notice", line: 1, text: "Warning: ip6tables-legacy tables present, use ip6tables-legacy-save to see them" }]);
  });

  it("old bang placement and unknown lines", () => {
    const res = parser.parse("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i ! lo -m state ! --state NEW -j DROP\nnonsense\nCOMMIT\n", ctx);
    const r = res.records[2];
    expect(r?.type === "rule" && r.matches).toEqual([
      { option: "-i", value: "lo", negated: true },
      { option: "-m", value: "state", negated: false, args: [{ name: "--state", value: "NEW", negated: true }] },
    ]);
    expect(res.unparsed).toEqual([{ line: 4, text: "nonsense" }]);
  });
});

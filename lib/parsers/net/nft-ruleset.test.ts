import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser } from "./nft-ruleset";
import { parser as jsonParser } from "./nft-ruleset-json";
import { toNftRuleset } from "@/lib/model/from-parsers/nft";

runGoldenTests(parser, "nft-ruleset");
runGoldenTests(jsonParser, "nft-ruleset-json");

const ctx = { path: "netns/1/nft-ruleset.txt" };

describe("nft list ruleset (text)", () => {
  it("tables, base chains, rules with lines, sets and maps recorded", () => {
    const res = parseFixture(parser, "nft-ruleset--nbp-gen");
    expect(res.unparsed).toEqual([]);
    expect(res.warnings).toEqual([]);
    expect(res.records.filter((r) => r.type === "table").map((r) => `${r.family} ${r.name}`)).toEqual(["ip filter", "ip nat", "ip6 filter", "inet nbp_filter"]);
    expect(res.records.find((r) => r.type === "chain" && r.name === "POSTROUTING")).toMatchObject({ hookType: "nat", hook: "postrouting", priority: "srcnat", policy: "accept" });
    expect(res.records.find((r) => r.type === "chain" && r.name === "forward_nbp")).toMatchObject({ policy: "drop", hook: "forward" });
    expect(res.records.filter((r) => r.type === "object").map((r) => r.type === "object" && `${r.objectType} ${r.name} ${r.lineStart}-${r.lineEnd}`)).toEqual(["set blocked 29-32", "map portmap 34-36"]);
    const goto = res.records.find((r) => r.type === "rule" && r.chain === "FORWARD");
    expect(goto).toMatchObject({ verdict: "goto NBP-CHAIN", packets: 0, bytes: 0, lineStart: 13 });
    expect(res.records.find((r) => r.type === "rule" && r.text.startsWith("tcp dport { 80, 443 }"))).toMatchObject({ verdict: "accept" });
  });

  it("Docker nftables backend: vmaps, dnat, comments, priority names", () => {
    const res = parseFixture(parser, "nft-ruleset--moby-docker-ip");
    expect(res.unparsed).toEqual([]);
    expect(res.records.filter((r) => r.type === "object")).toHaveLength(4);
    expect(res.records.find((r) => r.type === "rule" && r.chain === "nat-prerouting-and-output")).toMatchObject({ verdict: "dnat to 192.168.0.2:80", comment: "DNAT" });
    expect(res.records.find((r) => r.type === "chain" && r.name === "raw-PREROUTING")).toMatchObject({ priority: "raw" });
    const empty = toNftRuleset(res.records, "a").tables[0]?.chains.find((c) => c.name === "nat-postrouting-in__br-dummy");
    expect(empty).toEqual({ name: "nat-postrouting-in__br-dummy", rules: [] });
  });

  it("space-indented copy with anonymous sets and IPv6 ranges", () => {
    const res = parseFixture(parser, "nft-ruleset--owent-mwan");
    expect(res.unparsed).toEqual([]);
    expect(res.records.filter((r) => r.type === "rule")).toHaveLength(19);
    expect(res.records.find((r) => r.type === "rule" && r.text.startsWith("meta l4proto != { tcp, udp }"))).toMatchObject({ verdict: "return" });
  });

  it("multi-line rule sets, handles, truncation, stderr warnings, not data", () => {
    const text = "# Warning: table ip filter is managed by iptables-nft, do not touch!\ntable ip t { # handle 1\n\tchain c { # handle 1\n\t\ttype filter hook input priority 0; policy drop;\n\t\tip saddr { 198.18.0.1,\n\t\t\t198.18.0.2 } accept # handle 2\n\t\tip daddr 198.18.0.9 jump";
    const res = parser.parse(text, ctx);
    expect(res.records[2]).toMatchObject({ type: "rule", text: "ip saddr { 198.18.0.1, 198.18.0.2 } accept", lineStart: 5, lineEnd: 6, verdict: "accept" });
    expect(res.records[1]).toMatchObject({ type: "chain", policy: "drop", priority: "0" });
    expect(res.warnings.map((w) => w.message)).toEqual(["Warning: table ip filter is managed by iptables-nft, do not touch!", "ruleset ends inside a block (output truncated?)"]);
    expect(parser.parse("", ctx).notData?.reason).toBe("empty");
    expect(parser.parse("Error: Could not process rule: Operation not permitted\n", ctx).notData?.reason).toBe("permission-denied");
    expect(parser.parse("sh: 1: nft: not found\n", ctx).notData?.reason).toBe("command-not-found");
  });
});

describe("nft -j list ruleset", () => {
  it("same tables, chains, hooks, policies and verdicts as the text form of the same ruleset", () => {
    const text = parseFixture(parser, "nft-ruleset--nbp-gen").records;
    const json = parseFixture(jsonParser, "nft-ruleset-json--nbp-gen");
    expect(json.warnings).toEqual([]);
    const shape = (rs: typeof text) =>
      rs.map((r) => (r.type === "chain" ? `chain ${r.family} ${r.table} ${r.name} ${r.hook ?? ""} ${r.policy ?? ""}` : r.type === "rule" ? `rule ${r.chain} ${r.verdict ?? "-"}` : `${r.type} ${r.family}`)).sort();
    // xt (iptables-nft compat) statements have no verdict in text either when the target is an xt one.
    expect(shape(json.records)).toEqual(shape(text).map((s) => (s === "rule POSTROUTING masquerade" ? "rule POSTROUTING -" : s)).sort());
    expect(json.records.every((r) => r.lineStart === 1 && r.lineEnd === 1)).toBe(true);
    const input = json.records.find((r) => r.type === "rule" && r.chain === "INPUT" && r.family === "ip");
    expect(input?.type === "rule" && input.text).toBe("iifname != lo ip saddr 198.18.0.0/24 tcp dport 22 xt match comment counter packets 0 bytes 0 accept");
  });

  it("insights sample: vmap rule, reject, sets/maps as objects", () => {
    const res = parseFixture(jsonParser, "nft-ruleset-json--insights-two-tables");
    expect(res.records.filter((r) => r.type === "rule").map((r) => r.type === "rule" && `${r.text}|${r.verdict ?? ""}`)).toEqual(["ip saddr vmap @example_map|", "tcp dport 22 accept|accept", "tcp dport 443 accept|accept", "reject|reject"]);
    const model = toNftRuleset(res.records, "x.json");
    expect(model.tables.map((t) => t.name)).toEqual(["example_table", "nftables_svc"]);
    expect(model.tables[1]?.chains[0]).toMatchObject({ name: "INPUT", hook: "input", type: "filter", policy: "accept" });
  });

  it("stderr warnings merged before the JSON are reported, line numbers stay true", () => {
    const text = '# Warning: table ip filter is managed by iptables-nft, do not touch!\n{"nftables": [{"metainfo": {"version": "1.0.6"}},\n{"table": {"family": "ip", "name": "filter", "handle": 1}}]}\n';
    const res = jsonParser.parse(text, ctx);
    expect(res.records).toEqual([{ type: "table", family: "ip", name: "filter", lineStart: 3, lineEnd: 3 }]);
    expect(res.unparsed).toEqual([{ line: 1, text: "# Warning: table ip filter is managed by iptables-nft, do not touch!" }]);
    expect(res.warnings[0]?.message).toMatch(/^text before the JSON: # Warning/);
  });
});

import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser as routeParser } from "./ip-route";
import { parser as routeJsonParser } from "./ip-route-json";
import { parser as ruleParser } from "./ip-rule";
import { parser as ruleJsonParser } from "./ip-rule-json";
import { parser as neighParser } from "./ip-neigh";
import { parser as neighJsonParser } from "./ip-neigh-json";
import { toModelNeighbours, toModelRoutes, toModelRules } from "@/lib/model/from-parsers/ip";

runGoldenTests(routeParser, "ip-route");
runGoldenTests(routeJsonParser, "ip-route-json");
runGoldenTests(ruleParser, "ip-rule");
runGoldenTests(ruleJsonParser, "ip-rule-json");
runGoldenTests(neighParser, "ip-neigh");
runGoldenTests(neighJsonParser, "ip-neigh-json");

const ctx = { path: "netns/1/ip-route.txt" };

describe("ip route", () => {
  it("text and JSON of the same netns agree", () => {
    const strip = (rs: { lineStart: number; lineEnd: number }[]) => rs.map(({ lineStart: _a, lineEnd: _b, ...r }) => r);
    expect(strip(parseFixture(routeParser, "ip-route--nbp-gen").records)).toEqual(strip(parseFixture(routeJsonParser, "ip-route-json--nbp-gen").records));
  });

  it("policy tables, throw routes, old double-blank spacing, IPv6 error routes", () => {
    const rhel = parseFixture(routeParser, "ip-route--rhel-policy-tables").records;
    expect(rhel[0]).toMatchObject({ type: "throw", dst: "30.142.64.0/26", table: "red_mgmt", family: 4 });
    const fed = parseFixture(routeParser, "ip-route--fedora-table-all").records;
    expect(fed[1]).toMatchObject({ dst: "10.0.0.0/8", gateway: "10.64.54.1", dev: "tun0", protocol: "static", metric: 50, table: "main" });
    expect(fed.find((r) => r.type === "unreachable")).toMatchObject({ dst: "::/96", family: 6, extra: { error: "-101" } });
    const k8s = parseFixture(routeParser, "ip-route--hotsos-k8s-table-all").records;
    expect(k8s[1]).toMatchObject({ dst: "10.1.7.0/24", gateway: "10.1.7.0", dev: "flannel.1", flags: ["onlink"] });
  });

  it("multipath nexthops and via inet6", () => {
    const res = routeParser.parse("default proto static metric 100\n\tnexthop via 198.18.0.1 dev eth0 weight 1\n\tnexthop via 198.18.0.2 dev eth1 weight 2\n198.19.0.0/16 via inet6 fe80::1 dev eth0\n", ctx);
    expect(res.records[0]).toMatchObject({ dst: "default", lineStart: 1, lineEnd: 3, nexthops: [{ gateway: "198.18.0.1", dev: "eth0", weight: 1 }, { gateway: "198.18.0.2", dev: "eth1", weight: 2 }] });
    expect(res.records[1]).toMatchObject({ gateway: "fe80::1", family: 6 });
    const model = toModelRoutes(res.records, "a");
    expect(model[0]).toMatchObject({ gateway: "198.18.0.1", dev: "eth0", src: { lineStart: 1, lineEnd: 3 } });
  });

  it("concatenated ip -j route + ip -6 -j route arrays", () => {
    const res = routeJsonParser.parse('[{"dst":"default","gateway":"198.18.0.1","dev":"eth0","flags":[]}]\n[{"dst":"default","gateway":"fe80::1","dev":"eth0","flags":[]}]\n', ctx);
    expect(res.records.map((r) => [r.family, r.lineStart])).toEqual([[4, 1], [6, 2]]);
    expect(res.warnings).toEqual([]);
  });
});

describe("ip rule", () => {
  it("fwmark/mask, suppress_prefixlength, iif, 32-bit priority", () => {
    const mwan = parseFixture(ruleParser, "ip-rule--owent-mwan").records;
    expect(mwan.find((r) => r.priority === 23001)).toMatchObject({ fwmark: "0x100", fwmask: "0xff00", table: "main", suppressPrefixlength: 0, selector: "from all fwmark 0x100/0xff00 lookup main suppress_prefixlength 0" });
    expect(mwan.find((r) => r.priority === 7100)).toMatchObject({ iif: "ppp0", table: "main" });
    const q = parseFixture(ruleParser, "ip-rule--hotsos-qrouter").records;
    expect(q.at(-1)).toMatchObject({ priority: 3232240897, from: "192.168.21.1/24", table: "3232240897", family: 4 });
  });

  it("text and JSON agree (selector rebuilt in ip rule order)", () => {
    const strip = (rs: { line: number }[]) => rs.map(({ line: _l, ...r }) => r);
    expect(strip(parseFixture(ruleJsonParser, "ip-rule-json--nbp-gen").records)).toEqual(strip(parseFixture(ruleParser, "ip-rule--nbp-gen").records));
    expect(strip(parseFixture(ruleJsonParser, "ip-rule-json--nbp-gen-v6").records)).toEqual(strip(parseFixture(ruleParser, "ip-rule--nbp-gen-v6").records));
  });

  it("maps to model rules with the command's family for 'from all'", () => {
    const rules = toModelRules(parseFixture(ruleParser, "ip-rule--nbp-gen-v6").records, "netns/1/ip6-rule.txt", 6);
    expect(rules.map((r) => r.family)).toEqual([6, 6, 6]);
    expect(rules[1]).toMatchObject({ priority: 150, table: "100", selector: "from 2001:db8:18::/64 lookup 100", src: { lineStart: 2 } });
  });
});

describe("ip neigh", () => {
  it("states, IPv6 and JSON agreement", () => {
    const text = parseFixture(neighParser, "ip-neigh--nbp-gen").records;
    expect(text[0]).toMatchObject({ address: "198.18.0.9", dev: "br-nbp.0", lladdr: "02:00:00:00:00:09", state: ["PERMANENT"], line: 1 });
    const strip = (rs: { line: number }[]) => rs.map(({ line: _l, ...r }) => r);
    expect(strip(parseFixture(neighJsonParser, "ip-neigh-json--nbp-gen").records)).toEqual(strip(text));
    const res = neighParser.parse("198.18.0.7 dev eth0 FAILED\nfe80::1 dev eth0 lladdr 52:54:00:12:35:02 router STALE\n198.18.0.8 dev eth0 lladdr 02:00", ctx);
    expect(res.records[1]).toMatchObject({ router: true, state: ["STALE"] });
    expect(toModelNeighbours(res.records, "a")[0]).toEqual({ address: "198.18.0.7", dev: "eth0", state: ["FAILED"], src: { artifact: "a", lineStart: 1, lineEnd: 1 } });
    expect(neighParser.parse("", ctx).notData?.reason).toBe("empty");
  });
});

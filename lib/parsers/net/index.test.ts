import { describe, expect, it } from "vitest";
import { listFixtures, loadFixture } from "@/test/support/golden";
import { NET_PARSERS } from "./index";

// Kinds from collector-script/README.md that this folder owns.
const KINDS = ["iptables-save", "ip6tables-save", "nft-ruleset", "nft-ruleset-json", "ip-addr", "ip-addr-json", "ip-link", "ip-link-json", "ip-route", "ip-route-json", "ip-rule", "ip-rule-json", "ip-neigh", "ip-neigh-json", "ss", "netstat", "ipvsadm", "conntrack", "conntrack-count"];

describe("net parser registry", () => {
  it("has exactly one parser per kind, each with fixtures", () => {
    expect(NET_PARSERS.map((p) => p.kind).sort()).toEqual([...KINDS].sort());
    for (const k of KINDS) expect(listFixtures(k), k).not.toHaveLength(0);
  });

  it("CRLF copies of every fixture parse to the same result as the LF original", () => {
    for (const p of NET_PARSERS) {
      for (const name of listFixtures(p.kind)) {
        const t = loadFixture(name);
        if (t.includes("\r")) continue;
        expect(p.parse(t.replace(/\n/g, "\r\n"), { path: name }), name).toEqual(p.parse(t, { path: name }));
      }
    }
  });

  it("no parser throws on any other parser's fixtures, CRLF or truncated copies (never throw on bad input)", () => {
    const texts = KINDS.flatMap((k) => listFixtures(k).map(loadFixture));
    const variants = texts.flatMap((t) => [t, t.replace(/\n/g, "\r\n"), t.slice(0, Math.floor(t.length / 2)), "\u0000\uFFFD garbage"]);
    for (const p of NET_PARSERS) {
      for (const v of variants) {
        const res = p.parse(v, { path: "x" });
        expect(Array.isArray(res.records) && Array.isArray(res.unparsed)).toBe(true);
      }
    }
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser } from "./conntrack";
import { parser as countParser } from "./conntrack-count";

runGoldenTests(parser, "conntrack");
runGoldenTests(countParser, "conntrack-count");

const ctx = { path: "netns/1/conntrack.txt" };

describe("conntrack -L", () => {
  // The full 1439-line hotsos table is kept as .out (no golden: too big to review by eye).
  const full = fs.readFileSync(path.join(FIXTURES_DIR, "conntrack--hotsos-compute-full.out"), "utf8");

  it("full OpenStack table: 1438 entries, stderr summary rejoined at line 1434", () => {
    const res = parser.parse(full, ctx);
    expect(res.records).toHaveLength(1438);
    expect(res.unparsed).toEqual([]);
    expect(res.warnings).toEqual([{ line: 1434, message: "conntrack's stderr summary was interleaved mid-line; entry rejoined" }]);
    const cut = res.records.find((r) => r.lineStart === 1434);
    expect(cut).toMatchObject({ lineEnd: 1435, use: 1, mark: 0, state: "ESTABLISHED", orig: { src: "10.0.0.133", dst: "10.0.0.116", sport: 41338, dport: 5672 } });
    expect(res.records.find((r) => r.lineStart === 1436)).toMatchObject({ use: 2, lineEnd: 1436 });
  });

  it("stream() gives the same records as parse()", () => {
    const sink = parser.stream!(ctx);
    full.split("\n").forEach((l, i) => {
      if (i < full.split("\n").length - 1 || l !== "") sink.push(l, i + 1);
    });
    expect(sink.end()).toEqual(parser.parse(full, ctx));
  });

  it("unknown protocols with UNREPLIED and a leading summary", () => {
    const res = parseFixture(parser, "conntrack--hotsos-snat");
    expect(res.records).toHaveLength(2);
    expect(res.warnings).toEqual([]);
    expect(res.records[0]).toMatchObject({ l3proto: "ipv4", proto: "unknown", protonum: 112, timeout: 598, flags: ["UNREPLIED"], orig: { src: "169.254.194.252", dst: "224.0.0.18" }, reply: { src: "224.0.0.18" } });
    expect(res.records[0]?.state).toBeUndefined();
  });

  it("plain -L, icmp ids, IPv6, zone and extra keys, count mismatch, not data", () => {
    const text = [
      "icmp     1 29 src=198.18.0.1 dst=198.18.0.2 type=8 code=0 id=77 src=198.18.0.2 dst=198.18.0.1 type=0 code=0 id=77 mark=0 zone=3 use=1 id=123456",
      "ipv6     10 udp      17 20 src=2001:db8::1 dst=2001:db8::2 sport=5353 dport=53 [UNREPLIED] src=2001:db8::2 dst=2001:db8::1 sport=53 dport=5353 mark=0 use=1",
      "garbage here",
      "conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.",
    ].join("\r\n");
    const res = parser.parse(text, ctx);
    expect(res.records[0]).toMatchObject({ proto: "icmp", family: 4, orig: { type: 8, code: 0, id: 77 }, reply: { id: 77 }, zone: 3, extra: { id: "123456" } });
    expect(res.records[1]).toMatchObject({ family: 6, proto: "udp", orig: { sport: 5353 } });
    expect(res.unparsed).toEqual([{ line: 3, text: "garbage here" }]);
    expect(res.warnings.map((w) => w.message)).toContain("conntrack reported 3 entries, 2 parsed");
    expect(parser.parse("", ctx).notData?.reason).toBe("empty");
    expect(parser.parse("sh: 1: conntrack: not found\n", ctx).notData?.reason).toBe("command-not-found");
    expect(parser.parse("conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n", ctx)).toEqual({ records: [], warnings: [], unparsed: [] });
  });
});

describe("conntrack -C", () => {
  it("one number; errors and junk", () => {
    expect(parseFixture(countParser, "conntrack-count--nbp-gen").records).toEqual([{ count: 0, line: 1 }]);
    expect(countParser.parse("262144\r\n", ctx).records).toEqual([{ count: 262144, line: 1 }]);
    expect(countParser.parse("conntrack v1.4.6 (conntrack-tools): Operation failed: invalid parameters\n", ctx).notData?.reason).toBe("error-text");
    expect(countParser.parse("abc\n", ctx).warnings).toEqual([{ message: "no count found" }]);
    expect(countParser.parse("", ctx).notData?.reason).toBe("empty");
  });
});

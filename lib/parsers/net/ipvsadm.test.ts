import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser } from "./ipvsadm";

runGoldenTests(parser, "ipvsadm");

const ctx = { path: "host/ipvsadm.txt" };

describe("ipvsadm", () => {
  it("kube-proxy services with persistence and real servers", () => {
    const res = parseFixture(parser, "ipvsadm--kube-router");
    expect(res.records).toHaveLength(5);
    expect(res.records[0]).toMatchObject({ protocol: "TCP", address: "10.3.0.1", port: 443, scheduler: "rr", persistent: 10800, mask: "0.0.0.0", lineStart: 4, lineEnd: 5 });
    expect(res.records[2]?.realServers).toEqual([{ address: "10.10.3.3", port: 2379, forward: "Masq", weight: 1, activeConn: 45, inactConn: 0, line: 9 }]);
    expect(res.unparsed).toEqual([]);
  });

  it("FWM, IPv6, services without real servers, junk and not-data", () => {
    const res = parser.parse("IP Virtual Server version 1.2.1 (size=4096)\nFWM  100 wrr\nUDP  [fd00::10]:53 rr ops\n  -> [fd00::2]:53    Masq    1      0          0\nTCP  198.18.0.1:80 rr\nweird\n", ctx);
    expect(res.records.map((r) => [r.protocol, r.address, r.port, r.fwmark, r.realServers.length, r.flags])).toEqual([
      ["FWM", "", undefined, 100, 0, []],
      ["UDP", "fd00::10", 53, undefined, 1, ["ops"]],
      ["TCP", "198.18.0.1", 80, undefined, 0, []],
    ]);
    expect(res.records[1]?.realServers[0]?.address).toBe("fd00::2");
    expect(res.unparsed).toEqual([{ line: 6, text: "weird" }]);
    expect(parser.parse("", ctx).notData?.reason).toBe("empty");
    expect(parser.parse("Can't initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?\n", ctx).notData?.reason).toBe("error-text");
    expect(parser.parse("sh: 1: ipvsadm: not found\n", ctx).notData?.reason).toBe("command-not-found");
  });
});

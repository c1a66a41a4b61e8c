import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser, sysctlKeyToProcPath, sysctlMap } from "./sysctl";

runGoldenTests(parser, "sysctl");

describe("sysctl key facts", () => {
  it("reads the k8s node's rp_filter and keeps tabbed values", () => {
    const r = parseFixture(parser, "sysctl--ubuntu20-k8s-node");
    const m = sysctlMap(r.records);
    expect(m["net.ipv4.conf.all.rp_filter"]).toMatchObject({ value: "2", line: 312 });
    expect(r.unparsed).toEqual([]);
    expect(r.records.filter((x) => x.key === "dev.cdrom.info").length).toBeGreaterThan(3);
  });

  it("maps a dotted interface name printed with '/' back to /proc/sys", () => {
    const r = parseFixture(parser, "sysctl--debian12-dotted-iface");
    const rec = r.records.find((x) => x.key === "net.ipv4.conf.nbh0/7.rp_filter");
    expect(rec?.procPath).toBe("net/ipv4/conf/nbh0.7/rp_filter");
    expect(sysctlMap(r.records)["net.ipv4.tcp_rmem"]?.value).toBe("4096\t131072\t33554432");
  });

  it("turns sysctl complaints into warnings and keeps garbage as unparsed", () => {
    const r = parseFixture(parser, "sysctl--edge-mixed-truncated");
    expect(r.warnings.map((w) => w.line)).toEqual([2, 3]);
    expect(r.unparsed).toEqual([{ line: 5, text: "this line is garbage" }]);
    const m = sysctlMap(r.records);
    expect(m["kernel.domainname"]?.value).toBe("(none)");
    expect(m["kernel.big"]?.value).toHaveLength(70000);
    expect(m["net.ipv4.ip_local_port_range"]).toMatchObject({ value: "32768\t60", line: 7 });
  });

  it("handles CRLF, empty and missing-command outputs", () => {
    expect(parseFixture(parser, "sysctl--edge-crlf").records.map((x) => x.value)).toEqual(["1", "1", "4096\t131072\t6291456"]);
    expect(parseFixture(parser, "sysctl--edge-empty").notData?.reason).toBe("empty");
    expect(parseFixture(parser, "sysctl--edge-command-not-found").notData?.reason).toBe("command-not-found");
  });

  it("swaps only separators when building procPath", () => {
    expect(sysctlKeyToProcPath("net.ipv6.conf.br-1/2.forwarding")).toBe("net/ipv6/conf/br-1.2/forwarding");
  });
});

// duplicate-ip on a real `ip -d addr` output seen in two namespaces (the same dump in both:
// every address is then a duplicate), IPv6 included; loopback and link-local never are.
import { describe, expect, it } from "vitest";
import { runRules } from "@/lib/rules";
import { fixtureLines, modelFromFixtures, type FixtureArtifact } from "@/test/support/model-from-fixtures";

const A = 4026532101;
const B = 4026532102;
const addr = (netns: number): FixtureArtifact => ({ fixture: "parsers:ip-addr--nbp-gen.txt", kind: "ip-addr", path: `netns/${netns}/ip-addr.txt`, netns });
const found = runRules(modelFromFixtures([addr(A), addr(B)])).findings.filter((f) => f.ruleId === "duplicate-ip");

describe("duplicate-ip", () => {
  it("reports the global IPv4 and IPv6 addresses, not loopback or link-local ones", () => {
    expect(found.map((f) => f.id).sort()).toEqual(["duplicate-ip:198.18.0.1", "duplicate-ip:2001:db8:18::1"]);
  });

  it("names the IPv6 copy's namespaces, interface and MAC, citing the address and link lines", () => {
    const f = found.find((x) => x.id === "duplicate-ip:2001:db8:18::1");
    expect(f?.entities).toEqual({ ips: ["2001:db8:18::1"], macs: ["02:37:dc:54:f0:d4"], netns: [A, B], interfaces: ["br-nbp.0"] });
    // without a process list or lsns nothing shows a copy to be dead: high, not critical
    expect(f?.severity).toBe("high");
    const cited = (f?.evidence ?? []).filter((e) => e.artifact === addr(A).path).map((e) => fixtureLines(addr(A).fixture, e.lineStart, e.lineEnd));
    expect(cited).toEqual(expect.arrayContaining([expect.stringContaining("inet6 2001:db8:18::1/64 scope global"), expect.stringContaining("link/ether 02:37:dc:54:f0:d4")]));
  });

  it("says which copy duplicate address detection disabled (dadfailed), citing its address line", () => {
    // the same dump in both namespaces; in B the kernel found the copy on the link (as `ip addr` then shows it)
    const model = modelFromFixtures([addr(A), addr(B)]);
    const copy = model.netns.find((v) => v.inode === B)!.addresses.find((a) => a.address === "2001:db8:18::1")!;
    copy.flags = ["tentative", "dadfailed"];
    const f = runRules(model).findings.find((x) => x.id === "duplicate-ip:2001:db8:18::1");
    expect(f?.explanation).toContain(`disabled the copy in host netns ${B} (dadfailed)`);
    expect(f?.explanation).toMatch(/on br-nbp\.0 \(MAC 02:37:dc:54:f0:d4\):[^\n]*dadfailed\): the kernel does not use this copy/);
    expect(f?.evidence.find((e) => e.artifact === addr(B).path && e.excerpt.includes("2001:db8:18::1"))?.lineStart).toBeGreaterThan(0);
  });
});

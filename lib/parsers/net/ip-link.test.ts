import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser as addrParser } from "./ip-addr";
import { parser as addrJsonParser } from "./ip-addr-json";
import { parser as linkParser } from "./ip-link";
import { parser as linkJsonParser } from "./ip-link-json";
import { toModelAddresses, toModelInterfaces } from "@/lib/model/from-parsers/ip";

runGoldenTests(addrParser, "ip-addr");
runGoldenTests(linkParser, "ip-link");
runGoldenTests(addrJsonParser, "ip-addr-json");
runGoldenTests(linkJsonParser, "ip-link-json");

const ctx = { path: "netns/1/ip-addr.txt" };

describe("ip addr/link: key facts", () => {
  it("text and JSON of the same netns give the same interfaces and addresses", () => {
    const text = parseFixture(addrParser, "ip-addr--nbp-gen").records;
    const json = parseFixture(addrJsonParser, "ip-addr-json--nbp-gen").records;
    const pick = (rs: typeof text) =>
      rs.map((r) => ({ i: r.ifindex, n: r.ifname, k: r.kind, s: r.slaveKind, m: r.master, mtu: r.mtu, mac: r.mac, p: r.peerIfindex, st: r.state, a: r.addresses.map((a) => `${a.local}/${a.prefixlen} ${a.scope}`) }));
    expect(pick(text)).toEqual(pick(json));
    const veth = text.find((r) => r.ifname === "veth-nbp0");
    expect(veth).toMatchObject({ ifindex: 3, link: "if2", peerIfindex: 2, kind: "veth", slaveKind: "bridge", master: "br-nbp.0", linkNetns: "nbp-gen2", lineStart: 16, lineEnd: 21 });
    expect(text.find((r) => r.ifname === "vx-nbp")?.kindDetails).toMatch(/^id 42 local 198\.18\.0\.1 dev br-nbp\.0/);
  });

  it("pretty-printed JSON gives per-interface line spans", () => {
    const res = parseFixture(addrJsonParser, "ip-addr-json--nbp-gen-pretty");
    expect(res.records).toHaveLength(4);
    const spans = res.records.map((r) => [r.lineStart, r.lineEnd]);
    // ip -p closes one object and opens the next on the same line ("},{").
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBe(spans[i - 1]![1]);
    expect(spans[0]).toEqual([1, 40]);
    expect(parseFixture(addrJsonParser, "ip-addr-json--nbp-gen").records.every((r) => r.lineStart === 1)).toBe(true);
  });

  it("flannel vxlan, OVS ports and @ifN veth peers from real nodes", () => {
    const flannel = parseFixture(addrParser, "ip-addr--hotsos-k8s-flannel").records.find((r) => r.ifname === "flannel.1");
    expect(flannel).toMatchObject({ kind: "vxlan", mtu: 8908, mac: "9a:e0:6b:c3:ce:e3" });
    const ovs = parseFixture(addrParser, "ip-addr--hotsos-openstack-ovs").records;
    expect(ovs.find((r) => r.ifname === "veth1883dceb")).toMatchObject({ peerIfindex: 16, master: "br-ens3", kind: "veth" });
    expect(ovs.find((r) => r.ifname === "tap0e778df8-ca")).toMatchObject({ kind: "tun", master: "ovs-system" });
  });

  it("old RHEL output: peer addresses, vlan parent, link-netnsid, junk lines kept", () => {
    const res = parseFixture(addrParser, "ip-addr--rhel-bond-tunnels");
    expect(res.unparsed.map((u) => u.line)).toEqual([]);
    const vlan = res.records.find((r) => r.ifname === "bond1.57");
    expect(vlan).toMatchObject({ link: "bond1" });
    expect(vlan?.peerIfindex).toBeUndefined();
    expect(res.records.find((r) => r.ifname === "eth7")).toMatchObject({ master: "bond1", linkNetnsId: 1, state: "DOWN" });
    expect(res.records.find((r) => r.ifname === "ip.tun2")?.addresses[0]).toMatchObject({ local: "192.168.112.5", address: "192.168.122.6", prefixlen: 32 });
  });

  it("maps to model interfaces and addresses with sources", () => {
    const recs = parseFixture(addrParser, "ip-addr--nbp-gen").records;
    const ifs = toModelInterfaces(recs, "netns/9/ip-addr.txt");
    expect(ifs.find((i) => i.name === "veth-nbp0")).toMatchObject({ ifindex: 3, linkKind: "veth", master: "br-nbp.0", peerIfindex: 2, state: "UP", mtu: 1500 });
    const addrs = toModelAddresses(recs, "netns/9/ip-addr.txt");
    expect(addrs).toContainEqual({ family: 6, address: "2001:db8:18::1", prefixLen: 64, ifname: "br-nbp.0", scope: "global", flags: ["nodad"], src: { artifact: "netns/9/ip-addr.txt", lineStart: 12, lineEnd: 12 } });
    const peer = toModelInterfaces(parseFixture(linkJsonParser, "ip-link-json--nbp-gen-peer").records, "x");
    expect(peer.find((i) => i.name === "eth0")).toMatchObject({ peerIfindex: 3, peerNetnsId: 0, linkKind: "veth" });
  });
});

describe("ip addr/link: edge cases", () => {
  it("not data", () => {
    expect(addrParser.parse("", ctx).notData?.reason).toBe("empty");
    expect(addrParser.parse("sh: ip: command not found\n", ctx).notData?.reason).toBe("command-not-found");
    expect(addrJsonParser.parse('Cannot open network namespace "x": No such file or directory\n', ctx).notData).toBeDefined();
    expect(addrJsonParser.parse("Option \"-j\" is unknown, try \"ip -help\".\nfoo\nbar\nbaz\n", ctx).warnings[0]?.message).toMatch(/not JSON/);
  });

  it("CRLF, dotted/dashed names, truncated JSON", () => {
    const res = addrParser.parse("12: eth0.100-x@eth0: <UP> mtu 1500 state UP\r\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\r\n    inet 198.18.1.1/24 scope global eth0.100-x\r\n", ctx);
    expect(res.records[0]).toMatchObject({ ifindex: 12, ifname: "eth0.100-x", link: "eth0", mac: "02:00:00:00:00:01", lineEnd: 3 });
    expect(res.records[0]?.addresses[0]).toMatchObject({ local: "198.18.1.1", prefixlen: 24, label: "eth0.100-x" });
    const cut = addrJsonParser.parse('[{"ifindex":1,"ifname":"lo","flags":[]},{"ifindex":2,"ifn', ctx);
    expect(cut.records.map((r) => r.ifname)).toEqual(["lo"]);
    expect(cut.warnings.map((w) => w.message)).toContain("JSON ends inside an array or object (output truncated?)");
  });
});

// One netns seen twice in a foreign bundle is one namespace: joined by its /run/netns nsfs
// mount, or by an identical link set; namespaces that only look alike (lo only) stay apart.
import { describe, expect, it } from "vitest";
import { buildModel } from "@/lib/model/build-model";
import { matchLayout } from "@/lib/bundle/layout";
import { parsedBundleFrom, type FixtureArtifact } from "@/test/support/model-from-fixtures";
import { PARSERS } from "@/lib/parsers";
import type { ParsedArtifact } from "@/lib/stream/parsed-bundle";

const NET = "sos_commands/networking";
const FLANNEL = "parsers:ip-addr--hotsos-k8s-flannel.txt" as const;
const OVS = "parsers:ip-addr--hotsos-openstack-ovs.txt" as const;
const LO_ONLY = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n";

/** A sosreport-shaped ParsedBundle: names from the paths as the stream stage gives them. */
function model(arts: FixtureArtifact[], extra: { path: string; text: string }[] = []) {
  const pb = parsedBundleFrom(arts);
  for (const e of extra) {
    const records = PARSERS["ip-addr"]!.parse(e.text, { path: e.path }).records;
    pb.artifacts.push({ info: { path: e.path, kind: "ip-addr", sizeBytes: e.text.length, records: records.length, warnings: [], unparsedLines: 0, error: null }, records } as ParsedArtifact);
  }
  for (const a of pb.artifacts) {
    const name = matchLayout(a.info.path)?.netnsName;
    if (name) a.netnsName = name;
  }
  return buildModel(pb);
}
const named = (m: ReturnType<typeof model>, name: string) => m.namespaces.filter((n) => n.type === "net" && n.holders.some((h) => h.kind === "name" && h.name === name));

describe("joining views of one netns", () => {
  it("joins the report's own netns and the name it also has (same link set)", () => {
    const m = model([
      { fixture: FLANNEL, kind: "ip-addr", path: `${NET}/ip_-d_address` },
      { fixture: FLANNEL, kind: "ip-addr", path: `${NET}/ip_netns_exec_node_ip_address_show` },
      { fixture: OVS, kind: "ip-addr", path: `${NET}/ip_netns_exec_other_ip_address_show` },
    ]);
    const net = m.namespaces.filter((n) => n.type === "net");
    expect(net).toHaveLength(2);
    expect(named(m, "node")).toEqual([expect.objectContaining({ isHost: true })]);
    expect(named(m, "other")).toEqual([expect.objectContaining({ isHost: false })]);
    expect(m.netns).toHaveLength(2);
    // each address once in the joined view, from the report's own output
    const host = m.netns.find((v) => v.inode === named(m, "node")[0]!.inode)!;
    const keys = host.addresses.map((a) => `${a.address}/${a.prefixLen}@${a.ifname}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(host.addresses.every((a) => a.src?.artifact === `${NET}/ip_-d_address`)).toBe(true);
  });

  it("joins two names of one netns, and gives a name its real inode from the nsfs mount", () => {
    const m = model([
      { fixture: "parsers:mountinfo--debian12-run-netns.txt", kind: "mountinfo", path: "proc/1/mountinfo" },
      { fixture: OVS, kind: "ip-addr", path: `${NET}/ip_netns_exec_nbs-v-6645-live_ip_address_show` },
      { fixture: OVS, kind: "ip-addr", path: `${NET}/ip_netns_exec_alias_ip_address_show` },
    ]);
    const live = named(m, "nbs-v-6645-live");
    expect(live).toHaveLength(1);
    expect(live[0]!.inode).toBe(4026532240);
    expect(named(m, "alias").map((n) => n.inode)).toEqual([4026532240]);
    // the mount's holder and the name are one namespace, not two entries
    expect(m.namespaces.filter((n) => n.type === "net" && n.inode === 4026532240)).toHaveLength(1);
    // a copied /proc/PID/mountinfo names the PID that sees the mount
    expect(live[0]!.holders.find((h) => h.kind === "nsfs-mount")).toMatchObject({ mountPoint: "/run/netns/nbs-v-6645-live", seenByPid: 1 });
    expect(m.netns.filter((v) => v.inode === 4026532240)).toHaveLength(1);
  });

  it("gives the report's own netns its real inode when its name has an nsfs mount, and keeps its own outputs", () => {
    const m = model([
      { fixture: "parsers:mountinfo--debian12-run-netns.txt", kind: "mountinfo", path: "proc/1/mountinfo" },
      { fixture: FLANNEL, kind: "ip-addr", path: `${NET}/ip_-d_address` },
      { fixture: FLANNEL, kind: "ip-addr", path: `${NET}/ip_netns_exec_nbs-v-6645-node_ip_address_show` },
    ]);
    const hosts = m.namespaces.filter((n) => n.type === "net" && n.isHost);
    expect(hosts.map((n) => n.inode)).toEqual([4026532174]);
    expect(named(m, "nbs-v-6645-node").map((n) => n.inode)).toEqual([4026532174]);
    const view = m.netns.find((v) => v.inode === 4026532174)!;
    expect(view.addresses.length).toBeGreaterThan(0);
    expect(view.addresses.every((a) => a.src?.artifact === `${NET}/ip_-d_address`)).toBe(true);
  });

  it("keeps namespaces apart that only share loopback", () => {
    const m = model([], [
      { path: `${NET}/ip_netns_exec_a_ip_address_show`, text: LO_ONLY },
      { path: `${NET}/ip_netns_exec_b_ip_address_show`, text: LO_ONLY },
    ]);
    expect(named(m, "a")).toHaveLength(1);
    expect(named(m, "b")).toHaveLength(1);
    expect(named(m, "a")[0]!.inode).not.toBe(named(m, "b")[0]!.inode);
  });

  it("keeps two namespaces the collector read by inode apart, however alike", () => {
    const m = model([
      { fixture: FLANNEL, kind: "ip-addr", path: "netns/4026531840/ip-addr.txt", netns: 4026531840 },
      { fixture: FLANNEL, kind: "ip-addr", path: "netns/4026532999/ip-addr.txt", netns: 4026532999 },
    ]);
    expect(m.netns.map((v) => v.inode).sort()).toEqual([4026531840, 4026532999]);
  });
});

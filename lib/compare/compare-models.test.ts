// compareModels on a model built from real fixture outputs (test/support/model-from-fixtures),
// and that model changed the way a node changes between two collections: a leaked namespace
// torn down, a sysctl fixed, a chain added in the other backend, a named namespace re-created
// under a new inode (matched by its name, not its number).
import { describe, expect, it } from "vitest";
import { modelFromFixtures } from "@/test/support/model-from-fixtures";
import { compareModels } from "@/lib/compare/compare-models";
import type { NodeModel } from "@/lib/model/types";
import type { Finding } from "@/lib/rules/finding";

const HOST = 4026531840;
const WEB = 4026532301;
const LEAK = 4026532302;

function before(): NodeModel {
  const m = modelFromFixtures(
    [
      { fixture: "parsers:ip-addr--hotsos-k8s-flannel.txt", kind: "ip-addr", path: `netns/${HOST}/ip-addr.txt`, netns: HOST },
      { fixture: "parsers:iptables-save--nbp-gen-legacy.txt", kind: "iptables-save", path: `netns/${HOST}/iptables-legacy-save.txt`, netns: HOST, backend: "legacy" },
      { fixture: "parsers:ip-addr--nbp-gen.txt", kind: "ip-addr", path: `netns/${WEB}/ip-addr.txt`, netns: WEB },
      { fixture: "parsers:ip-addr--nbp-gen.txt", kind: "ip-addr", path: `netns/${LEAK}/ip-addr.txt`, netns: LEAK },
    ],
    {
      host: "node-1",
      namespaces: [
        { type: "net", inode: HOST, isHost: true, dir: `netns/${HOST}`, reachedVia: ["pid:1"], holders: { pids: [1], mounts: [], names: [], fds: [] } },
        { type: "net", inode: WEB, isHost: false, dir: `netns/${WEB}`, reachedVia: ["netns-name:web"], holders: { pids: [], mounts: [], names: [{ name: "web", path: "/run/netns/web" }], fds: [] } },
        { type: "net", inode: LEAK, isHost: false, dir: `netns/${LEAK}`, reachedVia: ["netns-name:leak"], holders: { pids: [], mounts: [], names: [{ name: "leak", path: "/run/netns/leak" }], fds: [] } },
      ],
    } as never,
  );
  m.sysctls["net.ipv4.ip_forward"] = { value: "0" };
  m.sysctls["kernel.random.uuid"] = { value: "6e1f" };
  return m;
}

const finding = (id: string, ruleId: string, entities: Finding["entities"], severity: Finding["severity"] = "high"): Finding => ({ id, ruleId, severity, title: id, explanation: "", remediation: "", references: [], entities, evidence: [] });

describe("compareModels", () => {
  const a = before();
  const b: NodeModel = structuredClone(a);
  // the leak torn down
  b.netns = b.netns.filter((v) => v.inode !== LEAK);
  b.namespaces = b.namespaces.filter((n) => n.inode !== LEAK);
  // web re-created: same name and addresses, new inode
  const NEW_WEB = 4026532399;
  for (const v of b.netns) if (v.inode === WEB) v.inode = NEW_WEB;
  for (const n of b.namespaces) if (n.inode === WEB) n.inode = NEW_WEB;
  // ip_forward fixed; the volatile uuid differs too
  b.sysctls["net.ipv4.ip_forward"] = { value: "1" };
  b.sysctls["kernel.random.uuid"] = { value: "9a0b" };
  // a chain added in the other backend
  const hostB = b.netns.find((v) => v.inode === HOST)!;
  hostB.iptables.push({ family: 4, backend: "nf_tables", artifact: `netns/${HOST}/iptables-nft-save.txt`, chains: [{ table: "nat", name: "KUBE-SERVICES", policy: null }], rules: [] });
  const dupIp = a.netns.find((v) => v.inode === WEB)!.addresses.find((x) => x.family === 4 && !x.address.startsWith("127."))!.address;
  const diff = compareModels(
    { model: a, findings: [finding(`duplicate-ip:${dupIp}`, "duplicate-ip", { ips: [dupIp], netns: [WEB, LEAK] }, "critical"), finding(`netns-without-process:${LEAK}`, "netns-without-process", { netns: [LEAK], paths: ["/run/netns/leak"] }), finding("fwd", "ip-forward-off", { sysctls: ["net.ipv4.ip_forward=0"] })] },
    { model: b, findings: [finding("mixed", "mixed-iptables-backends", { chains: ["KUBE-SERVICES"] })] },
  );

  it("matches the host and the re-created namespace by identity, and reports the leak gone", () => {
    expect(diff.namespaces.matched.map((p) => [p.a.inode, p.b.inode, p.matchedBy])).toEqual([
      [HOST, HOST, "host"],
      [WEB, NEW_WEB, "name"],
    ]);
    expect(diff.namespaces.removed.map((n) => n.inode)).toEqual([LEAK]);
    expect(diff.namespaces.added).toEqual([]);
  });

  it("says the duplicate IP is resolved: one namespace now", () => {
    // the fixture's interface carries an IPv6 address too: both copies went with the leak
    const move = (ip: string) => ({ ip, from: ["netns web (4026532399)", "netns leak (4026532302) (only in A)"], to: ["netns web (4026532399)"] });
    expect(diff.ips.duplicatesResolved).toEqual([move(dupIp), move("2001:db8:18::1")]);
    expect(diff.ips.moved).toEqual([]);
    expect(diff.summary).toContain(`IP ${dupIp} now in 1 namespace (was 2).`);
  });

  it("reports the sysctl fix with both values, ignoring volatile keys", () => {
    const host = diff.netns.find((n) => n.pair.a.inode === HOST)!;
    const sysctls = host.areas.find((x) => x.area === "sysctls")!.changes;
    expect(sysctls.map((c) => [c.kind, c.what, c.a?.text, c.b?.text])).toEqual([["changed", "net.ipv4.ip_forward", "net.ipv4.ip_forward=0", "net.ipv4.ip_forward=1"]]);
  });

  it("reports the chain added in the nf_tables backend", () => {
    const host = diff.netns.find((n) => n.pair.a.inode === HOST)!;
    const fw = host.areas.find((x) => x.area === "iptables")!.changes;
    expect(fw.map((c) => [c.kind, c.what])).toEqual([["added", "nf_tables iptables nat chain KUBE-SERVICES"]]);
  });

  it("sorts findings into resolved and new, and the re-created namespace has no other change", () => {
    expect(diff.findings.resolved.map((f) => f.id).sort()).toEqual(["duplicate-ip:" + dupIp, "fwd", `netns-without-process:${LEAK}`].sort());
    expect(diff.findings.new.map((f) => f.id)).toEqual(["mixed"]);
    expect(diff.findings.persisting).toEqual([]);
    expect(diff.netns.find((n) => n.pair.a.inode === WEB)).toBeUndefined();
    expect(diff.summary[0]).toBe("3 findings resolved, 1 new, 0 persisting.");
  });

  it("gives the whole diff as the golden file has it (review any change by eye: `npx vitest run lib/compare -u`)", async () => {
    await expect(JSON.stringify(diff, null, 2) + "\n").toMatchFileSnapshot("./fixtures/before-after.diff.json");
  });

  it("finds nothing changed between a bundle and itself", () => {
    const same = compareModels({ model: a, findings: [] }, { model: structuredClone(a), findings: [] });
    expect(same.netns).toEqual([]);
    expect(same.namespaces.removed).toEqual([]);
    expect(same.ips).toEqual({ moved: [], duplicatesAppeared: [], duplicatesResolved: [] });
    expect(same.namespaces.matched.map((p) => p.matchedBy)).toEqual(["host", "inode", "inode"]);
  });

  it("does not trust an inode that another namespace took over", () => {
    const c: NodeModel = structuredClone(a);
    // leak's inode now names a different namespace (another name, other addresses)
    const ns = c.namespaces.find((n) => n.inode === LEAK)!;
    ns.holders = [{ kind: "name", name: "other", path: "/run/netns/other" }];
    c.netns.find((v) => v.inode === LEAK)!.addresses = [{ family: 4, address: "198.18.77.7", prefixLen: 24, ifname: "eth0" }];
    const d = compareModels({ model: a, findings: [] }, { model: c, findings: [] });
    expect(d.namespaces.removed.map((n) => n.inode)).toEqual([LEAK]);
    expect(d.namespaces.added.map((n) => n.inode)).toEqual([LEAK]);
  });

  it("persists a finding whose id carried a re-created namespace's inode, by its entities", () => {
    const d = compareModels(
      { model: a, findings: [finding(`rp-filter:${WEB}`, "rp-filter", { netns: [WEB], sysctls: ["net.ipv4.conf.all.rp_filter=1"] })] },
      { model: b, findings: [finding(`rp-filter:${NEW_WEB}`, "rp-filter", { netns: [NEW_WEB], sysctls: ["net.ipv4.conf.all.rp_filter=1"] }, "medium")] },
    );
    expect(d.findings.persisting.map((p) => [p.a.id, p.b.id, p.matchedBy, p.severityChanged])).toEqual([[`rp-filter:${WEB}`, `rp-filter:${NEW_WEB}`, "entities", true]]);
  });
});

/**
 * A sosreport-shaped archive (real command outputs from the corpus fixtures, at the paths sos
 * writes them): plain outputs describe the host netns, `ip netns exec NAME` outputs a netns
 * known only by its name. Both must become namespaces with views the rules can read.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeBundle } from "@/lib/analyze/analyze-bundle";

const FIX = path.resolve(__dirname, "../../lib/parsers/fixtures");
const QROUTER = "qrouter-984c22fd-64b3-4fa1-8ddd-87090f401ce5";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "nbt-sos-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function sosreport(): string {
  const top = path.join(work, "sosreport-node1-2026");
  const put = (rel: string, fixture: string) => {
    fs.mkdirSync(path.dirname(path.join(top, rel)), { recursive: true });
    fs.copyFileSync(path.join(FIX, fixture), path.join(top, rel));
  };
  put("sos_commands/networking/ip_-d_address", "ip-addr--hotsos-k8s-flannel.txt");
  put("sos_commands/networking/ip_route_show_table_all", "ip-route--hotsos-k8s-table-all.txt");
  put(`sos_commands/networking/ip_netns_exec_${QROUTER}_iptables-save`, "iptables-save--hotsos-qrouter.txt");
  put("sos_commands/kernel/sysctl_-a", "sysctl--centos7.txt");
  put(`sos_commands/networking/ip_netns_exec_${QROUTER}_sysctl_-a`, "sysctl--debian12-netns-sysctl-net.txt");
  put("usr/lib/systemd/system/docker.service", "systemd-unit--moby-docker-service.txt");
  fs.mkdirSync(path.join(top, "etc/systemd/system/docker.service.d"), { recursive: true });
  fs.writeFileSync(path.join(top, "etc/systemd/system/docker.service.d/override.conf"), "[Service]\nMountFlags=slave\n");
  const out = path.join(work, "sosreport.tar.gz");
  execFileSync("tar", ["-czf", out, "-C", work, path.basename(top)]);
  return out;
}

describe("a sosreport bundle", () => {
  it("gives the host netns its addresses and routes, and the named netns its ruleset", async () => {
    const r = await analyzeBundle(sosreport());
    const host = r.model.namespaces.find((n) => n.type === "net" && n.isHost);
    expect(host).toBeDefined();
    const hostView = r.model.netns.find((v) => v.inode === host!.inode);
    expect(hostView?.addresses.map((a) => a.ifname)).toEqual(expect.arrayContaining(["ens3", "flannel.1"]));
    expect(hostView?.routes.length).toBeGreaterThan(3);
    const qrouter = r.model.namespaces.find((n) => n.holders.some((h) => h.kind === "name" && h.name === QROUTER));
    expect(qrouter?.isHost).toBe(false);
    const qView = r.model.netns.find((v) => v.inode === qrouter!.inode);
    expect(qView?.iptables[0]?.rules.some((rule) => rule.chain.startsWith("neutron-l3-agent"))).toBe(true);
    expect(Object.keys(r.model.sysctls).length).toBeGreaterThan(100);
    // the named netns's own sysctl -a (newer sos) is that netns's; the host's stays sysctl -a of the kernel plugin
    expect(qView?.sysctls["net.ipv4.ip_forward"]?.src?.artifact).toBe(`sos_commands/networking/ip_netns_exec_${QROUTER}_sysctl_-a`);
    expect(r.model.sysctls["net.ipv4.ip_forward"]?.src?.artifact).toBe("sos_commands/kernel/sysctl_-a");
    // rules that need per-netns facts ran (their needs are met and they saw the views)
    expect(r.notEvaluated.map((n) => n.ruleId)).not.toContain("duplicate-ip");
  });

  it("applies a unit's copied drop-ins over its vendor file, as one unit", async () => {
    const r = await analyzeBundle(sosreport());
    const docker = r.model.units.filter((u) => u.unit === "docker.service");
    expect(docker).toHaveLength(1);
    expect(docker[0]?.settings.MountFlags).toMatchObject({ value: "slave", src: { artifact: "etc/systemd/system/docker.service.d/override.conf", lineStart: 2 } });
    expect(docker[0]?.settings.ExecStart?.src.artifact).toBe("usr/lib/systemd/system/docker.service");
  });
});

import { describe, expect, it } from "vitest";
import { matchLayout } from "./layout";

describe("matchLayout: bundle format v1", () => {
  it.each([
    ["host/uname.txt", "uname"],
    ["host/sysctl-a.txt", "sysctl"],
    ["host/lsns.json", "lsns-json"],
    ["host/mountinfo/4026531841.txt", "mountinfo"],
    ["host/cni/10-flannel.conflist", "cni-config"],
    ["host/units/docker.service/override.conf", "systemd-unit"],
    ["logs/journal/kubelet.txt", "journal"],
    ["logs/files/var__log__syslog", "log"],
    ["pcap/eth0.pcap", "pcap"],
  ])("%s → %s", (path, kind) => {
    expect(matchLayout(path)).toEqual({ layout: "netbundle-v1", kind });
  });

  it("takes the netns inode from netns/<INODE>/ and the iptables backend from the file name", () => {
    expect(matchLayout("netns/4026532281/ip-route.json")).toEqual({ layout: "netbundle-v1", kind: "ip-route-json", netns: 4026532281 });
    expect(matchLayout("netns/4026531840/ip6-rule.txt")).toMatchObject({ kind: "ip-rule", netns: 4026531840 });
    expect(matchLayout("netns/4026531840/iptables-nft-save.txt")).toMatchObject({ kind: "iptables-save", backend: "nf_tables" });
    expect(matchLayout("netns/4026531840/ip6tables-legacy-save.txt")).toMatchObject({ kind: "ip6tables-save", backend: "legacy" });
    expect(matchLayout("netns/4026531840/iptables-save.txt")).toEqual({ layout: "netbundle-v1", kind: "iptables-save", netns: 4026531840 });
    expect(matchLayout("netns/4026531840/sysctl-net.txt")).toMatchObject({ kind: "sysctl" });
    expect(matchLayout("netns/4026531840/ip6-route.json")).toMatchObject({ kind: "ip-route-json", netns: 4026531840 });
    expect(matchLayout("netns/4026531840/proc-net-udp.txt")).toMatchObject({ kind: "proc-net-sockets" });
  });

  it("gives no kind to files no layout names", () => {
    expect(matchLayout("redaction-report.txt")).toBeNull();
    expect(matchLayout("netns/notanumber/ip-addr.json")).toBeNull();
    expect(matchLayout("host/uname.txt.bak")).toBeNull();
  });
});

describe("matchLayout: sosreport", () => {
  // Paths as they appear in the hotsos sample sosreports the corpus was taken from (SOURCES.tsv).
  it.each([
    ["sos_commands/networking/ip_-d_address", "ip-addr"],
    ["sos_commands/networking/ip_route_show_table_all", "ip-route"],
    ["sos_commands/networking/ip_-4_rule", "ip-rule"],
    ["sos_commands/networking/iptables-save", "iptables-save"],
    ["sos_commands/firewall_tables/nft_list_ruleset", "nft-ruleset"],
    ["sos_commands/kernel/sysctl_-a", "sysctl"],
    ["sos_commands/kernel/uname_-a", "uname"],
    ["sos_commands/process/ps_auxwww", "ps"],
    ["sos_commands/process/ps_auxwwwm", "ps"],
    ["sos_commands/conntrack/conntrack_-L_-o_extended", "conntrack"],
    ["sos_commands/kubernetes/journalctl_--no-pager_--unit_snap.kube-proxy.daemon", "journal"],
    ["proc/1/mountinfo", "mountinfo"],
    ["proc/9679/mountinfo", "mountinfo"],
    ["usr/lib/os-release", "os-release"],
    ["sos_commands/docker/docker_info", "docker-info"],
  ])("%s → %s", (path, kind) => {
    expect(matchLayout(path)).toEqual({ layout: "sosreport", kind });
  });

  it("takes the netns name from ip_netns_exec_<name>_ commands", () => {
    const ns = "qrouter-984c22fd-64b3-4fa1-8ddd-87090f401ce5";
    expect(matchLayout(`sos_commands/networking/ip_netns_exec_${ns}_iptables-save`)).toEqual({ layout: "sosreport", kind: "iptables-save", netnsName: ns });
    expect(matchLayout(`sos_commands/networking/ip_netns_exec_${ns}_ip_rule_list`)).toMatchObject({ kind: "ip-rule", netnsName: ns });
    expect(matchLayout(`sos_commands/conntrack/ip_netns_exec_snat-1_conntrack_-L_-o_extended`)).toMatchObject({ kind: "conntrack", netnsName: "snat-1" });
    expect(matchLayout("sos_commands/networking/ip_netns")).toBeNull();
  });

  it("keeps underscores in netns names, and reads sos 4's files: netstat, its manifest and log, date", () => {
    expect(matchLayout("sos_commands/networking/ip_netns_exec_my_ns_ip_address_show")).toMatchObject({ kind: "ip-addr", netnsName: "my_ns" });
    expect(matchLayout("sos_commands/networking/ip_netns_exec_nbs-sos-1_node_netstat_-W_-neopa")).toMatchObject({ kind: "netstat", netnsName: "nbs-sos-1_node" });
    expect(matchLayout("sos_commands/networking/netstat_-W_-neopa")).toEqual({ layout: "sosreport", kind: "netstat" });
    expect(matchLayout("sos_commands/networking/netstat_-neopa")).toMatchObject({ kind: "netstat" });
    expect(matchLayout("sos_commands/networking/netstat_-W_-agn")).toBeNull();
    expect(matchLayout("sos_reports/manifest.json")?.kind).toBe("sos-manifest");
    expect(matchLayout("sos_logs/sos.log")?.kind).toBe("sos-log");
    expect(matchLayout("sos_commands/date/date_--utc")?.kind).toBe("date");
    expect(matchLayout("sos_commands/networking/ip_-s_-s_neigh_show")?.kind).toBe("ip-neigh");
    // newer sos (after 4.0): more per-netns outputs, the same mangling (runs of blanks → one "_")
    expect(matchLayout("sos_commands/networking/ip_netns_exec_cni-1a2b_sysctl_-a")).toMatchObject({ kind: "sysctl", netnsName: "cni-1a2b" });
    expect(matchLayout("sos_commands/networking/ip_netns_exec_cni-1a2b_ip_-d_address_show")).toMatchObject({ kind: "ip-addr", netnsName: "cni-1a2b" });
    expect(matchLayout("sos_commands/networking/ip_netns_exec_cni-1a2b_ip_-s_-s_neigh_show")).toMatchObject({ kind: "ip-neigh", netnsName: "cni-1a2b" });
    expect(matchLayout("sos_commands/networking/ip_netns_exec_cni-1a2b_ip_-4_rule_list")).toMatchObject({ kind: "ip-rule", netnsName: "cni-1a2b" });
    expect(matchLayout("sos_commands/firewall_tables/iptables-save")).toEqual({ layout: "sosreport", kind: "iptables-save" });
    expect(matchLayout("sos_commands/networking/ip_neigh_show_nud_noarp")).toBeNull();
    expect(matchLayout("sos_commands/docker/docker_ps_-a")?.kind).toBe("docker-ps");
    expect(matchLayout("sos_commands/docker/docker_ps")).toBeNull();
    expect(matchLayout("sos_commands/crio/crictl_ps")).toBeNull();
    expect(matchLayout("sos_commands/docker/journalctl_--no-pager_--unit_docker")?.kind).toBe("journal");
    expect(matchLayout("etc/systemd/system/docker.service.d/override.conf")?.kind).toBe("systemd-unit");
    expect(matchLayout("usr/lib/systemd/system/containerd.service")?.kind).toBe("systemd-unit");
    expect(matchLayout("etc/systemd/system/multi-user.target.wants/ssh.service")).toBeNull();
  });
});

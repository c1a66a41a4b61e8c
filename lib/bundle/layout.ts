/**
 * Where artifacts live, per bundle layout (STYLE habit 6: keep where apart from how).
 * Each layout maps path patterns (relative to the stripped top folder) to artifact kind
 * ids of lib/parsers/index.ts. Used when the manifest does not name an entry's kind:
 * sosreports have no manifest, and a netbundle whose manifest comes late or is damaged
 * still has its v1 paths. Parsers never see paths.
 */
export type LayoutId = "netbundle-v1" | "sosreport";

export interface LayoutRule {
  /** May capture named groups `inode` (netns inode) and `ns` (netns name). */
  pattern: RegExp;
  kind: string;
  /** iptables backend implied by the file name (iptables-legacy-save vs iptables-nft-save). */
  backend?: "legacy" | "nf_tables";
}

export interface LayoutMatch {
  layout: LayoutId;
  kind: string;
  netns?: number;
  netnsName?: string;
  backend?: "legacy" | "nf_tables";
}

const r = (pattern: RegExp, kind: string, backend?: LayoutRule["backend"]): LayoutRule => ({ pattern, kind, backend });

/** Bundle format v1: collector-script/README.md. */
const NETNS = String.raw`^netns/(?<inode>\d+)/`;
const v1 = (file: string) => new RegExp(`${NETNS}${file}$`);
const NETBUNDLE_V1: LayoutRule[] = [
  r(/^host\/uname\.txt$/, "uname"),
  r(/^host\/os-release\.txt$/, "os-release"),
  r(/^host\/uptime\.txt$/, "uptime"),
  r(/^host\/boot-time\.txt$/, "boot-time"),
  r(/^host\/sysctl-a\.txt$/, "sysctl"),
  r(/^host\/lsns\.json$/, "lsns-json"),
  r(/^host\/lsns\.txt$/, "lsns"),
  r(/^host\/ps\.txt$/, "ps"),
  r(/^host\/ns-links\.txt$/, "ns-links"),
  r(/^host\/ns-fds\.txt$/, "ns-fds"),
  r(/^host\/mountinfo\/[^/]+\.txt$/, "mountinfo"),
  r(/^host\/run-netns\.txt$/, "run-netns"),
  r(/^host\/cni\/.+/, "cni-config"),
  r(/^host\/units\/.+/, "systemd-unit"),
  r(/^host\/docker-ps\.txt$/, "docker-ps"),
  r(/^host\/docker-inspect-pids\.txt$/, "docker-inspect-pids"),
  r(/^host\/crictl-ps\.txt$/, "crictl-ps"),
  r(/^host\/crictl-pods\.txt$/, "crictl-pods"),
  r(/^host\/ipvsadm\.txt$/, "ipvsadm"),
  r(/^host\/dmesg\.txt$/, "dmesg"),
  r(/^host\/ctr-tasks\.txt$/, "ctr-tasks"),
  r(v1(String.raw`ip-addr\.json`), "ip-addr-json"),
  r(v1(String.raw`ip-addr\.txt`), "ip-addr"),
  r(v1(String.raw`ip-link\.json`), "ip-link-json"),
  r(v1(String.raw`ip-link\.txt`), "ip-link"),
  r(v1(String.raw`ip6?-route\.json`), "ip-route-json"),
  r(v1(String.raw`ip6?-route\.txt`), "ip-route"),
  r(v1(String.raw`ip6?-rule\.json`), "ip-rule-json"),
  r(v1(String.raw`ip6?-rule\.txt`), "ip-rule"),
  r(v1(String.raw`ip-neigh\.json`), "ip-neigh-json"),
  r(v1(String.raw`ip-neigh\.txt`), "ip-neigh"),
  r(v1(String.raw`ss-(tcp|udp)\.txt`), "ss"),
  r(v1(String.raw`iptables-legacy-save\.txt`), "iptables-save", "legacy"),
  r(v1(String.raw`iptables-nft-save\.txt`), "iptables-save", "nf_tables"),
  r(v1(String.raw`iptables-save\.txt`), "iptables-save"),
  r(v1(String.raw`ip6tables-legacy-save\.txt`), "ip6tables-save", "legacy"),
  r(v1(String.raw`ip6tables-nft-save\.txt`), "ip6tables-save", "nf_tables"),
  r(v1(String.raw`ip6tables-save\.txt`), "ip6tables-save"),
  r(v1(String.raw`nft-ruleset\.txt`), "nft-ruleset"),
  r(v1(String.raw`nft-ruleset\.json`), "nft-ruleset-json"),
  r(v1(String.raw`sysctl-net\.txt`), "sysctl"),
  r(v1(String.raw`conntrack-count\.txt`), "conntrack-count"),
  r(v1(String.raw`ipvsadm\.txt`), "ipvsadm"), // per-netns IPVS tables (swarm's ingress netns)
  r(v1(String.raw`conntrack\.txt`), "conntrack"),
  r(v1(String.raw`proc-net-(tcp|udp)\.txt`), "proc-net-sockets"),
  r(/^logs\/journal\/[^/]+\.txt$/, "journal"),
  r(/^logs\/files\/.+/, "log"),
  r(/^pcap\/[^/]+$/, "pcap"), // tcpdump output and --extra captures (.pcap, .pcapng, .cap)
];

/**
 * sosreport (sos_commands/<plugin>/<command with spaces as _>, plus copied files).
 * Per-netns commands are "ip_netns_exec_<name>_<command>", e.g. in OpenStack nodes.
 */
const NET = String.raw`^sos_commands/(?:networking|firewall_tables)/(?:ip_netns_exec_(?<ns>[^/]+?)_)?`;
const sos = (cmd: string) => new RegExp(`${NET}${cmd}$`);
const SOSREPORT: LayoutRule[] = [
  r(sos(String.raw`ip_(-d_)?addr(ess)?(_show)?`), "ip-addr"),
  r(sos(String.raw`ip_(-s_)?(-d_)?link(_show)?`), "ip-link"),
  r(sos(String.raw`ip_(-[46]_)?route(_show)?(_table_all)?`), "ip-route"),
  r(sos(String.raw`ip_(-[46]_)?rule(_list|_show)?`), "ip-rule"),
  // the whole table (sos 3.x/4.x: ip -s -s neigh show); "nud noarp" is a subset of it, not read twice
  r(sos(String.raw`ip_(-[46]_)?(-s_-s_)?neigh(_show)?`), "ip-neigh"),
  r(sos(String.raw`ss_-[a-zA-Z]+`), "ss"),
  r(sos(String.raw`netstat_(-[WT]_)?-(neopa|aeep|anp|tulpn)`), "netstat"),
  r(sos(String.raw`iptables-save(_-c)?`), "iptables-save"),
  r(sos(String.raw`ip6tables-save(_-c)?`), "ip6tables-save"),
  r(sos(String.raw`nft_list_ruleset`), "nft-ruleset"),
  r(sos(String.raw`nft_-j_list_ruleset`), "nft-ruleset-json"),
  r(/^sos_commands\/kernel\/sysctl_-a$/, "sysctl"),
  r(sos(String.raw`sysctl_-a`), "sysctl"), // newer sos: ip netns exec NAME sysctl -a (that netns's net.* values)
  r(/^sos_commands\/kernel\/uname_-a$/, "uname"),
  r(/^sos_commands\/kernel\/dmesg(_-T)?$/, "dmesg"),
  r(/^(etc|usr\/lib)\/os-release$/, "os-release"),
  r(/^proc\/(\d+|self)\/mountinfo$/, "mountinfo"),
  r(/^sos_commands\/process\/ps_(auxwww|auxwwwm|alxwww|-elfL|axo_[a-z_]+)$/, "ps"),
  r(/^sos_commands\/process\/lsns(_[-a-zA-Z,]+)*$/, "lsns"),
  r(/^sos_commands\/ipvs\/ipvsadm_-Ln$/, "ipvsadm"),
  r(/^sos_commands\/conntrack\/(ip_netns_exec_(?<ns>[^/]+?)_)?conntrack_-L(_-o_extended)?$/, "conntrack"),
  r(/^sos_commands\/(conntrack|networking)\/conntrack_-C$/, "conntrack-count"),
  // sos runs both `ps` and `ps -a`: only the full list, so no container is counted twice
  r(/^sos_commands\/crio\/crictl_ps_-a$/, "crictl-ps"),
  r(/^sos_commands\/docker\/docker_ps_-a$/, "docker-ps"),
  r(/^sos_commands\/crio\/crictl_pods$/, "crictl-pods"),
  r(/^sos_commands\/docker\/docker_info$/, "docker-info"),
  r(/^etc\/cni\/net\.d\/.+/, "cni-config"),
  // the container runtimes' and kubelet's unit files and drop-ins (sos's systemd plugin copies /etc/systemd)
  r(/^(etc|usr\/lib|lib)\/systemd\/system\/(docker|containerd|kubelet|crio|cri-o)[^/]*\.(service|socket)(\.d\/[^/]+\.conf)?$/, "systemd-unit"),
  r(/^sos_commands\/[^/]+\/journalctl_--no-pager.*$/, "journal"),
  r(/^var\/log\/(messages|syslog|kern\.log)(-\d+)?$/, "log"),
  r(/^sos_reports\/manifest\.json$/, "sos-manifest"),
  r(/^sos_logs\/sos\.log$/, "sos-log"),
  r(/^sos_commands\/date\/date(_--utc)?$/, "date"),
];

export const LAYOUTS: ReadonlyArray<{ id: LayoutId; rules: LayoutRule[] }> = [
  { id: "netbundle-v1", rules: NETBUNDLE_V1 },
  { id: "sosreport", rules: SOSREPORT },
];

/** First rule of the first layout that matches the path (relative to the top folder). */
export function matchLayout(path: string, prefer?: LayoutId | null): LayoutMatch | null {
  const order = prefer ? [...LAYOUTS].sort((a, b) => Number(b.id === prefer) - Number(a.id === prefer)) : LAYOUTS;
  for (const layout of order) {
    for (const rule of layout.rules) {
      const m = rule.pattern.exec(path);
      if (!m) continue;
      const out: LayoutMatch = { layout: layout.id, kind: rule.kind };
      if (m.groups?.inode) out.netns = Number(m.groups.inode);
      if (m.groups?.ns) out.netnsName = m.groups.ns;
      if (rule.backend) out.backend = rule.backend;
      return out;
    }
  }
  return null;
}

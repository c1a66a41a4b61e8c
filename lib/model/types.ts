/**
 * NodeModel: one node as a support engineer thinks of it, built from a bundle's parsed
 * artifacts by lib/model/build-model.ts. Rules, the CLI and the web app read only this.
 *
 * Everything is plain data (arrays, records; no Maps) so a model can be JSON-serialised,
 * stored and sent to the browser. Lookup helpers live in lib/model/lookup.ts.
 * Every fact that a finding may cite carries a `src` pointing at the artifact lines.
 */
import type { ArtifactInfo, CaptureInfo, CommandInfo, LogSignal, TimelineEvent } from "@/lib/stream/types";

// What the stream stage produces lands in the model as it is: its types are the stream's own.
export type { ArtifactInfo, CaptureInfo, CommandInfo, LogSignal, TimelineEvent, TimelineSource } from "@/lib/stream/types";

/** Where in the bundle a fact was read: artifact path and 1-based inclusive line range. */
export interface SourceRef {
  artifact: string;
  lineStart: number;
  lineEnd: number;
}

export interface BundleInfo {
  host: string | null;
  kernel: string | null;
  /** Collection time in UTC (ISO 8601), from the manifest. */
  collectedAt: string | null;
  /** The node's own clock at collection, as the collector printed it (with offset). */
  nodeClock: string | null;
  /** Seconds to add to node-local naive timestamps to get UTC, when known. */
  utcOffsetSeconds: number | null;
  collector: { name: string; version: string } | null;
  formatVersion: number | null;
  uid: number | null;
  /** False when the collector ran as non-root: many per-netns artifacts are then missing. */
  root: boolean | null;
  osRelease: Record<string, string>;
  bootTime: string | null;
  /** The backend a plain `iptables` call uses on the node (iptables -V, from the manifest), when known. */
  iptablesMode: "nf_tables" | "legacy" | null;
}

export interface Process {
  pid: number;
  ppid: number;
  pgid?: number;
  sid?: number;
  uid?: number;
  user?: string;
  comm: string;
  args: string;
  state?: string;
  /** UTC ISO start time when known (ps lstart, or boot time + start ticks). */
  startedAt?: string;
  /** Namespace inodes from readlink /proc/PID/ns/*. */
  ns: { net?: number; mnt?: number; pid?: number; uts?: number; ipc?: number; user?: number; cgroup?: number };
  /** Parent is PID 1 while the process is not a direct child one would expect of init (see build-processes.ts). */
  orphan: boolean;
  src?: SourceRef;
}

export type NamespaceType = "net" | "mnt" | "pid" | "uts" | "ipc" | "user" | "cgroup" | "time";

export type NsHolder =
  | { kind: "process"; pid: number; comm: string }
  /** An nsfs (or, on old kernels, proc) mount of the namespace file, seen inside mount namespace `mntns` by `seenByPid`. */
  | { kind: "nsfs-mount"; mountPoint: string; mntns: number | null; seenByPid: number | null; seenByComm: string | null; fstype: string; src?: SourceRef }
  /** An open file descriptor of the namespace file in a process that lives in another namespace. */
  | { kind: "fd"; pid: number; fd: number; comm: string }
  /** A name under /run/netns or /var/run/docker/netns (itself a bind mount). */
  | { kind: "name"; name: string; path: string; mtime?: string };

export interface Namespace {
  inode: number;
  type: NamespaceType;
  /** How the collector reached it: "pid:1234", "nsfs:/run/netns/x@mnt:4026531841", "netns-name:x". */
  reachedVia: string[];
  holders: NsHolder[];
  /** The initial (host) namespace of its type. */
  isHost: boolean;
  /** Bundle folder holding its artifacts (net namespaces): "netns/<inode>". */
  dir?: string;
}

export interface Interface {
  ifindex: number;
  name: string;
  mac: string | null;
  state: string;
  flags: string[];
  mtu?: number;
  /** Link kind from `ip -d`: veth, bridge, vxlan, dummy, ... */
  linkKind?: string;
  /** Bridge or bond the interface is enslaved to (name). */
  master?: string;
  /** For veth: ifindex of the peer and the netnsid it lives in (as seen from this netns). */
  peerIfindex?: number;
  peerNetnsId?: number;
  /** Resolved peer, when the other end was found in the bundle. */
  peer?: { netns: number; ifname: string; ifindex: number };
  src?: SourceRef;
}

export interface Address {
  family: 4 | 6;
  address: string;
  prefixLen: number;
  ifname: string;
  scope?: string;
  /** ip's address flags when any (tentative, dadfailed, deprecated, secondary, ...). */
  flags?: string[];
  src?: SourceRef;
}

export interface Route {
  table: string;
  type: string; // unicast, local, broadcast, unreachable, blackhole, throw, ...
  dst: string; // "default" or CIDR
  family: 4 | 6;
  gateway?: string;
  dev?: string;
  metric?: number;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  src?: SourceRef;
}

/** One `ip rule` policy-routing entry (not a diagnostic rule: those are lib/rules). */
export interface IpRule {
  family: 4 | 6;
  priority: number;
  selector: string; // e.g. "from all fwmark 0x1 lookup 100" without the priority
  table?: string;
  action?: string;
  src?: SourceRef;
}

export interface Neighbour {
  address: string;
  dev: string;
  lladdr?: string;
  state: string[];
  src?: SourceRef;
}

export interface Socket {
  proto: "tcp" | "udp" | "raw" | "unix" | string;
  state: string;
  local: string; // "198.18.0.5:80" or "[::]:80"
  peer: string;
  localPort?: number;
  processes: { comm: string; pid: number; fd?: number }[];
  src?: SourceRef;
}

export type IptablesBackend = "legacy" | "nf_tables" | "unknown";

export interface IptablesRule {
  table: string;
  chain: string;
  /** The whole rule line as written by iptables-save, for display. */
  text: string;
  matches: string[];
  /** -j target (ACCEPT, DROP, REJECT, MASQUERADE, a user chain) or -g goto. */
  target?: string;
  goto?: boolean;
  targetArgs?: string;
  packets?: number;
  bytes?: number;
  src?: SourceRef;
}

export interface IptablesChain {
  table: string;
  name: string;
  /** Policy for built-in chains, null for user chains. */
  policy: string | null;
  packets?: number;
  bytes?: number;
  src?: SourceRef;
}

export interface IptablesRuleset {
  family: 4 | 6;
  backend: IptablesBackend;
  artifact: string;
  chains: IptablesChain[];
  rules: IptablesRule[];
}

export interface NftRuleset {
  artifact: string;
  tables: { family: string; name: string; chains: { name: string; hook?: string; policy?: string; type?: string; rules: { text: string; src?: SourceRef }[] }[] }[];
}

/** One IPVS virtual service (ipvsadm -Ln): kube-proxy's IPVS mode, kube-router, keepalived. */
export interface IpvsVirtualService {
  protocol: string;
  /** "10.96.0.10:53", "[fd00::10]:53", or "fwmark:1". */
  service: string;
  address: string;
  port?: number;
  scheduler: string;
  /** Its backends; none means the service has no endpoints. */
  realServers: { address: string; port: number | null; forward: string; weight: number; activeConn: number; inactConn: number }[];
  /** The netns whose IPVS table holds it (IPVS is per netns); absent: the host's (host/ipvsadm.txt). */
  netns?: number;
  src?: SourceRef;
}

export interface SysctlValue {
  value: string;
  src?: SourceRef;
}

export interface NetnsView {
  inode: number;
  interfaces: Interface[];
  addresses: Address[];
  routes: Route[];
  rules: IpRule[];
  neighbours: Neighbour[];
  sockets: Socket[];
  iptables: IptablesRuleset[];
  nft: NftRuleset | null;
  /** net.* sysctls as read inside this netns (host-wide ones from sysctl -a for the host netns). */
  sysctls: Record<string, SysctlValue>;
  conntrackCount: number | null;
  /**
   * Effective per-interface values of conf keys the kernel combines from conf.all and
   * conf.IFACE (rp_filter = max, log_martians = OR, ...): see lib/model/effective-sysctl.ts.
   */
  effectiveConf: Record<string, Record<string, { value: number; combine: "max" | "or"; from: SysctlValue[] }>>;
  /** Which per-netns artifacts were present, so rules can say what was not evaluated. */
  collected: string[];
}

export interface Mount {
  mntns: number;
  /** A PID that sees this mount namespace (the one whose mountinfo was read). */
  pid: number | null;
  mountId: number;
  parentId: number;
  root: string;
  mountPoint: string;
  fstype: string;
  source: string;
  options: string;
  propagation: string[]; // shared:N, master:N, unbindable, or [] = private
  src?: SourceRef;
}

export interface ContainerInfo {
  runtime: "docker" | "crictl" | "ctr" | string;
  id: string;
  name?: string;
  image?: string;
  state?: string;
  pid?: number;
  src?: SourceRef;
}

export interface UnitFile {
  unit: string;
  path: string;
  /** key=value settings of interest, e.g. MountFlags, from the unit and its drop-ins. */
  settings: Record<string, { value: string; src: SourceRef; /** The node's file that set it (unit or drop-in), when the dump says. */ file?: string }>;
}

export interface NodeModel {
  bundle: BundleInfo;
  artifacts: ArtifactInfo[];
  processes: Process[];
  namespaces: Namespace[];
  netns: NetnsView[];
  mounts: Mount[];
  containers: ContainerInfo[];
  units: UnitFile[];
  /** Host sysctl -a (all keys). */
  sysctls: Record<string, SysctlValue>;
  /** Timeline events kept in the model; ingest also streams them to the DB as they are made. */
  timeline: TimelineEvent[];
  /** Log lines that matched a declared signal pattern (declared by the rules, matched by lib/stream/signal-matcher.ts), kept whatever the log size. */
  logSignals: LogSignal[];
  /** How many lines matched each signal in all (logSignals keeps a capped sample). */
  logSignalCounts: Record<string, number>;
  /** IPVS virtual services (ipvsadm -Ln) of the host and of other netns that have any, when collected. */
  ipvs: IpvsVirtualService[];
  /** Packet-capture summaries (lib/pcap), one per capture in the bundle. */
  captures: CaptureInfo[];
  /** Tools the collector found missing and other collection limits, from the manifest. */
  collection: { missingTools: string[]; limitations: string[]; failedCommands: CommandInfo[] };
  errors: string[];
}

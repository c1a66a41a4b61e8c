/**
 * NodeModel from a ParsedBundle: bundle facts, processes, namespaces with holders, mounts,
 * per-netns views with veth peers resolved, containers, units, host sysctls, timeline, and
 * capture anomalies attributed to the interfaces and netns that sent them.
 */
import type { SysctlRecord } from "@/lib/parsers/host/sysctl";
import type { CommandInfo, Namespace, NetnsView, NodeModel, TimelineEvent } from "@/lib/model/types";
import { buildBundleInfo } from "@/lib/model/build-bundle-info";
import { buildContainers, buildUnits } from "@/lib/model/build-containers";
import { buildMounts, buildNamespaces } from "@/lib/model/build-namespaces";
import { buildNetnsViews, sysctlRecordsToMap } from "@/lib/model/build-netns";
import { buildProcesses, collectorPids } from "@/lib/model/build-processes";
import { sosFailedCommands } from "@/lib/model/build-sos-commands";
import { resolveVethPeers } from "@/lib/model/veth-peers";
import { effectiveConfs, netnsSysctls } from "@/lib/model/effective-sysctl";
import { byKind, type ParsedBundle } from "@/lib/stream/parsed-bundle";
import { attributeCaptures, attributedAnomalies } from "@/lib/model/attribute-captures";
import { toIpvsServices } from "@/lib/model/from-parsers/ipvs";
import type { IpvsService } from "@/lib/parsers/net/ipvsadm";

export function buildModel(pb: ParsedBundle): NodeModel {
  const bundle = buildBundleInfo(pb);
  const allProcesses = buildProcesses(pb, bundle, { keepCollector: true });
  const excluded = collectorPids(allProcesses);
  const processes = allProcesses.filter((p) => !excluded.has(p.pid));
  const mounts = buildMounts(pb);
  const namespaces = buildNamespaces(pb, processes, mounts, excluded);
  const hostInode = namespaces.find((n) => n.type === "net" && n.isHost)?.inode ?? null;
  const { views: netns, named, reportNetns } = buildNetnsViews(pb, hostInode, mounts);
  addLayoutOnlyNamespaces(namespaces, netns, named, hostInode, reportNetns);
  resolveVethPeers(netns);
  // Host sysctl -a: ours is host/sysctl-a.txt; foreign layouts give it no netns either.
  const hostSysctl = byKind<SysctlRecord>(pb, "sysctl").find((a) => a.info.path.startsWith("host/") || a.info.netns === undefined);
  const hostSysctls = hostSysctl ? sysctlRecordsToMap(hostSysctl) : {};
  for (const view of netns) {
    const isHost = namespaces.some((n) => n.type === "net" && n.inode === view.inode && n.isHost);
    view.effectiveConf = effectiveConfs(netnsSysctls(hostSysctls, view, isHost), view.interfaces);
  }
  const sos = sosFailedCommands(pb);
  const failedCommands = [...failedManifestCommands(pb), ...sos.failed];
  const model: NodeModel = {
    bundle,
    artifacts: pb.artifacts.map((a) => a.info),
    processes,
    namespaces,
    netns,
    mounts,
    containers: buildContainers(pb),
    units: buildUnits(pb),
    sysctls: hostSysctls,
    timeline: pb.timeline,
    logSignals: pb.logSignals,
    logSignalCounts: pb.logSignalCounts,
    ipvs: byKind<IpvsService>(pb, "ipvsadm").flatMap((a) => toIpvsServices(a.records, a.info.path, a.info.netns)),
    captures: pb.captures,
    collection: { missingTools: pb.manifest?.missingTools ?? sos.missingTools, limitations: pb.manifest?.limitations ?? [], failedCommands },
    errors: pb.errors,
  };
  attributeCaptures(model);
  return model;
}

/**
 * Namespaces that only the layout implies (sosreport: the netns it was taken in, "ip netns
 * exec NAME" namespaces) get entries too, so every view has its namespace and rules can name
 * it; a name joined to a known namespace (by its nsfs mount or its link set) becomes a holder.
 */
function addLayoutOnlyNamespaces(namespaces: Namespace[], views: NetnsView[], named: { inode: number; name: string }[], hostInode: number | null, reportNetns: number | null): void {
  for (const v of views) {
    const names = named.filter((n) => n.inode === v.inode).map((n) => n.name);
    let ns = namespaces.find((n) => n.type === "net" && n.inode === v.inode);
    if (!ns) {
      const isHost = v.inode === reportNetns || (names.length === 0 && (hostInode === null || v.inode === hostInode));
      ns = { inode: v.inode, type: "net", isHost, reachedVia: [isHost ? "host" : `ip netns exec ${names[0]}`], holders: [] };
      namespaces.push(ns);
    } else if (v.inode === reportNetns && hostInode === null && !namespaces.some((n) => n.type === "net" && n.isHost)) {
      // the report's own netns, known by inode through its name's nsfs mount (sos ran inside it)
      ns.isHost = true;
      if (!ns.reachedVia.includes("host")) ns.reachedVia.unshift("host");
    }
    for (const name of names) {
      const path = `/run/netns/${name}`;
      if (!ns.holders.some((h) => h.kind === "name" && (h.path === path || h.path === `/var/run/netns/${name}`))) ns.holders.push({ kind: "name", name, path });
      if (!ns.reachedVia.includes(`ip netns exec ${name}`)) ns.reachedVia.push(`ip netns exec ${name}`);
    }
  }
}

/** Commands that failed, timed out or were cut, from the manifest: also those that left no file. */
function failedManifestCommands(pb: ParsedBundle): CommandInfo[] {
  const out: CommandInfo[] = [];
  for (const c of pb.manifest?.commands ?? []) {
    const failed = c.timedOut || c.notFound || c.truncated || (c.exitCode !== undefined && c.exitCode !== null && c.exitCode !== 0);
    if (!failed) continue;
    out.push({
      argv: c.argv ?? [], exitCode: c.exitCode ?? null, durationMs: c.durationMs ?? null, timedOut: c.timedOut ?? false, truncated: c.truncated ?? false,
      notFound: c.notFound ?? false, stderr: c.stderr ?? "", netns: c.netns, reachedVia: c.reachedVia,
    });
  }
  return out;
}

/** Timeline events the model itself yields: attributed capture anomalies, process starts, netns names made. */
export function modelEvents(model: NodeModel): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const c of model.captures) {
    for (const a of attributedAnomalies(c)) out.push({ ts: a.ts, source: "pcap", severity: a.severity, label: a.kind, text: a.text, artifact: c.artifact });
  }
  for (const p of model.processes) {
    if (!p.startedAt || p.comm.startsWith("[")) continue;
    out.push({ ts: p.startedAt, source: "process", severity: "info", label: p.comm, text: `process ${p.pid} started: ${p.args.slice(0, 300)}`, artifact: p.src?.artifact, line: p.src?.lineStart });
  }
  for (const ns of model.namespaces) {
    for (const h of ns.holders) {
      if (h.kind === "name" && h.mtime) out.push({ ts: h.mtime, source: "netns", severity: "info", label: h.name, text: `netns name ${h.path} created (netns ${ns.inode})` });
    }
  }
  return out;
}

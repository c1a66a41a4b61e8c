/**
 * Indexes over a NodeModel for the joins rules and views make again and again
 * (process by PID, namespace by inode, netns of a process, ancestry).
 */
import type { Namespace, NetnsView, NodeModel, NsHolder, Process, SourceRef } from "@/lib/model/types";
import type { Evidence } from "@/lib/rules/finding";

export interface ModelIndex {
  processByPid: Map<number, Process>;
  netnsByInode: Map<number, NetnsView>;
  namespaceByInode: Map<string, Namespace>; // key `${type}:${inode}`
  /** PIDs whose net namespace is the given inode. */
  pidsByNetns: Map<number, number[]>;
  artifactKinds: Set<string>;
  artifactText?: (path: string) => string[] | undefined;
}

export function buildIndex(model: NodeModel): ModelIndex {
  const processByPid = new Map(model.processes.map((p) => [p.pid, p]));
  const netnsByInode = new Map(model.netns.map((n) => [n.inode, n]));
  const namespaceByInode = new Map(model.namespaces.map((n) => [`${n.type}:${n.inode}`, n]));
  // Members of a netns: from ps joined with ns links, and from the namespace's process
  // holders (manifest, ns-links, lsns), so a missing or partial ps does not empty a netns.
  const pidsByNetns = new Map<number, number[]>();
  const addPid = (inode: number, pid: number) => {
    const list = pidsByNetns.get(inode) ?? [];
    if (!list.includes(pid)) list.push(pid);
    pidsByNetns.set(inode, list);
  };
  for (const p of model.processes) if (p.ns.net !== undefined) addPid(p.ns.net, p.pid);
  for (const ns of model.namespaces) {
    if (ns.type !== "net") continue;
    for (const h of ns.holders) if (h.kind === "process") addPid(ns.inode, h.pid);
  }
  const artifactKinds = new Set(model.artifacts.filter((a) => a.kind && !a.error).map((a) => a.kind as string));
  return { processByPid, netnsByInode, namespaceByInode, pidsByNetns, artifactKinds };
}

/** The chain of processes from `pid` up to PID 1 (inclusive), nearest first; stops on loops. */
export function ancestry(index: ModelIndex, pid: number): Process[] {
  const chain: Process[] = [];
  const seen = new Set<number>();
  let cur = index.processByPid.get(pid);
  while (cur && !seen.has(cur.pid)) {
    chain.push(cur);
    seen.add(cur.pid);
    if (cur.ppid === 0 || cur.ppid === cur.pid) break;
    cur = index.processByPid.get(cur.ppid);
  }
  return chain;
}

/** "containerd-shim(4711) ← systemd(1)" */
export function describeAncestry(index: ModelIndex, pid: number): string {
  const chain = ancestry(index, pid);
  if (chain.length === 0) return `PID ${pid}`;
  return chain.map((p) => `${p.comm}(${p.pid})`).join(" ← ");
}

export function namespace(index: ModelIndex, type: string, inode: number): Namespace | undefined {
  return index.namespaceByInode.get(`${type}:${inode}`);
}

/** A short human name for a netns: its /run/netns name if any, else "netns INODE". */
export function netnsLabel(index: ModelIndex, inode: number): string {
  const ns = namespace(index, "net", inode);
  const name = ns?.holders.find((h) => h.kind === "name");
  if (ns?.isHost) return `host netns ${inode}`;
  return name && name.kind === "name" ? `netns ${name.name} (${inode})` : `netns ${inode}`;
}

/** Evidence from a source reference plus the excerpt text the caller has at hand. */
export function evidenceFrom(src: SourceRef | undefined, excerpt: string): Evidence[] {
  if (!src) return [];
  return [{ artifact: src.artifact, lineStart: src.lineStart, lineEnd: src.lineEnd, excerpt }];
}

/** One line for a namespace holder, the same wherever holders are listed. */
export function describeHolder(h: NsHolder): string {
  switch (h.kind) {
    case "process":
      return `${h.comm}(${h.pid})`;
    case "nsfs-mount":
      return `${h.fstype} mount ${h.mountPoint} in mount ns ${h.mntns ?? "?"}${h.seenByPid !== null ? ` (seen by ${h.seenByComm ?? "?"} ${h.seenByPid})` : ""}`;
    case "fd":
      return `open fd ${h.fd} of ${h.comm}(${h.pid})`;
    case "name":
      return h.path;
  }
}

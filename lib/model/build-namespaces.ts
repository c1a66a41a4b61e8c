/**
 * Namespaces by inode with all their holders, joined from: the collector's manifest (how it
 * reached each netns), readlink of /proc/PID/ns/* (process holders), nsfs/proc-type mounts
 * in every mount namespace's mountinfo (with the PID that sees them), /run/netns and docker
 * netns names (matched to inodes through those mounts), and lsns when nothing else is there.
 */
import type { LsnsRecord } from "@/lib/parsers/host/lsns-record";
import type { MountinfoRecord } from "@/lib/parsers/host/mountinfo";
import type { RunNetnsRecord } from "@/lib/parsers/host/run-netns";
import type { Mount, Namespace, NamespaceType, NsHolder, Process } from "@/lib/model/types";
import { byKind, srcOf, type ParsedBundle } from "@/lib/stream/parsed-bundle";
import { pidsByNamespace } from "@/lib/model/build-processes";

const TYPES = new Set<NamespaceType>(["net", "mnt", "pid", "uts", "ipc", "user", "cgroup", "time"]);

class NamespaceTable {
  readonly byKey = new Map<string, Namespace>();
  get(type: NamespaceType, inode: number): Namespace {
    const key = `${type}:${inode}`;
    let ns = this.byKey.get(key);
    if (!ns) {
      ns = { inode, type, reachedVia: [], holders: [], isHost: false };
      this.byKey.set(key, ns);
    }
    return ns;
  }
  addHolder(ns: Namespace, h: NsHolder) {
    const same = ns.holders.some((o) =>
      o.kind === h.kind &&
      ((o.kind === "process" && h.kind === "process" && o.pid === h.pid) ||
        (o.kind === "nsfs-mount" && h.kind === "nsfs-mount" && o.mountPoint === h.mountPoint && o.mntns === h.mntns) ||
        (o.kind === "fd" && h.kind === "fd" && o.pid === h.pid && o.fd === h.fd) ||
        (o.kind === "name" && h.kind === "name" && o.path === h.path)),
    );
    if (!same) ns.holders.push(h);
  }
}

/** All mounts of every mountinfo artifact, tagged with the mount namespace and PID that saw them. */
export function buildMounts(pb: ParsedBundle): Mount[] {
  const out: Mount[] = [];
  for (const art of byKind<MountinfoRecord>(pb, "mountinfo")) {
    const header = art.records.find((r) => r.type === "header");
    const mntns = header?.type === "header" ? header.mntns : null;
    const pid = header?.type === "header" ? header.pid : pidOfPath(art.info.path);
    for (const r of art.records) {
      if (r.type !== "mount") continue;
      out.push({
        mntns: mntns ?? 0, pid, mountId: r.mountId, parentId: r.parentId, root: r.root, mountPoint: r.mountPoint,
        fstype: r.fstype, source: r.source, options: r.options, propagation: r.propagation, src: srcOf(art.info.path, r.line),
      });
    }
  }
  return out;
}

/** A copied /proc/PID/mountinfo (sosreport's filesys plugin) names the PID that sees it. */
function pidOfPath(path: string): number | null {
  const m = /(?:^|\/)proc\/(\d+)\/mountinfo$/.exec(path);
  return m ? Number(m[1]) : null;
}

export function buildNamespaces(pb: ParsedBundle, processes: Process[], mounts: Mount[], excludedPids: Set<number> = new Set()): Namespace[] {
  const table = new NamespaceTable();
  const commOf = new Map(processes.map((p) => [p.pid, p.comm]));
  const addProcess = (ns: Namespace, pid: number) => {
    if (!excludedPids.has(pid)) table.addHolder(ns, { kind: "process", pid, comm: commOf.get(pid) ?? "?" });
  };

  for (const m of pb.manifest?.namespaces ?? []) {
    if (!m.type || m.inode === undefined || !TYPES.has(m.type as NamespaceType)) continue;
    const ns = table.get(m.type as NamespaceType, m.inode);
    if (m.isHost) ns.isHost = true;
    if (m.dir) ns.dir = m.dir;
    for (const r of m.reachedVia ?? []) if (!ns.reachedVia.includes(r)) ns.reachedVia.push(r);
    for (const pid of m.holders?.pids ?? []) addProcess(ns, pid);
    for (const mt of m.holders?.mounts ?? []) {
      table.addHolder(ns, { kind: "nsfs-mount", mountPoint: mt.mountPoint, mntns: mt.mntns ?? null, seenByPid: mt.pid ?? null, seenByComm: mt.comm ?? (mt.pid !== undefined ? (commOf.get(mt.pid) ?? null) : null), fstype: mt.fstype ?? "nsfs" });
    }
    for (const f of m.holders?.fds ?? []) table.addHolder(ns, { kind: "fd", pid: f.pid, fd: f.fd, comm: commOf.get(f.pid) ?? "?" });
    for (const n of m.holders?.names ?? []) table.addHolder(ns, { kind: "name", name: n.name, path: n.path ?? `/run/netns/${n.name}` });
  }

  for (const [key, pids] of pidsByNamespace(pb)) {
    const [type, inode] = key.split(":") as [string, string];
    if (!TYPES.has(type as NamespaceType)) continue;
    const ns = table.get(type as NamespaceType, Number(inode));
    for (const pid of pids) addProcess(ns, pid);
  }

  // nsfs mounts from mountinfo carry line numbers: prefer them (replace manifest copies without src).
  const commByMntnsPid = new Map<number, string>();
  for (const art of byKind<MountinfoRecord>(pb, "mountinfo")) {
    const h = art.records.find((r) => r.type === "header");
    if (h?.type === "header" && h.pid !== null && h.comm) commByMntnsPid.set(h.pid, h.comm);
    for (const r of art.records) {
      if (r.type !== "mount" || !r.nsType || r.nsInode === undefined || !TYPES.has(r.nsType as NamespaceType)) continue;
      const ns = table.get(r.nsType as NamespaceType, r.nsInode);
      const mntns = h?.type === "header" ? h.mntns : null;
      const pid = h?.type === "header" ? h.pid : pidOfPath(art.info.path);
      ns.holders = ns.holders.filter((o) => !(o.kind === "nsfs-mount" && o.mountPoint === r.mountPoint && (o.mntns === mntns || o.mntns === null)));
      ns.holders.push({ kind: "nsfs-mount", mountPoint: r.mountPoint, mntns, seenByPid: pid, seenByComm: pid !== null ? (commOf.get(pid) ?? commByMntnsPid.get(pid) ?? null) : null, fstype: r.fstype, src: srcOf(art.info.path, r.line) });
      const reached = `nsfs:${r.mountPoint}@mnt:${mntns ?? "?"}`;
      if (r.nsType === "net" && !ns.reachedVia.includes(reached) && ns.reachedVia.length === 0) ns.reachedVia.push(reached);
    }
  }

  // /run/netns and docker netns names: the inode is that of the nsfs mount at the same path.
  for (const art of byKind<RunNetnsRecord>(pb, "run-netns")) {
    // `ls -la ONE_DIR` prints no "dir:" header, so records carry a bare name: take the dir from argv
    const argvDirs = (art.info.command?.argv ?? []).slice(1).filter((a) => a.startsWith("/"));
    for (const rec of art.records) {
      if (rec.fileType === "dir" || rec.name === "." || rec.name === "..") continue;
      const r = !rec.path.startsWith("/") && argvDirs.length === 1 ? { ...rec, path: `${(argvDirs[0] as string).replace(/\/+$/, "")}/${rec.name}` } : rec;
      const mount = mounts.find((m) => (m.mountPoint === r.path || m.mountPoint === r.path.replace(/^\/var\/run\//, "/run/")) && /^net:\[\d+\]$/.test(m.root));
      if (!mount) continue;
      const ns = table.get("net", Number(/\d+/.exec(mount.root)?.[0]));
      const existing = ns.holders.find((h) => h.kind === "name" && (h.path === r.path || h.name === r.name));
      if (existing && existing.kind === "name") {
        if (r.mtimeUtc) existing.mtime = r.mtimeUtc;
      } else ns.holders.push({ kind: "name", name: r.name, path: r.path, ...(r.mtimeUtc ? { mtime: r.mtimeUtc } : {}) });
    }
  }

  // lsns: namespaces the other sources missed, for bundles without a manifest. With one, the
  // collector's own holder lists win: lsns runs while its workers sit inside the namespaces,
  // so its "lowest PID" of a process-less netns is the collector itself.
  const lsnsCollectorPid = (r: LsnsRecord) => /netbundle-collect/.test(r.command ?? "");
  for (const art of byKind<LsnsRecord>(pb, "lsns-json", "lsns")) {
    for (const r of art.records) {
      if (!TYPES.has(r.type as NamespaceType)) continue;
      const ns = table.get(r.type as NamespaceType, r.ns);
      if (pb.manifest?.namespaces.length || r.pid === undefined || lsnsCollectorPid(r)) continue;
      if (!ns.holders.some((h) => h.kind === "process")) addProcess(ns, r.pid);
    }
  }

  // Host namespaces: the manifest says; otherwise those of PID 1.
  const pid1 = processes.find((p) => p.pid === 1);
  for (const ns of table.byKey.values()) {
    if (!ns.isHost && pid1 && pid1.ns[ns.type as keyof Process["ns"]] === ns.inode && !pb.manifest?.namespaces.some((m) => m.type === ns.type && m.isHost)) ns.isHost = true;
    if (ns.type === "net" && !ns.dir) {
      const dir = `netns/${ns.inode}`;
      if (pb.artifacts.some((a) => a.info.netns === ns.inode || a.info.path.startsWith(dir + "/"))) ns.dir = dir;
    }
  }
  return [...table.byKey.values()].sort((a, b) => a.type.localeCompare(b.type) || Number(b.isHost) - Number(a.isHost) || a.inode - b.inode);
}

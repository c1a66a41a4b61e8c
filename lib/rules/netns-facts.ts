/**
 * Shared facts about namespaces and runtime shims that several rules join on:
 * who holds a netns, whether a real workload still lives in it, and which runtime shims
 * are orphaned (reparented to PID 1 with a container the runtime no longer lists).
 */
import type { Process, SourceRef } from "@/lib/model/types";
import type { Evidence } from "@/lib/rules/finding";
import { ancestry, evidenceFrom, namespace } from "@/lib/model/lookup";
import type { RuleContext } from "@/lib/rules/types";
import { ipInCidr } from "@/lib/rules/route-facts";

const SHIM_COMM = /^(docker-containerd-shim|containerd-shim.*|docker-containerd-s.*|conmon)$/;
const CONTAINER_ID = /\b([0-9a-f]{64})\b/;

export function isRuntimeShim(p: Process): boolean {
  return SHIM_COMM.test(p.comm) || /(^|\/)(docker-containerd-shim|containerd-shim[\w-]*|conmon)(\s|$)/.test(p.args);
}

export function isPause(p: Process): boolean {
  return p.comm === "pause" || /(^|\/)pause(\s|$)/.test(p.args);
}

/** The container id a shim serves, from its arguments (-id ID, -workdir .../ID, or a bare ID). */
export function shimContainerId(p: Process): string | null {
  return CONTAINER_ID.exec(p.args)?.[1] ?? null;
}

type Runtime = "docker" | "cri";

/**
 * Which runtime's listing can confirm a shim's container: docker's shims (docker-containerd-shim,
 * containerd-shim -namespace moby) are listed by `docker ps`; CRI shims (-namespace k8s.io)
 * and conmon by crictl. A working `docker ps` says nothing about kubelet's containers.
 */
function runtimeOf(p: Process): Runtime {
  if (/docker-containerd-shim/.test(p.comm + " " + p.args) || /-namespace[ =]moby\b/.test(p.args)) return "docker";
  return "cri";
}

const LISTINGS: Record<Runtime, string[]> = { docker: ["docker-ps"], cri: ["crictl-ps", "crictl-pods"] };

/**
 * Whether that runtime's listing was collected and succeeded. A `docker ps` that failed
 * ("Cannot connect to the Docker daemon") lists nothing and confirms nothing.
 */
export function runtimeListingCollected(ctx: RuleContext, runtime?: Runtime): boolean {
  const kinds = runtime ? LISTINGS[runtime] : [...LISTINGS.docker, ...LISTINGS.cri];
  return ctx.model.artifacts.some(
    (a) => kinds.includes(a.kind ?? "") && !a.error && !a.command?.notFound && !a.command?.timedOut && (a.command?.exitCode ?? 0) === 0,
  );
}

function runtimeLists(ctx: RuleContext, runtime: Runtime, id: string): boolean {
  const names = runtime === "docker" ? ["docker"] : ["crictl", "crictl-pod"];
  return ctx.model.containers.some((c) => names.includes(c.runtime) && c.id.length >= 12 && (id.startsWith(c.id) || c.id.startsWith(id)));
}

export interface OrphanShim {
  process: Process;
  containerId: string | null;
  /** Why it counts as orphaned, in words. */
  reason: string;
  confirmed: boolean;
}

/**
 * Runtime shims and pause processes whose parent is PID 1 and whose container the runtime
 * does not list. containerd-shim-runc-v2 is parented to PID 1 by design, so the parent alone
 * proves nothing: the runtime listing decides; without one the orphan is unconfirmed.
 */
export function orphanedShims(ctx: RuleContext): OrphanShim[] {
  const out: OrphanShim[] = [];
  for (const p of ctx.model.processes) {
    if (p.pid === 1 || p.ppid !== 1) continue;
    if (!isRuntimeShim(p) && !isPause(p)) continue;
    const runtime = runtimeOf(p);
    const listed = runtimeListingCollected(ctx, runtime);
    const id = shimContainerId(p);
    // v2 shims and conmon are parented to PID 1 by design: only their runtime's listing can tell.
    const byDesign = /shim-runc-v2|shim-.*-v2|conmon/.test(p.comm + " " + p.args);
    if (listed && id && runtimeLists(ctx, runtime, id)) continue;
    if (!listed && byDesign) continue;
    out.push({
      process: p,
      containerId: id,
      confirmed: listed && id !== null,
      reason: listed
        ? id
          ? `parent is PID 1 and the runtime does not list container ${id.slice(0, 12)}`
          : "parent is PID 1 and no container id could be read from its arguments"
        : "parent is PID 1 (no runtime listing collected to confirm its container is gone)",
    });
  }
  return out;
}

/**
 * Init's mount namespace. PID 1's links can be unreadable (sandboxed init); kernel threads
 * (kthreadd, PID 2) live in init's namespaces too.
 */
export function hostMountNamespace(ctx: RuleContext): number | undefined {
  return (
    ctx.model.namespaces.find((n) => n.type === "mnt" && n.isHost)?.inode ??
    ctx.index.processByPid.get(1)?.ns.mnt ??
    (ctx.index.processByPid.get(2)?.comm === "kthreadd" ? ctx.index.processByPid.get(2)?.ns.mnt : undefined)
  );
}

export interface HolderSummary {
  pids: number[];
  text: string;
  evidence: Evidence[];
  /** Mount points of its nsfs mounts and its /run/netns (or docker netns) names. */
  paths: string[];
  /** Mount namespaces in which an nsfs mount of it is seen, and the PIDs that see them. */
  mntns: number[];
  seenByPids: number[];
}

/** What keeps a netns alive, in words, with the evidence lines. */
export function holderSummary(ctx: RuleContext, inode: number): HolderSummary {
  const ns = namespace(ctx.index, "net", inode);
  const pids = ctx.index.pidsByNetns.get(inode) ?? [];
  const parts: string[] = [];
  const evidence: Evidence[] = [];
  const paths: string[] = [];
  const mntns: number[] = [];
  const seenByPids: number[] = [];
  const hostMntns = hostMountNamespace(ctx);
  if (pids.length) {
    const names = pids.slice(0, 4).map((pid) => {
      const p = ctx.index.processByPid.get(pid);
      if (p) evidence.push(...evidenceFrom(p.src, p.args || p.comm));
      return p ? `${p.comm}(${pid})` : `PID ${pid}`;
    });
    parts.push(`processes ${names.join(", ")}${pids.length > 4 ? ` and ${pids.length - 4} more` : ""}`);
  } else {
    parts.push("no process");
  }
  for (const h of ns?.holders ?? []) {
    if (h.kind === "nsfs-mount") {
      // Which process showed the host's mount table is happenstance; for a private one it is the pin.
      parts.push(
        h.mntns !== null && h.mntns === hostMntns
          ? `nsfs mount ${h.mountPoint} in the host's mount ns ${h.mntns}`
          : `nsfs mount ${h.mountPoint} in mount ns ${h.mntns ?? "?"} (seen by ${h.seenByComm ?? "?"} PID ${h.seenByPid ?? "?"})`,
      );
      evidence.push(...evidenceFrom(h.src, `${h.mountPoint} ${h.fstype}`));
      paths.push(h.mountPoint);
      if (h.mntns !== null) mntns.push(h.mntns);
      // The PID matters when its private mount namespace pins the netns, not when it merely shows the host's table.
      if (h.seenByPid !== null && h.mntns !== hostMntns) seenByPids.push(h.seenByPid);
    } else if (h.kind === "name") {
      parts.push(`name ${h.path}`);
      paths.push(h.path);
    }
  }
  return { pids, text: parts.join("; "), evidence, paths, mntns, seenByPids };
}

/**
 * A netns has a live workload when some process in it is not an orphaned shim, nor a
 * descendant of one. The host netns always counts as live.
 */
export function isLiveWorkloadNetns(ctx: RuleContext, inode: number): { live: boolean; reason: string } {
  const ns = namespace(ctx.index, "net", inode);
  if (ns?.isHost) return { live: true, reason: "host network namespace" };
  const pids = ctx.index.pidsByNetns.get(inode) ?? [];
  if (pids.length === 0) return { live: false, reason: "no process is in this namespace" };
  const orphanPids = new Set(orphanedShims(ctx).map((o) => o.process.pid));
  const underOrphan = (pid: number) => ancestry(ctx.index, pid).some((p) => orphanPids.has(p.pid));
  if (pids.every(underOrphan)) return { live: false, reason: "its only processes descend from an orphaned runtime shim" };
  return { live: true, reason: "has live processes" };
}

export interface AddressHolder {
  netns: number;
  ifname: string;
  address: string;
  prefixLen: number;
  src?: SourceRef;
  /** The processes in that netns. */
  pids: number[];
}

/**
 * The namespaces on this node holding an address equal to `cidr` or inside it (IPv4 CIDRs;
 * IPv6 compared exactly), loopback left out; at most `max`. "Everything" (0.0.0.0/0) holds none.
 */
export function addressHolders(ctx: RuleContext, cidr: string | undefined, max = 5): AddressHolder[] {
  if (!cidr || /^0\.0\.0\.0\/0$|^::\/0$/.test(cidr)) return [];
  const exact = cidr.replace(/\/(32|128)$/, "");
  const out: AddressHolder[] = [];
  for (const v of ctx.model.netns) {
    for (const a of v.addresses) {
      if (a.ifname === "lo" || !(a.address === exact || (!cidr.includes(":") && cidr.includes("/") && a.family === 4 && ipInCidr(a.address, cidr)))) continue;
      out.push({ netns: v.inode, ifname: a.ifname, address: a.address, prefixLen: a.prefixLen, src: a.src, pids: ctx.index.pidsByNetns.get(v.inode) ?? [] });
      if (out.length >= max) return out;
    }
  }
  return out;
}

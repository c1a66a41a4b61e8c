/**
 * Scenarios 2 and 3: a network namespace with no process in it, kept alive only by an nsfs
 * bind mount (possibly visible only inside another process's mount namespace) or by a
 * /run/netns or docker netns name. Such a netns keeps its interfaces and IPs on the bridge.
 */
import type { Evidence, Finding } from "@/lib/rules/finding";
import { evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { evidenceFromSignal } from "@/lib/model/evidence";
import { teardownCauses, teardownLines } from "@/lib/rules/teardown-signals";
import { isHostLocalAddress } from "@/lib/rules/route-facts";
import type { Rule } from "@/lib/rules/types";
import { hostMountNamespace } from "@/lib/rules/netns-facts";
import { entities } from "@/lib/rules/entities";
import { mountPropagationCauses } from "@/lib/rules/mount-propagation";

export const netnsWithoutProcessRule: Rule = {
  id: "netns-without-process",
  severity: "medium",
  summary: "A network namespace with no process, held only by a bind mount or a name",
  needs: [{ kinds: ["ns-links", "lsns-json", "lsns"], what: "namespaces of every process (readlink /proc/*/ns, lsns)" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const ns of ctx.model.namespaces) {
      if (ns.type !== "net" || ns.isHost) continue;
      if ((ctx.index.pidsByNetns.get(ns.inode) ?? []).length > 0) continue;
      const mounts = ns.holders.filter((h) => h.kind === "nsfs-mount");
      const names = ns.holders.filter((h) => h.kind === "name");
      if (mounts.length === 0 && names.length === 0) continue;
      const view = ctx.index.netnsByInode.get(ns.inode);
      const ips = (view?.addresses ?? []).filter((a) => !isHostLocalAddress(a.address));
      // "Only elsewhere" means another mount namespace than init's, not another PID: the
      // collector may read the host's mountinfo through any PID that shares it (e.g. kthreadd).
      const hostMntns = hostMountNamespace(ctx);
      const onlyOtherMntns =
        mounts.length > 0 &&
        mounts.every((m) => m.kind === "nsfs-mount" && (hostMntns !== undefined && m.mntns !== null ? m.mntns !== hostMntns : m.seenByPid !== 1));
      const evidence: Evidence[] = [];
      const held: string[] = [];
      const paths: string[] = [];
      const pids: number[] = [];
      for (const m of mounts) {
        if (m.kind !== "nsfs-mount") continue;
        // a /run/netns name in the host's mount table is that same bind mount: say it once, as the name
        const isNameMount = m.mntns === hostMntns && names.some((n) => n.kind === "name" && n.path.replace(/^\/var\/run\//, "/run/") === m.mountPoint);
        if (!isNameMount) held.push(`an ${m.fstype} mount at ${m.mountPoint} inside the mount namespace ${m.mntns ?? "?"} of PID ${m.seenByPid ?? "?"} (comm ${m.seenByComm ?? "?"})`);
        paths.push(m.mountPoint);
        // the PID matters when it is the one pinning a private copy, not when it merely shows the host's table
        if (m.seenByPid !== null && (hostMntns === undefined || m.mntns !== hostMntns)) pids.push(m.seenByPid);
        evidence.push(...evidenceFrom(m.src, `${m.mountPoint} nsfs`));
      }
      // the name comes first (the title uses held[0]): it is what `ip netns` shows and deletes
      for (const n of [...names].reverse()) if (n.kind === "name") { held.unshift(`its name ${n.path} (a bind mount${n.mtime ? `, created ${n.mtime}` : ""})`); paths.unshift(n.path); }
      for (const a of ips) evidence.push(...evidenceFrom(a.src, `${a.address}/${a.prefixLen} on ${a.ifname}`));
      const severity = ips.length > 0 ? "high" : "medium";
      const privateMntns = mounts.flatMap((m) => (m.kind === "nsfs-mount" && m.mntns !== null && m.mntns !== hostMntns ? [m.mntns] : []));
      const teardown = teardownLines(ctx.model, paths);
      const where = (l: { artifact: string; line: number; ts: string | null }) => `${l.artifact}:${l.line}${l.ts ? ` at ${l.ts}` : ""}`;
      for (const l of [...teardown.naming, ...teardown.others]) evidence.push(evidenceFromSignal(l));
      findings.push({
        id: `netns-without-process:${ns.inode}`,
        ruleId: "netns-without-process",
        severity,
        title: `${netnsLabel(ctx.index, ns.inode)} has no processes; it is held by ${held[0] ?? "a mount"}`,
        explanation:
          `No process is in ${netnsLabel(ctx.index, ns.inode)}. It stays alive only because of ${held.join(" and ")}.` +
          (ips.length ? ` It still carries ${ips.map((a) => `${a.address} on ${a.ifname}`).join(", ")}, so traffic for those addresses can be answered by this dead namespace.` : "") +
          (onlyOtherMntns
            ? " The mount is visible only inside another process's mount namespace: looping nsenter over every PID or `ip netns` on the host cannot find it. This happens when a daemon runs with MountFlags=slave/private or a helper process inherited the daemon's mounts."
            : "") +
          (teardown.naming.length
            ? ` The logs name it in a failed pod teardown: ${teardown.naming.map(where).join(", ")}.`
            : "") +
          (teardown.others.length
            ? ` ${teardown.naming.length ? "Other" : "The logs show"} pod teardowns that failed, the usual way a namespace like this is left behind: ${teardown.others.map(where).join(", ")}.`
            : ""),
        remediation:
          "Find out which workload used this namespace (its IPs, the CNI log), then release it: unmount the nsfs mount inside the mount namespace that holds it " +
          "(`nsenter -t PID -m umount PATH`) or `ip netns delete NAME`. Prevent it: run dockerd/containerd with shared mount propagation (no MountFlags=slave), and have CNI plugins symlink rather than bind-mount netns files.",
        references: ["https://github.com/moby/moby/issues/31597", "https://github.com/moby/moby/pull/31996", "https://man7.org/linux/man-pages/man7/mount_namespaces.7.html"],
        entities: entities({ ips: ips.map((a) => a.address), netns: [ns.inode], mntns: privateMntns, pids, paths }),
        evidence,
        // What left it behind: a daemon whose private mount namespace pins it, a teardown that failed.
        causedBy: [...new Set([...privateMntns.flatMap((m) => mountPropagationCauses(ctx.model, m)), ...teardownCauses([...teardown.naming, ...teardown.others])])],
      });
    }
    return findings;
  },
};

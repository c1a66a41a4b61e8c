/**
 * Scenario 1: runtime shims (containerd-shim, docker-containerd-shim, conmon) or /pause
 * processes reparented to PID 1 whose container the runtime no longer lists: left behind
 * when dockerd/containerd died or was interrupted while stopping. They keep their
 * containers' network namespaces, and the IPs in them, alive.
 */
import type { Finding } from "@/lib/rules/finding";
import { describeAncestry, evidenceFrom, netnsLabel } from "@/lib/model/lookup";
import { orphanedShims } from "@/lib/rules/netns-facts";
import { entities } from "@/lib/rules/entities";
import { incompleteStopIds } from "@/lib/rules/runtime-stop-incomplete";
import type { Rule } from "@/lib/rules/types";

export const orphanedRuntimeShimRule: Rule = {
  id: "orphaned-runtime-shim",
  severity: "high",
  summary: "Runtime shims or pause processes orphaned to PID 1 with no container listed by the runtime",
  needs: [{ kinds: ["ps"], what: "the process table (ps)" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const o of orphanedShims(ctx)) {
      const p = o.process;
      const children = ctx.model.processes.filter((c) => c.ppid === p.pid);
      const netnsSet = new Set<number>();
      for (const c of [p, ...children]) if (c.ns.net !== undefined) netnsSet.add(c.ns.net);
      const hostNet = ctx.model.namespaces.find((n) => n.type === "net" && n.isHost)?.inode;
      const held = [...netnsSet].filter((n) => n !== hostNet);
      findings.push({
        id: `orphaned-runtime-shim:${p.pid}`,
        ruleId: "orphaned-runtime-shim",
        severity: o.confirmed ? "high" : "medium",
        title: `Orphaned runtime shim ${p.comm} (PID ${p.pid}, parent PID 1)${o.containerId ? ` for container ${o.containerId.slice(0, 12)}` : ""}`,
        explanation:
          `${p.comm} PID ${p.pid}: ${o.reason}. Ancestry: ${describeAncestry(ctx.index, p.pid)}.` +
          (children.length ? ` Its children: ${children.slice(0, 5).map((c) => `${c.comm}(${c.pid})`).join(", ")}.` : "") +
          (held.length ? ` It keeps ${held.map((n) => netnsLabel(ctx.index, n)).join(", ")} alive.` : "") +
          " When dockerd/containerd is killed or its stop is interrupted, its shims are reparented to init and keep the old " +
          "containers' network namespaces (and IPs) alive; the IPs are later handed to new pods, giving duplicate IPs.",
        remediation:
          "Confirm the container is gone (`docker ps -a`, `crictl ps -a`), then stop the shim (`kill PID`; it exits when its container process ends) " +
          "and check that its netns disappeared. Make daemon stops complete (do not interrupt `systemctl stop docker`; raise TimeoutStopSec).",
        references: ["https://github.com/moby/moby/issues/31597", "https://github.com/moby/moby/pull/31996"],
        entities: entities({ netns: held, pids: [p.pid, ...children.map((c) => c.pid)], containers: [o.containerId] }),
        // a runtime that was killed or whose stop never completed leaves its shims behind
        causedBy: ["runtime-abnormal-exit", ...incompleteStopIds(ctx.model)],
        evidence: [...evidenceFrom(p.src, p.args), ...children.flatMap((c) => evidenceFrom(c.src, c.args))],
      });
    }
    return findings;
  },
};

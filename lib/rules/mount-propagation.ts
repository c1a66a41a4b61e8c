/**
 * Scenario 2's cause: dockerd/containerd started with MountFlags=slave (or private). Their
 * mount namespace then stops receiving unmounts from the host, so netns bind mounts the
 * runtime removes on the host live on inside the daemon's namespace.
 */
import type { NodeModel, Process, UnitFile } from "@/lib/model/types";
import type { Finding } from "@/lib/rules/finding";
import { evidenceFrom } from "@/lib/model/lookup";
import { entities } from "@/lib/rules/entities";
import type { Rule } from "@/lib/rules/types";

const RUNTIME_UNIT = /^(docker|containerd|kubelet|cri-o|crio)(\.service)?$/;
/** The daemon a runtime unit starts, by its comm. */
const DAEMON: Record<string, RegExp> = { docker: /^dockerd$/, containerd: /^containerd$/, kubelet: /^kubelet$/, "cri-o": /^crio$/, crio: /^crio$/ };

function privateMountUnits(model: NodeModel): { unit: UnitFile; flag: string; daemons: Process[] }[] {
  return model.units.flatMap((unit) => {
    const m = RUNTIME_UNIT.exec(unit.unit);
    const flag = unit.settings["MountFlags"]?.value.trim();
    if (!m || !flag || !/^(slave|private)$/i.test(flag)) return [];
    const daemon = DAEMON[m[1]!]!;
    return [{ unit, flag, daemons: model.processes.filter((p) => daemon.test(p.comm)) }];
  });
}

/** Findings of this rule whose daemon lives in mount namespace `mntns`: the cause of what it pins. */
export function mountPropagationCauses(model: NodeModel, mntns: number): string[] {
  return privateMountUnits(model).filter((u) => u.daemons.some((p) => p.ns.mnt === mntns)).map((u) => `runtime-mount-propagation:${u.unit.unit}`);
}

export const mountPropagationRule: Rule = {
  id: "runtime-mount-propagation",
  severity: "high",
  summary: "Container runtime unit with MountFlags=slave or private",
  needs: [{ kinds: ["systemd-unit"], what: "docker/containerd/kubelet unit files and drop-ins" }],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const { unit, daemons } of privateMountUnits(ctx.model)) {
      const flag = unit.settings["MountFlags"]!;
      findings.push({
        id: `runtime-mount-propagation:${unit.unit}`,
        ruleId: "runtime-mount-propagation",
        severity: "high",
        title: `${unit.unit} runs with MountFlags=${flag.value.trim()}`,
        explanation:
          `${unit.unit} is started in its own mount namespace with ${flag.value.trim()} propagation. Mounts made or removed on the host ` +
          "after it started do not propagate into it in both directions, so the nsfs bind mounts of container network namespaces " +
          "(/run/docker/netns/*, /run/netns/*) can survive in the daemon's mount namespace after the container is deleted. " +
          "The namespace and its IP then leak: the IP is given to a new pod and answers from two places.",
        remediation:
          `Remove MountFlags from ${unit.unit} (and its drop-ins), run \`systemctl daemon-reload\` and restart the runtime during a maintenance window; ` +
          "then clean up leaked namespaces (see the netns findings).",
        references: ["https://github.com/moby/moby/issues/31597", "https://github.com/moby/moby/pull/31996", "https://www.freedesktop.org/software/systemd/man/systemd.exec.html#MountFlags="],
        // the node's unit file or drop-in that sets it (the bundle's copy when the dump does not say)
        entities: entities({ pids: daemons.map((p) => p.pid), mntns: daemons.map((p) => p.ns.mnt), paths: [flag.file ?? flag.src.artifact] }),
        evidence: [{ ...flag.src, excerpt: `MountFlags=${flag.value}` }, ...daemons.slice(0, 3).flatMap((p) => evidenceFrom(p.src, p.args || p.comm))],
      });
    }
    return findings;
  },
};

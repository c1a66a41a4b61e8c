/** Containers as the runtimes list them (docker ps, crictl ps/pods) and runtime unit settings. */
import type { CrictlPodRecord } from "@/lib/parsers/host/crictl-pods";
import type { CrictlContainerRecord } from "@/lib/parsers/host/crictl-ps";
import type { DockerPidRecord } from "@/lib/parsers/host/docker-inspect-pids";
import type { DockerPsRecord } from "@/lib/parsers/host/docker-ps";
import type { UnitSettingRecord } from "@/lib/parsers/host/systemd-unit";
import type { ContainerInfo, UnitFile } from "@/lib/model/types";
import { byKind, srcOf, type ParsedBundle } from "@/lib/stream/parsed-bundle";

export function buildContainers(pb: ParsedBundle): ContainerInfo[] {
  const out: ContainerInfo[] = [];
  const pidById = new Map<string, number>();
  for (const a of byKind<DockerPidRecord>(pb, "docker-inspect-pids")) for (const r of a.records) pidById.set(r.id, r.pid);
  for (const a of byKind<DockerPsRecord>(pb, "docker-ps")) {
    for (const r of a.records) {
      const c: ContainerInfo = { runtime: "docker", id: r.id, name: r.names[0], image: r.image, state: r.state, src: srcOf(a.info.path, r.line) };
      const pid = [...pidById].find(([id]) => id.startsWith(r.id) || r.id.startsWith(id))?.[1];
      if (pid) c.pid = pid;
      out.push(c);
    }
  }
  for (const a of byKind<CrictlContainerRecord>(pb, "crictl-ps")) {
    for (const r of a.records) out.push({ runtime: "crictl", id: r.id, name: r.name, image: r.image, state: r.state, src: srcOf(a.info.path, r.line) });
  }
  // Pod sandboxes: the pause container's id is the pod id, which shims serve too.
  for (const a of byKind<CrictlPodRecord>(pb, "crictl-pods")) {
    for (const r of a.records) out.push({ runtime: "crictl-pod", id: r.podId, name: r.name, state: r.state, src: srcOf(a.info.path, r.line) });
  }
  return out;
}

/**
 * Unit settings, the last assignment winning as systemd applies drop-ins after the unit. Our
 * bundle keeps one `systemctl cat` per unit; a sosreport keeps the copied files, so a unit's
 * vendor file (lib/), its /etc override and its drop-ins (sorted) are applied in that order.
 */
export function buildUnits(pb: ParsedBundle): UnitFile[] {
  const out: UnitFile[] = [];
  const copied = new Map<string, UnitFile>();
  const order = (p: string) => (/\.d\/[^/]+$/.test(p) ? 2 : /(^|\/)etc\//.test(p) ? 1 : 0);
  const arts = byKind<UnitSettingRecord>(pb, "systemd-unit");
  const sorted = [...arts].sort((x, y) => order(x.info.path) - order(y.info.path) || x.info.path.localeCompare(y.info.path));
  for (const a of sorted) {
    const ours = /host\/units\/([^/]+)\//.exec(a.info.path)?.[1];
    const unit = ours ?? /([^/]+\.(?:service|socket))(?:\.d\/[^/]+)?$/.exec(a.info.path)?.[1] ?? a.info.path.split("/").pop() ?? a.info.path;
    let file: UnitFile | undefined = ours ? undefined : copied.get(unit);
    if (!file) {
      file = { unit, path: a.info.path, settings: {} };
      out.push(file);
      if (!ours) copied.set(unit, file);
    }
    for (const r of a.records) {
      if (r.section !== null && r.section !== "Service" && r.section !== "Unit") continue;
      file.settings[r.key] = { value: r.value, src: srcOf(a.info.path, r.line, r.lineEnd), ...(r.file ? { file: r.file } : {}) };
    }
  }
  // our units in bundle order, as before
  return out.sort((x, y) => arts.findIndex((a) => a.info.path === x.path) - arts.findIndex((a) => a.info.path === y.path));
}

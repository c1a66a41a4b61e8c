/**
 * What a sosreport cannot show, said where a rule is not evaluated: sos reads no process's
 * namespace links (readlink /proc/PID/ns/*), so even its copies of /proc/PID/mountinfo
 * (filesys plugin) do not say which mount namespace holds a hidden nsfs mount, and it takes no
 * packet capture. Our collector does all three.
 */
import type { NodeModel } from "@/lib/model/types";

const SOS_CANNOT_SHOW = new Set(["ns-links", "ns-fds", "lsns", "lsns-json", "pcap"]);

export const COLLECT_HINT =
  "a sosreport cannot show this (per-process namespaces, the mount namespace that holds an nsfs mount, captures): run netbundle-collect on the node";

export function isSosreport(model: NodeModel): boolean {
  return model.bundle.collector?.name === "sos report" || model.artifacts.some((a) => a.path.startsWith("sos_commands/"));
}

/** The hint for these missing kinds, or "" when a sosreport could have had them. */
export function collectHint(model: NodeModel, missingKinds: string[]): string {
  return missingKinds.some((k) => SOS_CANNOT_SHOW.has(k)) && isSosreport(model) ? ` (${COLLECT_HINT})` : "";
}

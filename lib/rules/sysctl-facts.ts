/** Which sysctls apply in a netns, for rules (the merge itself lives with the model). */
import type { NetnsView, NodeModel, SysctlValue } from "@/lib/model/types";
import { netnsSysctls } from "@/lib/model/effective-sysctl";

export function sysctlsOf(model: NodeModel, view: NetnsView, isHost: boolean): Record<string, SysctlValue> {
  return netnsSysctls(model.sysctls, view, isHost);
}

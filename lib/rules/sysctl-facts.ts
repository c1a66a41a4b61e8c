/** Which sysctls apply in a netns: its own `sysctl net`, and for the host also sysctl -a. */
import type { NetnsView, NodeModel, SysctlValue } from "@/lib/model/types";

export function sysctlsOf(model: NodeModel, view: NetnsView, isHost: boolean): Record<string, SysctlValue> {
  return isHost ? { ...model.sysctls, ...view.sysctls } : view.sysctls;
}

/**
 * Effective sysctl values per netns, applying the kernel's own combination rules.
 * rp_filter: the kernel uses max(conf.all.rp_filter, conf.IFACE.rp_filter) (see
 * Documentation/networking/ip-sysctl.rst), so "all=1" makes every interface strict.
 */
import type { NetnsView, NodeModel, SysctlValue } from "@/lib/model/types";

/** sysctls of one netns; the host netns falls back to host sysctl -a. */
export function sysctlsOf(model: NodeModel, view: NetnsView, isHost: boolean): Record<string, SysctlValue> {
  return isHost ? { ...model.sysctls, ...view.sysctls } : view.sysctls;
}

export interface EffectiveRpFilter {
  iface: string;
  value: number;
  from: SysctlValue[];
}

export function effectiveRpFilter(sysctls: Record<string, SysctlValue>, iface: string): EffectiveRpFilter | null {
  const all = sysctls["net.ipv4.conf.all.rp_filter"];
  const own = sysctls[`net.ipv4.conf.${iface.replace(/\./g, "/")}.rp_filter`] ?? sysctls[`net.ipv4.conf.${iface}.rp_filter`];
  if (!all && !own) return null;
  const a = all ? Number(all.value) : 0;
  const o = own ? Number(own.value) : 0;
  const from = [all, own].filter((v): v is SysctlValue => v !== undefined);
  return { iface, value: Math.max(Number.isFinite(a) ? a : 0, Number.isFinite(o) ? o : 0), from };
}

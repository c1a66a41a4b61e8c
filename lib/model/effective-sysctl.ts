/**
 * Effective per-interface IPv4 conf values, combining conf.all and conf.IFACE the way the
 * kernel does (Documentation/networking/ip-sysctl.rst): for some keys the max of the two
 * counts, for others a logical OR. A support engineer reading `rp_filter=0` on eth0 while
 * `all.rp_filter=1` otherwise draws the wrong conclusion: strict mode applies.
 */
import type { Interface, SysctlValue } from "@/lib/model/types";

type Combine = "max" | "or";

const COMBINE: Record<string, Combine> = {
  rp_filter: "max",
  arp_announce: "max",
  arp_ignore: "max",
  arp_filter: "or",
  log_martians: "or",
  proxy_arp: "or",
  route_localnet: "or",
  shared_media: "or",
  secure_redirects: "or",
};

export interface EffectiveValue {
  value: number;
  combine: Combine;
  /** The sysctls it came from (all, then the interface), for evidence. */
  from: SysctlValue[];
}

/** net.ipv4.conf keys print a dot in an interface name as "/" (eth0.100 → eth0/100). */
function ifaceKey(ifname: string, key: string): string {
  return `net.ipv4.conf.${ifname.replace(/\./g, "/")}.${key}`;
}

export function effectiveConf(sysctls: Record<string, SysctlValue>, ifname: string, key: string): EffectiveValue | null {
  const combine = COMBINE[key];
  if (!combine) return null;
  const all = sysctls[`net.ipv4.conf.all.${key}`];
  const own = sysctls[ifaceKey(ifname, key)];
  if (!all && !own) return null;
  const num = (v: SysctlValue | undefined) => {
    const n = v ? Number(v.value.trim()) : 0;
    return Number.isFinite(n) ? n : 0;
  };
  const value = combine === "max" ? Math.max(num(all), num(own)) : num(all) || num(own) ? 1 : 0;
  return { value, combine, from: [all, own].filter((v): v is SysctlValue => v !== undefined) };
}

/** Every combined key for every interface: { eth0: { rp_filter: {...}, ... } }. */
export function effectiveConfs(sysctls: Record<string, SysctlValue>, interfaces: Interface[]): Record<string, Record<string, EffectiveValue>> {
  const out: Record<string, Record<string, EffectiveValue>> = {};
  for (const i of interfaces) {
    for (const key of Object.keys(COMBINE)) {
      const v = effectiveConf(sysctls, i.name, key);
      if (v) (out[i.name] ??= {})[key] = v;
    }
  }
  return out;
}

/** The sysctls in force in a netns: its own `sysctl net`, over host sysctl -a for the host netns. */
export function netnsSysctls(hostSysctls: Record<string, SysctlValue>, view: { sysctls: Record<string, SysctlValue> }, isHost: boolean): Record<string, SysctlValue> {
  return isHost ? { ...hostSysctls, ...view.sysctls } : view.sysctls;
}

/**
 * One matched namespace's facts per area, keyed for keyedDiff, and which areas each bundle
 * collected there (an area one side did not collect is not compared: absent is not removed).
 */
import type { NetnsView, NodeModel, NsHolder } from "@/lib/model/types";
import { netnsSysctls } from "@/lib/model/effective-sysctl";
import type { NetnsArea } from "@/lib/compare/types";
import type { KeyedFact } from "@/lib/compare/keyed-diff";

/** The artifact kinds that carry each area; an area is collected when one of them parsed. */
const AREA_KINDS: Record<Exclude<NetnsArea, "holders">, RegExp> = {
  interfaces: /^ip-(link|addr)(-json)?$/,
  addresses: /^ip-addr(-json)?$/,
  routes: /^ip-route(-json)?$/,
  "ip rules": /^ip-rule(-json)?$/,
  listeners: /^ss$/,
  sysctls: /^sysctl$/,
  iptables: /^ip6?tables-save$/,
  nft: /^nft-ruleset(-json)?$/,
};

/**
 * Host-wide values that count or drift on a live node (entropy, file handles, conntrack
 * entries, PIDs): a difference in them says nothing about a change of configuration.
 */
const VOLATILE_SYSCTL = /^(kernel\.random\.|kernel\.ns_last_pid$|kernel\.pty\.nr$|fs\.(dentry-state|file-nr|inode-nr|inode-state|quota\.)|net\.netfilter\.nf_conntrack_count$|kernel\.tainted$|vm\.stat_)/;

export function collectedAreas(view: NetnsView | undefined, isHost: boolean, model: NodeModel): Set<NetnsArea> {
  const out = new Set<NetnsArea>(["holders"]);
  if (!view) return out;
  for (const [area, re] of Object.entries(AREA_KINDS) as [Exclude<NetnsArea, "holders">, RegExp][]) if (view.collected.some((k) => re.test(k))) out.add(area);
  if (isHost && Object.keys(model.sysctls).length > 0) out.add("sysctls");
  return out;
}

function holderFact(h: NsHolder): KeyedFact {
  switch (h.kind) {
    case "process":
      return { key: `process ${h.comm}`, text: `process ${h.comm} (${h.pid})` };
    case "nsfs-mount":
      return { key: `mount ${h.mountPoint}`, text: `${h.fstype} mount ${h.mountPoint}`, ...(h.src ? { src: h.src } : {}) };
    case "fd":
      return { key: `fd of ${h.comm}`, text: `open fd ${h.fd} of ${h.comm} (${h.pid})` };
    case "name":
      return { key: `name ${h.path}`, text: `name ${h.path}` };
  }
}

const withSrc = <T extends { src?: KeyedFact["src"] }>(x: T) => (x.src ? { src: x.src } : {});

/** Keyed facts of one area in one namespace. */
export function areaFacts(area: NetnsArea, model: NodeModel, inode: number, view: NetnsView | undefined, isHost: boolean): KeyedFact[] {
  if (area === "holders") {
    const ns = model.namespaces.find((n) => n.type === "net" && n.inode === inode);
    // PIDs change with every restart: a holder is the same when its command is.
    return (ns?.holders ?? []).map(holderFact);
  }
  if (!view) return [];
  switch (area) {
    case "interfaces":
      return view.interfaces.map((i) => ({
        key: i.name,
        text: `${i.name}${i.linkKind ? ` (${i.linkKind})` : ""} ${i.state}${i.mac ? ` ${i.mac}` : ""}${i.mtu ? ` mtu ${i.mtu}` : ""}${i.master ? ` master ${i.master}` : ""}`,
        ...withSrc(i),
      }));
    case "addresses":
      // An IPv6 link-local address is derived from the MAC (reported under interfaces) and changes with it.
      return view.addresses
        .filter((a) => !/^fe80:/i.test(a.address))
        .map((a) => ({ key: `${a.address}/${a.prefixLen} dev ${a.ifname}`, text: `${a.address}/${a.prefixLen} dev ${a.ifname}`, ...withSrc(a) }));
    case "routes":
      return view.routes.map((r) => {
        const text = [r.type !== "unicast" ? r.type : "", r.dst, r.gateway ? `via ${r.gateway}` : "", r.dev ? `dev ${r.dev}` : "", r.prefsrc ? `src ${r.prefsrc}` : "", r.metric !== undefined ? `metric ${r.metric}` : "", `table ${r.table}`].filter(Boolean).join(" ");
        return { key: text, text, ...withSrc(r) };
      });
    case "ip rules":
      return view.rules.map((r) => ({ key: `${r.family === 6 ? "-6 " : ""}${r.priority}: ${r.selector}`, text: `${r.priority}: ${r.selector}`, ...withSrc(r) }));
    case "listeners":
      return view.sockets
        .filter((s) => (s.proto === "tcp" && s.state.toUpperCase().startsWith("LISTEN")) || (s.proto === "udp" && s.state.toUpperCase() === "UNCONN"))
        .map((s) => {
          const comms = [...new Set(s.processes.map((p) => p.comm))].sort().join(",");
          return { key: `${s.proto} ${s.local}${comms ? ` ${comms}` : ""}`, text: `${s.proto} ${s.local}${comms ? ` (${comms})` : ""}`, ...withSrc(s) };
        });
    case "sysctls": {
      const values = netnsSysctls(model.sysctls, view, isHost);
      const facts: KeyedFact[] = Object.entries(values)
        .filter(([k]) => !VOLATILE_SYSCTL.test(k))
        .map(([k, v]) => ({ key: k, text: `${k}=${v.value}`, value: v.value, ...withSrc(v) }));
      // What the kernel applies per interface (rp_filter = max(all, iface), ...): a flip of conf.all shows here too.
      for (const [ifname, keys] of Object.entries(view.effectiveConf)) {
        for (const [k, e] of Object.entries(keys)) facts.push({ key: `effective ${ifname} ${k}`, text: `${k} on ${ifname} = ${e.value} (effective)`, value: String(e.value), ...withSrc(e.from[0] ?? {}) });
      }
      return facts;
    }
    case "iptables":
      return view.iptables.flatMap((rs) => {
        const where = `${rs.backend} ${rs.family === 6 ? "ip6tables" : "iptables"}`;
        const chains: KeyedFact[] = rs.chains.map((c) => ({ key: `${where} ${c.table} chain ${c.name}`, text: `${where} -t ${c.table} :${c.name} ${c.policy ?? "-"}`, value: c.policy ?? "-", ...withSrc(c) }));
        const rules: KeyedFact[] = rs.rules.map((r) => ({
          key: `${where} ${r.table} ${r.text}`,
          text: `${where} -t ${r.table} ${r.text}`,
          value: "",
          ...withSrc(r),
          ...(r.packets !== undefined ? { counters: `${r.packets} ${r.bytes ?? 0}` } : {}),
        }));
        return [...chains, ...rules];
      });
    case "nft":
      return (view.nft?.tables ?? []).flatMap((t) =>
        t.chains.flatMap((c) => {
          const where = `nft ${t.family} ${t.name} ${c.name}`;
          const chain: KeyedFact = { key: `${where} chain`, text: `table ${t.family} ${t.name} chain ${c.name}${c.hook ? ` hook ${c.hook}` : ""}${c.policy ? ` policy ${c.policy}` : ""}`, value: `${c.hook ?? ""} ${c.policy ?? ""}` };
          const rules = c.rules.map((r) => {
            const counters = /counter packets (\d+) bytes (\d+)/.exec(r.text);
            // Counters and handles change without the rule changing.
            const norm = r.text.replace(/counter packets \d+ bytes \d+/, "counter").replace(/\s*# handle \d+\s*$/, "").replace(/\s+/g, " ").trim();
            return { key: `${where} ${norm}`, text: `${where}: ${norm}`, value: "", ...withSrc(r), ...(counters ? { counters: `${counters[1]} ${counters[2]}` } : {}) };
          });
          return [chain, ...rules];
        }),
      );
  }
}

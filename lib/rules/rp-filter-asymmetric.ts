/**
 * Scenario 4: strict reverse-path filtering (effective rp_filter = max(all, IFACE) = 1)
 * together with evidence of asymmetric routing in the same namespace. Replies that arrive
 * on an interface other than the one the route back would use are silently dropped.
 * Strict rp_filter alone is common and harmless, so it is only reported with the evidence.
 */
import type { Evidence, Finding } from "@/lib/rules/finding";
import { evidenceFrom, namespace, netnsLabel } from "@/lib/model/lookup";
import { entities, sysctlEntity } from "@/lib/rules/entities";
import { sysctlsOf } from "@/lib/rules/sysctl-facts";
import type { Rule } from "@/lib/rules/types";
import { asymmetricRoutingSigns } from "@/lib/rules/route-facts";

export const rpFilterAsymmetricRule: Rule = {
  id: "rp-filter-strict-asymmetric",
  severity: "high",
  summary: "Strict rp_filter with asymmetric routing in the same namespace",
  needs: [
    { kinds: ["sysctl"], what: "sysctl values" },
    { kinds: ["ip-route-json", "ip-route"], what: "routes (ip route show table all)" },
  ],
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const view of ctx.model.netns) {
      const strict = view.interfaces
        .filter((i) => i.name !== "lo")
        .map((i) => ({ iface: i.name, ...view.effectiveConf[i.name]?.rp_filter }))
        .filter((e) => e.value === 1 && e.from !== undefined)
        .map((e) => ({ iface: e.iface, value: 1, from: e.from ?? [] }));
      if (strict.length === 0) continue;
      const signs = asymmetricRoutingSigns(view);
      if (signs.length === 0) continue;
      const strictIfaces = new Set(strict.map((s) => s.iface));
      const sysctls = sysctlsOf(ctx.model, view, namespace(ctx.index, "net", view.inode)?.isHost ?? false);
      const evidence: Evidence[] = [];
      for (const e of strict) for (const s of e.from) evidence.push(...evidenceFrom(s.src, s.value));
      for (const s of signs) evidence.push(...s.evidence);
      // conf.all is shared by every interface: cite each line once
      const cited = new Set<string>();
      const unique = evidence.filter((e) => {
        const k = `${e.artifact}:${e.lineStart}:${e.lineEnd}:${e.excerpt}`;
        return cited.has(k) ? false : (cited.add(k), true);
      });
      findings.push({
        id: `rp-filter-strict-asymmetric:${view.inode}`,
        ruleId: "rp-filter-strict-asymmetric",
        severity: "high",
        title: `Strict rp_filter with asymmetric routing in ${netnsLabel(ctx.index, view.inode)}`,
        explanation:
          `Reverse-path filtering is strict (effective value 1 = max of conf.all and the interface) on ${strict.map((s) => s.iface).join(", ")}, ` +
          `and the routing is asymmetric: ${signs.map((s) => s.text).join("; ")}. A reply arriving on an interface other than the one ` +
          "the kernel would use to reach its source is dropped without a trace (no ICMP, no log unless log_martians=1).",
        remediation:
          "Use loose mode (`net.ipv4.conf.all.rp_filter=2` and the interfaces' value 2, or 0 where appropriate) on nodes with policy routing " +
          "or several uplinks; remember the kernel takes the max of `all` and the interface, so lowering only the interface is not enough.",
        references: ["https://docs.kernel.org/networking/ip-sysctl.html#rp_filter"],
        entities: entities({
          // rp_filter is IPv4 only: the addresses whose replies it checks, then what makes the path asymmetric
          ips: [...view.addresses.filter((a) => a.family === 4 && strictIfaces.has(a.ifname)).map((a) => a.address), ...signs.flatMap((s) => s.ips)],
          netns: [view.inode],
          // the keys the kernel combined, each with the value it read (effective = their max)
          sysctls: strict.flatMap((s) => [`net.ipv4.conf.all.rp_filter`, `net.ipv4.conf.${s.iface}.rp_filter`]).flatMap((name) => (sysctls[name] ? [sysctlEntity(name, sysctls[name].value.trim())] : [])),
          interfaces: strict.map((s) => s.iface),
        }),
        evidence: unique,
      });
    }
    return findings;
  },
};

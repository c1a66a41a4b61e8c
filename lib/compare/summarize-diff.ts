/** The sentences a Compare page and `netbundle diff` open with, most important first. */
import type { BundleDiff } from "@/lib/compare/types";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function listed(items: string[], max = 3): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

export function summarizeDiff(d: BundleDiff): string[] {
  const out: string[] = [];
  const f = d.findings;
  const sevChanged = f.persisting.filter((p) => p.severityChanged).length;
  out.push(`${plural(f.resolved.length, "finding")} resolved, ${f.new.length} new, ${f.persisting.length} persisting${sevChanged ? ` (${sevChanged} with another severity)` : ""}${f.notReevaluated.length ? `, ${f.notReevaluated.length} not re-evaluated` : ""}.`);
  if (d.a.host && d.b.host && d.a.host !== d.b.host) out.push(`These are two different nodes: ${d.a.host} and ${d.b.host}.`);
  if (d.a.bootTime && d.b.bootTime && d.host.some((h) => h.changes.some((c) => c.what === "boot time"))) out.push(`The node rebooted between the two bundles (booted ${d.a.bootTime}, then ${d.b.bootTime}).`);
  for (const m of d.ips.duplicatesResolved) out.push(`IP ${m.ip} now in ${plural(m.to.length, "namespace")} (was ${m.from.length}).`);
  for (const m of d.ips.duplicatesAppeared) out.push(`IP ${m.ip} now in ${m.to.length} namespaces (was ${m.from.length}): ${listed(m.to)}.`);
  if (d.namespaces.removed.length) out.push(`${plural(d.namespaces.removed.length, "namespace")} gone: ${listed(d.namespaces.removed.map((n) => n.label))}.`);
  if (d.namespaces.added.length) out.push(`${plural(d.namespaces.added.length, "namespace")} new: ${listed(d.namespaces.added.map((n) => n.label))}.`);
  const recreated = d.namespaces.matched.filter((p) => p.a.inode !== p.b.inode && p.matchedBy !== "host");
  if (recreated.length) out.push(`${plural(recreated.length, "namespace")} re-created under another inode: ${listed(recreated.map((p) => `${p.b.label} (was ${p.a.inode}, matched by ${p.matchedBy})`))}.`);
  for (const m of d.ips.moved) out.push(`IP ${m.ip} moved: ${listed(m.from)} → ${listed(m.to)}.`);
  const count = (area: string) => d.netns.flatMap((n) => n.areas.filter((a) => a.area === area).flatMap((a) => a.changes));
  const sysctls = count("sysctls").filter((c) => c.kind === "changed" && !c.what.startsWith("effective "));
  if (sysctls.length) out.push(`${plural(sysctls.length, "sysctl")} changed: ${listed(sysctls.map((c) => `${c.a?.text} → ${c.b?.text?.split("=").slice(1).join("=")}`))}.`);
  for (const area of ["iptables", "nft", "routes", "listeners"] as const) {
    const cs = count(area).filter((c) => !c.delta);
    const added = cs.filter((c) => c.kind === "added").length;
    const removed = cs.filter((c) => c.kind === "removed").length;
    const changed = cs.filter((c) => c.kind === "changed").length;
    if (added + removed + changed) out.push(`${area}: ${added} added, ${removed} removed${changed ? `, ${changed} changed` : ""}.`);
  }
  for (const n of d.coverage.notCompared) out.push(`Not compared: ${n}.`);
  return out;
}

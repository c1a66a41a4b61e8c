/**
 * Test-only audit: the facts a finding's title and explanation rely on must be in its
 * entities, so the UI, search, links and compare can join on them. Read from the text:
 * IPv4 addresses and CIDRs (an address inside a CIDR the entities name counts), MACs,
 * namespace inodes (netns or mntns), PIDs written as "PID N", "pid N" or "comm(N)", sysctl
 * values written "name = value" / "name=value", and /run/netns or docker netns paths.
 * Not read: ports (the text shows clients' ephemeral ports too) and chain names. Addresses
 * every namespace has (0.0.0.0, loopback, link-local) and a process's parent ("parent PID N",
 * ancestry "←" chains) are context, not entities.
 */
import type { Finding } from "@/lib/rules/finding";
import { ipInCidr } from "@/lib/rules/route-facts";

const IPV4 = /(?<![\w.:])(\d{1,3}(?:\.\d{1,3}){3})(\/\d{1,2})?(?![\w.])/g;
const MAC = /(?<![\w:])([0-9a-f]{2}(?::[0-9a-f]{2}){5})(?![\w:])/gi;
/** nsfs inodes: the kernel numbers namespaces from 0xF0000000 (4026531840) up. */
const INODE = /(?<!\d)(40265\d{5})(?!\d)/g;
const PID = /(?<!parent (?:is )?)\b(?:PID|pid) (\d+)\b|\b[\w.-]+\((\d+)\)/g;
const SYSCTL = /\b((?:net|kernel|vm|fs)\.[\w.-]+[\w])\s?=\s?(-?\d+)\b/g;
const NETNS_PATH = /(?:\/var)?\/run\/(?:netns|docker\/netns)\/[\w.@-]+/g;

const contextIp = (ip: string) => ip === "0.0.0.0" || ip.startsWith("127.") || ip.startsWith("169.254.") || ip.startsWith("255.");

/** Each fact of the text that is missing from the finding's entities, as "kind value". */
export function entitiesMissingFromText(f: Finding): string[] {
  // ancestry ("pause(12) ← containerd(3) ← systemd(1)") lists the parents of a holder, not the holder itself
  const text = `${f.title}\n${f.explanation}`.replace(/ ← [^;\n]*/g, "");
  const e = f.entities;
  const missing = new Set<string>();
  const ips = e.ips ?? [];
  for (const m of text.matchAll(IPV4)) {
    const [value, ip, prefix] = [m[0], m[1]!, m[2]];
    if (contextIp(ip) || ip.split(".").some((o) => Number(o) > 255)) continue;
    // "198.18.0.5/24 on eth0" is an interface address: the address is the entity
    const covered = ips.includes(value) || ips.includes(ip) || (!prefix && ips.some((c) => c.includes("/") && ipInCidr(ip, c)));
    if (!covered) missing.add(`ip ${value}`);
  }
  const macs = (e.macs ?? []).map((m) => m.toLowerCase());
  for (const m of text.matchAll(MAC)) if (!/^(00:){5}00$/.test(m[1]!) && !macs.includes(m[1]!.toLowerCase())) missing.add(`mac ${m[1]}`);
  const inodes = new Set([...(e.netns ?? []), ...(e.mntns ?? [])]);
  for (const m of text.matchAll(INODE)) if (!inodes.has(Number(m[1]))) missing.add(`namespace ${m[1]}`);
  const pids = new Set(e.pids ?? []);
  for (const m of text.matchAll(PID)) {
    const pid = Number(m[1] ?? m[2]);
    if (!pids.has(pid)) missing.add(`pid ${pid}`);
  }
  const sysctls = e.sysctls ?? [];
  for (const m of text.matchAll(SYSCTL)) if (!sysctls.includes(`${m[1]}=${m[2]}`)) missing.add(`sysctl ${m[1]}=${m[2]}`);
  const paths = e.paths ?? [];
  for (const m of text.matchAll(NETNS_PATH)) if (!paths.some((p) => p === m[0] || p.endsWith(m[0]) || m[0].endsWith(p))) missing.add(`path ${m[0]}`);
  return [...missing];
}

/** Findings whose text relies on something their entities leave out: "rule-id: kind value, …". */
export function entityGaps(findings: Finding[]): string[] {
  return findings.flatMap((f) => {
    const gaps = entitiesMissingFromText(f);
    return gaps.length ? [`${f.id}: ${gaps.join(", ")}`] : [];
  });
}

/**
 * Findings new, resolved and persisting between two bundles. A finding's id is its rule plus
 * the entity it is about ("duplicate-ip:198.18.0.5"), so equal ids are the same problem;
 * ids that carry a namespace inode or a PID change when the namespace or process is
 * re-created, so a finding left over is matched again by rule and by the entities that
 * survive a re-creation (addresses, services, paths, chains, sysctl names, interfaces).
 * A finding whose rule could not run on B is not called resolved. Equal ids are not the same
 * problem when the namespace inode in them is one the kernel handed out again to another
 * namespace (the matching of lib/compare/match-netns.ts says so): a leaked netns removed and
 * a new one that got its inode number are one finding resolved and one new.
 */
import type { Finding } from "@/lib/rules/finding";
import type { BundleDiff, CompareSide, FindingBrief, PersistingFinding } from "@/lib/compare/types";

export function briefOf(f: Finding): FindingBrief {
  const e = f.evidence[0];
  return { id: f.id, ruleId: f.ruleId, severity: f.severity, title: f.title, ...(e ? { src: { artifact: e.artifact, lineStart: e.lineStart, lineEnd: e.lineEnd } } : {}) };
}

/** Entities that name the same thing in two bundles of one node (not inodes or PIDs). */
function stableEntities(f: Finding): Set<string> {
  const e = f.entities;
  return new Set([
    ...(e.ips ?? []).map((v) => `ip ${v}`),
    ...(e.services ?? []).map((v) => `svc ${v}`),
    ...(e.paths ?? []).map((v) => `path ${v}`),
    ...(e.chains ?? []).map((v) => `chain ${v}`),
    ...(e.sysctls ?? []).map((v) => `sysctl ${v.split("=")[0]}`),
    ...(e.interfaces ?? []).map((v) => `if ${v}`),
    ...(e.containers ?? []).map((v) => `ctr ${v}`),
  ]);
}

/** No inode both findings name stands for two different namespaces (a reused inode number). */
function sameNamespaces(x: Finding, y: Finding, bOfA: ReadonlyMap<number, number> | undefined): boolean {
  if (!bOfA) return true;
  const inY = new Set(y.entities.netns ?? []);
  return (x.entities.netns ?? []).every((n) => !inY.has(n) || bOfA.get(n) === n);
}

export function compareFindings(a: CompareSide, b: CompareSide, netns?: { bOfA: ReadonlyMap<number, number> }): BundleDiff["findings"] {
  const byIdB = new Map(b.findings.map((f) => [f.id, f]));
  const persisting: PersistingFinding[] = [];
  const leftA: Finding[] = [];
  const takenB = new Set<string>();
  for (const x of a.findings) {
    const y = byIdB.get(x.id);
    if (y && sameNamespaces(x, y, netns?.bOfA)) {
      persisting.push({ a: briefOf(x), b: briefOf(y), matchedBy: "id", severityChanged: x.severity !== y.severity });
      takenB.add(y.id);
    } else leftA.push(x);
  }
  const resolved: Finding[] = [];
  for (const x of leftA) {
    const ex = stableEntities(x);
    const y = ex.size > 0 ? b.findings.find((f) => !takenB.has(f.id) && f.ruleId === x.ruleId && [...stableEntities(f)].some((v) => ex.has(v))) : undefined;
    if (y) {
      persisting.push({ a: briefOf(x), b: briefOf(y), matchedBy: "entities", severityChanged: x.severity !== y.severity });
      takenB.add(y.id);
    } else resolved.push(x);
  }
  const skippedOnB = new Set((b.notEvaluated ?? []).map((n) => n.ruleId));
  return {
    new: b.findings.filter((f) => !takenB.has(f.id)).map(briefOf),
    resolved: resolved.filter((f) => !skippedOnB.has(f.ruleId)).map(briefOf),
    persisting,
    notReevaluated: resolved.filter((f) => skippedOnB.has(f.ruleId)).map(briefOf),
  };
}

/**
 * Assertions on findings against the bundle they came from: a finding's evidence must point
 * at real lines of a real artifact, and the cited lines must contain the fact claimed.
 */
import { expect } from "vitest";
import type { ExtractedBundle } from "@/collector-script/test/lab";
import type { Evidence, Finding } from "@/lib/rules/finding";
import { entityGaps } from "@/test/support/entities-audit";

/** Findings of one rule, optionally only those naming one of the given netns inodes. */
export function findingsOf(findings: Finding[], ruleId: string, netns?: number[]): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId && (!netns || (f.entities.netns ?? []).some((n) => netns.includes(n))));
}

/** Exactly one finding of the rule about these netns; fails with the rule ids seen otherwise. */
export function oneFinding(findings: Finding[], ruleId: string, netns?: number[]): Finding {
  const hits = findingsOf(findings, ruleId, netns);
  expect(hits, `${ruleId} for netns ${netns?.join(",") ?? "*"}; got ${summarize(findings)}`).toHaveLength(1);
  return hits[0] as Finding;
}

/** The text of the lines an evidence item cites (1-based inclusive). */
export function citedText(bundle: ExtractedBundle, ev: Evidence): string {
  const lines = bundle.read(stripTop(ev.artifact)).split("\n");
  expect(ev.lineStart, `${ev.artifact} lineStart`).toBeGreaterThanOrEqual(1);
  expect(ev.lineEnd, `${ev.artifact} lineEnd`).toBeGreaterThanOrEqual(ev.lineStart);
  expect(ev.lineEnd, `${ev.artifact} has ${lines.length} lines`).toBeLessThanOrEqual(lines.length);
  return lines.slice(ev.lineStart - 1, ev.lineEnd).join("\n");
}

/** Every evidence item points at existing lines of an artifact in the bundle. */
export function expectEvidenceResolves(bundle: ExtractedBundle, f: Finding): void {
  expect(f.evidence.length, `${f.id} has evidence`).toBeGreaterThan(0);
  for (const ev of f.evidence) citedText(bundle, ev);
}

/**
 * Some evidence item of `f` in an artifact matching `artifact` cites lines containing every
 * needle. Returns that item.
 */
export function expectCites(bundle: ExtractedBundle, f: Finding, artifact: RegExp, ...needles: (string | RegExp)[]): Evidence {
  const tried: string[] = [];
  for (const ev of f.evidence) {
    if (!artifact.test(ev.artifact)) continue;
    const text = citedText(bundle, ev);
    if (needles.every((n) => (typeof n === "string" ? text.includes(n) : n.test(text)))) return ev;
    tried.push(`${ev.artifact}:${ev.lineStart}-${ev.lineEnd}: ${text.slice(0, 200)}`);
  }
  throw new Error(`${f.id}: no evidence in ${artifact} citing ${needles.join(" + ")}; tried:\n${tried.join("\n") || "(none)"}\nall: ${JSON.stringify(f.evidence.map((e) => `${e.artifact}:${e.lineStart}`))}`);
}

/** "rule-id(severity)" list, for failure messages and reports; with `netns`, only findings naming one of them. */
export function summarize(findings: Finding[], netns?: number[]): string {
  const mine = netns ? findings.filter((f) => (f.entities.netns ?? []).some((n) => netns.includes(n))) : findings;
  return mine.map((f) => `${f.ruleId}(${f.severity})`).join(", ") || "(none)";
}

/** Evidence paths are relative to the bundle's top folder; tolerate a leading top folder. */
function stripTop(p: string): string {
  return p.replace(/^netbundle-[^/]+\//, "");
}

/**
 * Every finding about these namespaces (and those of the rules in `alsoRules`, which name
 * none) names in its entities each address, MAC, namespace, PID, sysctl value and netns path
 * its title and explanation rely on (test/support/entities-audit.ts).
 */
export function expectEntitiesNameTheirFacts(findings: Finding[], netns: number[], alsoRules: string[] = []): void {
  const about = findings.filter((f) => (f.entities.netns ?? []).some((n) => netns.includes(n)) || alsoRules.includes(f.ruleId));
  expect(about.length, "findings to audit").toBeGreaterThan(0);
  expect(entityGaps(about)).toEqual([]);
}

/** `netbundle diff` reports: text for a terminal, markdown for a ticket (JSON is the BundleDiff itself). */
import type { BundleDiff, Change, FindingBrief } from "@/lib/compare/types";

const MARK = { added: "+", removed: "-", changed: "~" } as const;
/** Per area, enough lines to see what happened; the JSON has all of them. */
const MAX_PER_AREA = 20;

const where = (s?: { artifact: string; lineStart: number }) => (s ? `${s.artifact}:${s.lineStart}` : "");
/** "(A's lines → B's lines)", or nothing when neither side has a line to point at. */
const both = (c: Change) => (c.a?.src || c.b?.src ? `  (${where(c.a?.src) || "-"} → ${where(c.b?.src) || "-"})` : "");

function changeLine(c: Change): string {
  if (c.delta) return `~ ${c.what}  counters ${c.delta.packets >= 0 ? "+" : ""}${c.delta.packets} packets${both(c)}`;
  if (c.kind === "changed") return `~ ${c.a?.text}  →  ${c.b?.text}${both(c)}`;
  const f = c.kind === "added" ? c.b : c.a;
  return `${MARK[c.kind]} ${f?.text ?? c.what}${f?.src ? `  (${c.kind === "added" ? "B" : "A"} ${where(f.src)})` : ""}`;
}

function findingLine(f: FindingBrief): string {
  return `[${f.severity}] ${f.title}${f.src ? `  (${where(f.src)})` : ""}`;
}

function sections(d: BundleDiff): { title: string; lines: string[] }[] {
  const out: { title: string; lines: string[] }[] = [];
  const f = d.findings;
  out.push({ title: `Findings: ${f.new.length} new`, lines: f.new.map((x) => `+ ${findingLine(x)}`) });
  out.push({ title: `Findings: ${f.resolved.length} resolved`, lines: f.resolved.map((x) => `- ${findingLine(x)}`) });
  out.push({ title: `Findings: ${f.persisting.length} persisting`, lines: f.persisting.map((p) => `= ${findingLine(p.b)}${p.severityChanged ? `  (was ${p.a.severity})` : ""}`) });
  if (f.notReevaluated.length) out.push({ title: `Findings not re-evaluated on B: ${f.notReevaluated.length}`, lines: f.notReevaluated.map((x) => `? ${findingLine(x)}`) });
  const ns = d.namespaces;
  out.push({
    title: `Namespaces: ${ns.matched.length} matched, ${ns.removed.length} gone, ${ns.added.length} new`,
    lines: [...ns.removed.map((n) => `- ${n.label}${n.addresses.length ? ` ${n.addresses.join(" ")}` : ""}`), ...ns.added.map((n) => `+ ${n.label}${n.addresses.length ? ` ${n.addresses.join(" ")}` : ""}`), ...ns.matched.filter((p) => p.a.inode !== p.b.inode && p.matchedBy !== "host").map((p) => `= ${p.b.label}: was ${p.a.inode}, matched by ${p.matchedBy}`)],
  });
  const ips = d.ips;
  const ipLines = [...ips.duplicatesResolved.map((m) => `- duplicate ${m.ip}: ${m.from.join(", ")} → ${m.to.join(", ") || "none"}`), ...ips.duplicatesAppeared.map((m) => `+ duplicate ${m.ip}: ${m.to.join(", ")}`), ...ips.moved.map((m) => `~ ${m.ip}: ${m.from.join(", ")} → ${m.to.join(", ")}`)];
  if (ipLines.length) out.push({ title: "Addresses between namespaces", lines: ipLines });
  for (const h of d.host) out.push({ title: `Node: ${h.area}`, lines: h.changes.map(changeLine) });
  for (const n of d.netns) {
    for (const a of n.areas) {
      const lines = a.changes.slice(0, MAX_PER_AREA).map(changeLine);
      if (a.changes.length > MAX_PER_AREA) lines.push(`… ${a.changes.length - MAX_PER_AREA} more (--format json has them all)`);
      out.push({ title: `${n.pair.b.label}: ${a.area} (${a.changes.length})`, lines });
    }
  }
  const cov = d.coverage;
  const covLines = [...cov.onlyA.map((k) => `only A: ${k.kind} (${k.files})`), ...cov.onlyB.map((k) => `only B: ${k.kind} (${k.files})`), ...cov.notCompared.map((n) => `not compared: ${n}`)];
  if (covLines.length) out.push({ title: "Coverage", lines: covLines });
  return out.filter((s) => s.lines.length > 0 || s.title.startsWith("Findings: "));
}

const header = (d: BundleDiff) => [`A: ${d.a.host ?? "?"} collected ${d.a.collectedAt ?? "?"}`, `B: ${d.b.host ?? "?"} collected ${d.b.collectedAt ?? "?"}`];

export function toDiffText(d: BundleDiff): string {
  const out = [...header(d), "", ...d.summary, ""];
  for (const s of sections(d)) out.push(`${s.title}`, ...s.lines.map((l) => `  ${l}`), "");
  return out.join("\n");
}

export function toDiffMarkdown(d: BundleDiff): string {
  const esc = (s: string) => s.replace(/([\\`*_[\]<>|])/g, "\\$1");
  const out = ["# What changed", "", ...header(d).map((h) => `- ${esc(h)}`), "", ...d.summary.map((s) => `- ${esc(s)}`), ""];
  for (const s of sections(d)) out.push(`## ${esc(s.title)}`, "", ...s.lines.map((l) => `- ${esc(l)}`), "");
  return out.join("\n");
}

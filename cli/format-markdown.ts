/** Markdown report, for pasting into a ticket. Bundle text is fenced so it cannot format. */
import type { AnalysisResult } from "@/lib/analyze/types";
import type { Evidence } from "@/lib/rules/finding";
import { evidenceQuote, evidenceWhere, QUOTE_LABEL } from "@/lib/model/evidence";
import { causeChain } from "@/lib/rules/link-findings";

/** A code fence one backtick longer than the longest backtick run inside, so text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}\n${text}\n${ticks}`;
}

const esc = (s: string) => s.replace(/([\\`*_{}[\]<>#|])/g, "\\$1");

/** Where the evidence is; a quote (matched log record, capture summary) says it is not the file's text. */
function evidenceHeading(e: Evidence): string {
  const quote = evidenceQuote(e);
  return `Evidence ${esc(evidenceWhere(e))}${quote ? ` (${esc(QUOTE_LABEL[quote])})` : ""}`;
}

export function toMarkdownReport(r: AnalysisResult): string {
  const b = r.model.bundle;
  const out: string[] = [`# netbundle report: ${esc(b.host ?? "unknown host")}`, ""];
  out.push(`- Kernel: ${esc(b.kernel ?? "?")}`, `- Collected: ${b.collectedAt ?? "?"}`, `- Artifacts: ${r.model.artifacts.length}${r.complete ? "" : " (bundle incomplete)"}`, "");
  out.push(`## Findings (${r.findings.length})`, "");
  const byId = new Map(r.findings.map((f) => [f.id, f]));
  for (const f of r.findings) {
    out.push(`### ${f.severity.toUpperCase()}: ${esc(f.title)}`, "");
    const chain = causeChain(f, byId);
    if (chain.length > 1) out.push(`**Cause chain:** ${chain.map((c) => esc(c.title)).join(" ← ")}`, "");
    const explains = (f.causes ?? []).flatMap((id) => byId.get(id) ?? []);
    if (explains.length) out.push(`**Explains:** ${explains.map((c) => esc(c.title)).join("; ")}`, "");
    out.push(esc(f.explanation), "", `**Remediation:** ${esc(f.remediation)}`, "");
    for (const e of f.evidence.slice(0, 5)) out.push(evidenceHeading(e), fence(e.excerpt), "");
    if (f.references.length) out.push(`References: ${f.references.map((u) => `<${u}>`).join(", ")}`, "");
  }
  if (r.notEvaluated.length) {
    out.push("## Not evaluated", "");
    for (const n of r.notEvaluated) out.push(`- \`${n.ruleId}\`: ${esc(n.reason)}`);
  }
  return out.join("\n");
}

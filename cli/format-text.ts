/** A terminal summary a person can scan: header, findings by severity, namespaces, problems. */
import type { AnalysisResult } from "@/lib/analyze/types";
import type { Severity } from "@/lib/rules/finding";
import { describeHolder } from "@/lib/model/lookup";
import { evidenceQuote, evidenceWhere } from "@/lib/model/evidence";
import { causeChain } from "@/lib/rules/link-findings";

const MARK: Record<Severity, string> = { critical: "CRIT", high: "HIGH", medium: "MED ", low: "LOW ", info: "INFO" };

export function toTextReport(r: AnalysisResult): string {
  const { model } = r;
  const b = model.bundle;
  const out: string[] = [];
  out.push(`netbundle: ${b.host ?? "unknown host"}  kernel ${b.kernel ?? "?"}  collected ${b.collectedAt ?? "?"}${b.root === false ? "  (collected as non-root)" : ""}`);
  const netns = model.namespaces.filter((n) => n.type === "net");
  out.push(`${model.artifacts.length} artifacts, ${model.processes.length} processes, ${netns.length} network namespaces${r.complete ? "" : ", bundle INCOMPLETE"}`);
  out.push("");
  if (r.findings.length === 0) out.push("No findings.");
  const byId = new Map(r.findings.map((f) => [f.id, f]));
  for (const f of r.findings) {
    out.push(`[${MARK[f.severity]}] ${f.title}`);
    const ev = f.evidence[0];
    // A quote (matched log record, capture summary) is marked so it is not taken for the file's line.
    if (ev) out.push(`       ${evidenceWhere(ev)}${evidenceQuote(ev) ? ` (${evidenceQuote(ev)})` : ""}  ${ev.excerpt.split("\n")[0]?.slice(0, 100) ?? ""}`);
    // symptom → mechanism → cause, as one line the engineer can follow
    const chain = causeChain(f, byId);
    if (chain.length > 1) out.push(`       because: ${chain.slice(1).map((c) => c.title).join("  ←  ")}`);
  }
  out.push("");
  out.push("Network namespaces:");
  for (const ns of netns) {
    const view = model.netns.find((v) => v.inode === ns.inode);
    const holders = ns.holders.slice(0, 4).map(describeHolder);
    const extra = ns.holders.length > 4 ? ` +${ns.holders.length - 4}` : "";
    const addrs = (view?.addresses ?? []).filter((a) => a.ifname !== "lo").map((a) => `${a.address}/${a.prefixLen}`);
    out.push(`  ${String(ns.inode).padEnd(11)} ${ns.isHost ? "host " : "     "} ${holders.join(", ")}${extra}${addrs.length ? `  [${addrs.join(", ")}]` : ""}`);
  }
  if (r.notEvaluated.length) {
    out.push("");
    out.push("Not evaluated:");
    for (const n of r.notEvaluated) out.push(`  ${n.ruleId}: ${n.reason}`);
  }
  const failed = model.artifacts.filter((a) => a.error);
  const errors = [...r.errors, ...model.errors];
  if (failed.length || errors.length) {
    out.push("");
    out.push("Problems:");
    for (const e of errors) out.push(`  ${e}`);
    for (const a of failed.slice(0, 20)) out.push(`  ${a.path}: ${a.error}`);
    if (failed.length > 20) out.push(`  ... ${failed.length - 20} more artifact errors`);
  }
  return out.join("\n");
}

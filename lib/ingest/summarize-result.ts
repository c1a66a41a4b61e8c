import type { AnalysisResult } from "@/lib/analyze/types";
import type { Finding, Severity } from "@/lib/model/types";

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

export function severityCounts(findings: Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) out[f.severity] = (out[f.severity] ?? 0) + 1;
  return out;
}

/** The small overview JSON kept on the Bundle row (Bundle.summaryJson). */
export function summaryOf(r: AnalysisResult, events: { written: number; dropped: number }) {
  const arts = r.model.artifacts;
  return {
    complete: r.complete,
    errors: r.errors,
    notEvaluated: r.notEvaluated,
    collection: r.model.collection,
    collector: r.model.bundle.collector,
    root: r.model.bundle.root,
    counts: {
      artifacts: arts.length,
      artifactErrors: arts.filter((a) => a.error).length,
      netns: r.model.netns.length,
      processes: r.model.processes.length,
      findings: r.findings.length,
      timelineEvents: events.written,
      timelineDropped: events.dropped,
    },
  };
}

/** Parses an ISO date or returns null (the manifest's collectedAt is content, not trusted). */
export function dateOrNull(s: string | null | undefined): Date | null {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

import type { AnalysisOutcome } from "./analysis-outcome";
import type { TSummaryJson } from "@/lib/db/rows/bundle";
import { SEVERITIES, type Finding, type Severity } from "@/lib/rules/finding";

export function severityCounts(findings: Finding[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) out[f.severity] = (out[f.severity] ?? 0) + 1;
  return out;
}

/** The small overview JSON kept on the Bundle row (Bundle.summaryJson). */
export function summaryOf(r: AnalysisOutcome, events: { written: number; dropped: number }): TSummaryJson {
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
      netns: r.counts.netns,
      processes: r.counts.processes,
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

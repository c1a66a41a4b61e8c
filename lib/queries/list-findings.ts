import "server-only";
import { db } from "@/lib/db";
import { countFindingEvidence } from "@/lib/db/rows/finding";

export interface TFindingRow {
  key: string;
  ruleId: string;
  severity: string;
  title: string;
  ts: Date | null;
  evidenceCount: number;
}

/** A findings list never sends more than this many rows at once (the page offers the next). */
export const FINDINGS_PAGE_MAX = 500;

// Triage order: severity first, then rule, then key; evidence bodies stay out of the list.
// maxRank: only findings at least this severe (1: critical and high).
export async function listFindings({ bundleId, severity, maxRank, offset = 0, take = FINDINGS_PAGE_MAX }: { bundleId: string; severity?: string; maxRank?: number; offset?: number; take?: number }): Promise<TFindingRow[]> {
  const rows = await db.finding.findMany({
    where: { bundleId, ...(severity ? { severity } : {}), ...(maxRank !== undefined ? { severityRank: { lte: maxRank } } : {}) },
    orderBy: [{ severityRank: "asc" }, { ruleId: "asc" }, { key: "asc" }],
    skip: Math.max(0, offset),
    take: Math.max(1, Math.min(FINDINGS_PAGE_MAX, take)),
    select: { key: true, ruleId: true, severity: true, title: true, ts: true, evidence: true },
  });
  return rows.map(({ evidence, ...r }) => ({ ...r, evidenceCount: countFindingEvidence(evidence) }));
}

// Findings per severity for the tabs and the overview: a GROUP BY, no rows sent.
export async function countFindingsBySeverity({ bundleId }: { bundleId: string }): Promise<{ total: number; bySeverity: Record<string, number> }> {
  const groups = await db.finding.groupBy({ by: ["severity"], where: { bundleId }, _count: { _all: true } });
  const bySeverity = Object.fromEntries(groups.map((g) => [g.severity, g._count._all]));
  return { total: groups.reduce((a, g) => a + g._count._all, 0), bySeverity };
}

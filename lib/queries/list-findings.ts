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

// Triage order: severity first, then rule, then key; evidence bodies stay out of the list.
export async function listFindings({ bundleId, severity }: { bundleId: string; severity?: string }): Promise<TFindingRow[]> {
  const rows = await db.finding.findMany({
    where: { bundleId, ...(severity ? { severity } : {}) },
    orderBy: [{ severityRank: "asc" }, { ruleId: "asc" }, { key: "asc" }],
    select: { key: true, ruleId: true, severity: true, title: true, ts: true, evidence: true },
  });
  return rows.map(({ evidence, ...r }) => ({ ...r, evidenceCount: countFindingEvidence(evidence) }));
}

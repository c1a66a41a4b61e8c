import "server-only";
import { db } from "@/lib/db";
import { decodeSummary } from "@/lib/db/rows/bundle";
import { decodeFindingEntities, decodeFindingEvidence, decodeFindingReferences } from "@/lib/db/rows/finding";
import { getBundleModel } from "@/lib/queries/get-bundle-model";
import { isSeverity } from "@/lib/rules/finding";
import type { CompareSide } from "@/lib/compare/types";

// One bundle as compareModels takes it: its stored model, findings and not-evaluated rules.
// Null when the bundle does not exist or has no model yet (not ingested).
export async function getCompareSide({ bundleId }: { bundleId: string }): Promise<CompareSide | null> {
  const bundle = await db.bundle.findUnique({ where: { id: bundleId }, select: { summaryJson: true } });
  if (!bundle) return null;
  const model = await getBundleModel({ bundleId });
  if (!model) return null;
  const rows = await db.finding.findMany({
    where: { bundleId },
    orderBy: [{ severityRank: "asc" }, { key: "asc" }],
    select: { key: true, ruleId: true, severity: true, title: true, explanation: true, remediation: true, references: true, entities: true, evidence: true },
  });
  const findings = rows.map((r) => ({
    id: r.key,
    ruleId: r.ruleId,
    severity: isSeverity(r.severity) ? r.severity : "info",
    title: r.title,
    explanation: r.explanation,
    remediation: r.remediation,
    references: decodeFindingReferences(r.references),
    entities: decodeFindingEntities(r.entities),
    evidence: decodeFindingEvidence(r.evidence),
  }));
  return { model, findings, notEvaluated: decodeSummary(bundle.summaryJson).notEvaluated };
}

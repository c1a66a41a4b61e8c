import "server-only";
import { db } from "@/lib/db";
import { decodeFindingEntities, decodeFindingEvidence, decodeFindingLinks, decodeFindingReferences, type TFindingLinks } from "@/lib/db/rows/finding";
import type { Evidence, Finding } from "@/lib/rules/finding";

export interface TFindingDetail {
  key: string;
  ruleId: string;
  severity: string;
  title: string;
  explanation: string;
  remediation: string;
  references: string[];
  entities: Finding["entities"];
  evidence: Evidence[];
  links: TFindingLinks;
  ts: Date | null;
}

// One finding by its stable key, JSON columns parsed; null when absent.
export async function getFinding({ bundleId, key }: { bundleId: string; key: string }): Promise<TFindingDetail | null> {
  const f = await db.finding.findUnique({
    where: { bundleId_key: { bundleId, key } },
    select: {
      key: true,
      ruleId: true,
      severity: true,
      title: true,
      explanation: true,
      remediation: true,
      references: true,
      entities: true,
      evidence: true,
      links: true,
      ts: true,
    },
  });
  if (!f) return null;
  return { ...f, references: decodeFindingReferences(f.references), entities: decodeFindingEntities(f.entities), evidence: decodeFindingEvidence(f.evidence), links: decodeFindingLinks(f.links) };
}

import "server-only";
import { db } from "@/lib/db";
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
  ts: Date | null;
}

function parseJson<T>(json: string, fallback: T): T {
  try {
    return (JSON.parse(json) as T) ?? fallback;
  } catch {
    return fallback;
  }
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
      ts: true,
    },
  });
  if (!f) return null;
  const refs = parseJson<unknown>(f.references, []);
  const ev = parseJson<unknown>(f.evidence, []);
  return {
    ...f,
    references: Array.isArray(refs) ? refs.filter((r): r is string => typeof r === "string") : [],
    entities: parseJson<Finding["entities"]>(f.entities, {}),
    evidence: Array.isArray(ev) ? (ev as Evidence[]).filter((e) => e && typeof e.artifact === "string") : [],
  };
}

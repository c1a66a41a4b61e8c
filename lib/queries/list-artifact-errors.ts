import "server-only";
import { db } from "@/lib/db";

/** The total stops counting here (shown as "10000+"). */
export const ARTIFACT_ERROR_COUNT_CAP = 10_000;

// The first `take` artifacts whose parse failed, and how many failed (the overview's "Bundle
// problems"): a hostile bundle's 100k broken members cost a capped COUNT, not 100k rows.
export async function listArtifactErrors({ bundleId, take }: { bundleId: string; take: number }): Promise<{ rows: { path: string; error: string }[]; total: number; capped: boolean }> {
  const where = { bundleId, error: { not: null } };
  const [rows, total] = await Promise.all([
    db.artifact.findMany({ where, orderBy: { path: "asc" }, take, select: { path: true, error: true } }),
    db.artifact.count({ where, take: ARTIFACT_ERROR_COUNT_CAP + 1 }),
  ]);
  return { rows: rows.map((r) => ({ path: r.path, error: r.error ?? "" })), total: Math.min(total, ARTIFACT_ERROR_COUNT_CAP), capped: total > ARTIFACT_ERROR_COUNT_CAP };
}

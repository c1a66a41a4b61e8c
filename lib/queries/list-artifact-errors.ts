import "server-only";
import { db } from "@/lib/db";

// The first `take` artifacts whose parse failed, and how many failed in all (the overview's
// "Bundle problems"): a hostile bundle's 100k broken members cost a COUNT, not 100k rows.
export async function listArtifactErrors({ bundleId, take }: { bundleId: string; take: number }): Promise<{ rows: { path: string; error: string }[]; total: number }> {
  const where = { bundleId, error: { not: null } };
  const [rows, total] = await Promise.all([db.artifact.findMany({ where, orderBy: { path: "asc" }, take, select: { path: true, error: true } }), db.artifact.count({ where })]);
  return { rows: rows.map((r) => ({ path: r.path, error: r.error ?? "" })), total };
}

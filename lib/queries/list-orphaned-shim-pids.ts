import "server-only";
import { db } from "@/lib/db";
import { decodeFindingEntities } from "@/lib/db/rows/finding";

/**
 * The pids the orphaned-runtime-shim findings of a bundle name (each shim and its children):
 * the namespace map flags holders from these, so it says "orphaned" exactly where the
 * findings do.
 */
export async function listOrphanedShimPids({ bundleId }: { bundleId: string }): Promise<number[]> {
  const rows = await db.finding.findMany({ where: { bundleId, ruleId: "orphaned-runtime-shim" }, select: { entities: true } });
  const pids = new Set<number>();
  for (const r of rows) {
    // Checked by shape: entities hold what the rule wrote, or {} when unreadable (then it flags nothing).
    const named: unknown = decodeFindingEntities(r.entities).pids;
    if (Array.isArray(named)) for (const p of named) if (typeof p === "number") pids.add(p);
  }
  return [...pids];
}

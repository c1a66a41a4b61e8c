import "server-only";
import { db } from "@/lib/db";

/**
 * The pids the orphaned-runtime-shim findings of a bundle name (each shim and its children):
 * the namespace map flags holders from these, so it says "orphaned" exactly where the
 * findings do.
 */
export async function listOrphanedShimPids({ bundleId }: { bundleId: string }): Promise<number[]> {
  const rows = await db.finding.findMany({ where: { bundleId, ruleId: "orphaned-runtime-shim" }, select: { entities: true } });
  const pids = new Set<number>();
  for (const r of rows) {
    try {
      const e = JSON.parse(r.entities) as { pids?: unknown };
      if (Array.isArray(e.pids)) for (const p of e.pids) if (typeof p === "number") pids.add(p);
    } catch {
      // a finding row that is not JSON flags nothing
    }
  }
  return [...pids];
}

import "server-only";
import { db } from "@/lib/db";

// Totals for the artifact browser's header: three COUNTs in the database, no rows sent.
export async function countArtifacts({ bundleId }: { bundleId: string }): Promise<{ files: number; parsed: number; withWarnings: number }> {
  const [files, parsed, withWarnings] = await Promise.all([
    db.artifact.count({ where: { bundleId } }),
    db.artifact.count({ where: { bundleId, kind: { not: null } } }),
    db.artifact.count({ where: { bundleId, warnings: { not: null } } }),
  ]);
  return { files, parsed, withWarnings };
}

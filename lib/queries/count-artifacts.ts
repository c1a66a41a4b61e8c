import "server-only";
import { db } from "@/lib/db";

/** Counts stop here ("10000+"): a hostile bundle's 100k members must not cost a full count per view. */
export const ARTIFACT_COUNT_CAP = 10_000;

// Totals for the artifact browser's header: three COUNTs over at most ARTIFACT_COUNT_CAP + 1
// rows each in the database, no rows sent. A total above the cap reads as capped.
export async function countArtifacts({ bundleId }: { bundleId: string }): Promise<{ files: number; parsed: number; withWarnings: number; capped: boolean }> {
  const take = ARTIFACT_COUNT_CAP + 1;
  const [files, parsed, withWarnings] = await Promise.all([
    db.artifact.count({ where: { bundleId }, take }),
    db.artifact.count({ where: { bundleId, kind: { not: null } }, take }),
    db.artifact.count({ where: { bundleId, warnings: { not: null } }, take }),
  ]);
  const cap = (n: number) => Math.min(n, ARTIFACT_COUNT_CAP);
  return { files: cap(files), parsed: cap(parsed), withWarnings: cap(withWarnings), capped: [files, parsed, withWarnings].some((n) => n > ARTIFACT_COUNT_CAP) };
}

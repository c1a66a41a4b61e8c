import "server-only";
import { db } from "@/lib/db";
import { decodeArtifactWarnings } from "@/lib/db/rows/artifact";

export interface TArtifactRow {
  path: string;
  kind: string | null;
  sizeBytes: number;
  lineCount: number;
  records: number;
  warningCount: number;
  error: string | null;
  stored: boolean;
}

// The first `take` artifacts of a bundle in path order (a small bundle's whole tree; large
// ones go folder by folder through list-artifact-folder.ts).
export async function listArtifacts({ bundleId, take }: { bundleId: string; take: number }): Promise<TArtifactRow[]> {
  const rows = await db.artifact.findMany({
    where: { bundleId },
    orderBy: { path: "asc" },
    take,
    select: { path: true, kind: true, sizeBytes: true, lineCount: true, records: true, warnings: true, error: true, storageKey: true },
  });
  return rows.map(({ warnings, storageKey, ...r }) => ({
    ...r,
    sizeBytes: Number(r.sizeBytes),
    warningCount: decodeArtifactWarnings(warnings).length,
    stored: storageKey !== null,
  }));
}

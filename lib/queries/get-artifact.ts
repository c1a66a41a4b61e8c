import "server-only";
import { db } from "@/lib/db";
import { decodeArtifactWarnings, type TArtifactWarning } from "@/lib/db/rows/artifact";

export interface TArtifactDetail {
  path: string;
  kind: string | null;
  sizeBytes: number;
  lineCount: number;
  records: number;
  warnings: TArtifactWarning[];
  error: string | null;
  netns: number | null;
  storageKey: string | null;
}

// Metadata and parse warnings of one artifact (the text is read through lib/storage).
export async function getArtifact({ bundleId, path }: { bundleId: string; path: string }): Promise<TArtifactDetail | null> {
  const a = await db.artifact.findUnique({
    where: { bundleId_path: { bundleId, path } },
    select: { path: true, kind: true, sizeBytes: true, lineCount: true, records: true, warnings: true, error: true, netns: true, storageKey: true },
  });
  if (!a) return null;
  return {
    ...a,
    sizeBytes: Number(a.sizeBytes),
    netns: a.netns === null ? null : Number(a.netns),
    warnings: decodeArtifactWarnings(a.warnings),
  };
}

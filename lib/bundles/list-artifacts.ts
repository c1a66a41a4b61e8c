import "server-only";
import { db } from "@/lib/db";

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

// Every artifact of a bundle for the file tree, path order.
export async function listArtifacts({ bundleId }: { bundleId: string }): Promise<TArtifactRow[]> {
  const rows = await db.artifact.findMany({
    where: { bundleId },
    orderBy: { path: "asc" },
    select: { path: true, kind: true, sizeBytes: true, lineCount: true, records: true, warnings: true, error: true, storageKey: true },
  });
  return rows.map(({ warnings, storageKey, ...r }) => ({
    ...r,
    sizeBytes: Number(r.sizeBytes),
    warningCount: parseWarnings(warnings).length,
    stored: storageKey !== null,
  }));
}

export interface TArtifactWarning {
  line?: number;
  message: string;
}

export function parseWarnings(json: string | null): TArtifactWarning[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    if (!Array.isArray(v)) return [];
    return v
      .filter((w): w is { line?: unknown; message: unknown } => !!w && typeof w === "object")
      .map((w) => ({ ...(typeof w.line === "number" ? { line: w.line } : {}), message: String(w.message ?? "") }));
  } catch {
    return [];
  }
}

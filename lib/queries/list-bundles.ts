import "server-only";
import { db } from "@/lib/db";
import { decodeSeverityCounts } from "@/lib/db/rows/bundle";

export interface TListBundlesOptions {
  /** Matches host, kernel, file name or id (substring). */
  q?: string;
  status?: string;
  caseId?: string;
  take?: number;
}

export interface TBundleRow {
  id: string;
  fileName: string;
  sizeBytes: number;
  status: string;
  stage: string | null;
  progress: number;
  host: string | null;
  kernel: string | null;
  collectedAt: Date | null;
  uploadedAt: Date;
  severityCounts: Record<string, number>;
  caseId: string;
  caseTitle: string;
}

// Newest first; no summary or model blobs in the list (STYLE habit 3).
export async function listBundles({ q, status, caseId, take = 200 }: TListBundlesOptions = {}): Promise<TBundleRow[]> {
  const term = q?.trim();
  const rows = await db.bundle.findMany({
    where: {
      ...(status ? { status } : {}),
      ...(caseId ? { caseId } : {}),
      ...(term
        ? { OR: [{ host: { contains: term } }, { kernel: { contains: term } }, { fileName: { contains: term } }, { id: { startsWith: term } }] }
        : {}),
    },
    orderBy: { uploadedAt: "desc" },
    take,
    select: {
      id: true,
      fileName: true,
      sizeBytes: true,
      status: true,
      stage: true,
      progress: true,
      host: true,
      kernel: true,
      collectedAt: true,
      uploadedAt: true,
      severityCounts: true,
      caseId: true,
      case: { select: { title: true } },
    },
  });
  return rows.map(({ case: c, ...r }) => ({ ...r, caseTitle: c.title, sizeBytes: Number(r.sizeBytes), severityCounts: decodeSeverityCounts(r.severityCounts) }));
}

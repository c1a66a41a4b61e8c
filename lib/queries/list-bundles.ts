import "server-only";
import { db } from "@/lib/db";
import { decodeSeverityCounts } from "@/lib/db/rows/bundle";

export interface TListBundlesOptions {
  /** Matches host, kernel, file name or id (substring). */
  q?: string;
  status?: string;
  caseId?: string;
  take?: number;
  /** Cursor from bundlesCursor(last row of the previous page): only bundles listed after it. */
  before?: string;
}

/** Keyset cursor for the list's order (newest upload first, id breaking ties): "<ms>.<id>". */
export function bundlesCursor(row: { uploadedAt: Date; id: string }): string {
  return `${row.uploadedAt.getTime()}.${row.id}`;
}

function afterCursor(before: string | undefined) {
  const m = before ? /^(\d{1,15})\.([a-z0-9][a-z0-9_-]{0,63})$/.exec(before) : null;
  if (!m) return {};
  const at = new Date(Number(m[1]));
  return { OR: [{ uploadedAt: { lt: at } }, { uploadedAt: at, id: { lt: m[2]! } }] };
}

export interface TBundleRow {
  id: string;
  fileName: string;
  sizeBytes: number;
  status: string;
  stage: string | null;
  progress: number;
  /** "loading" while the timeline is still being written (lib/ingest, two-phase), else "ready". */
  timelineState: string;
  timelineProgress: number;
  host: string | null;
  kernel: string | null;
  collectedAt: Date | null;
  uploadedAt: Date;
  severityCounts: Record<string, number>;
  caseId: string;
  caseTitle: string;
}

// Newest first, a page of at most 500; no summary or model blobs in the list (STYLE habit 3).
export async function listBundles({ q, status, caseId, take = 200, before }: TListBundlesOptions = {}): Promise<TBundleRow[]> {
  const term = q?.trim();
  const rows = await db.bundle.findMany({
    where: {
      AND: [afterCursor(before)],
      ...(status ? { status } : {}),
      ...(caseId ? { caseId } : {}),
      ...(term
        ? { OR: [{ host: { contains: term } }, { kernel: { contains: term } }, { fileName: { contains: term } }, { id: { startsWith: term } }] }
        : {}),
    },
    orderBy: [{ uploadedAt: "desc" }, { id: "desc" }],
    take: Math.max(1, Math.min(500, take)),
    select: {
      id: true,
      fileName: true,
      sizeBytes: true,
      status: true,
      stage: true,
      progress: true,
      timelineState: true,
      timelineProgress: true,
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

import "server-only";
import { db } from "@/lib/db";
import { decodeSeverityCounts, decodeSummary, type TBundleSummary } from "@/lib/db/rows/bundle";

export interface TBundleDetail {
  id: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  status: string;
  stage: string | null;
  progress: number;
  error: string | null;
  host: string | null;
  kernel: string | null;
  collectedAt: Date | null;
  uploadedAt: Date;
  readyAt: Date | null;
  /** "loading" while the timeline of the current run is still being written (findings may be shown), else "ready". */
  timelineState: string;
  timelineProgress: number;
  severityCounts: Record<string, number>;
  summary: TBundleSummary;
  caseId: string;
  caseTitle: string;
}

// One bundle with its small overview summary; null when the id is unknown.
export async function getBundle({ bundleId }: { bundleId: string }): Promise<TBundleDetail | null> {
  const b = await db.bundle.findUnique({
    where: { id: bundleId },
    select: {
      id: true,
      fileName: true,
      sizeBytes: true,
      sha256: true,
      status: true,
      stage: true,
      progress: true,
      error: true,
      host: true,
      kernel: true,
      collectedAt: true,
      uploadedAt: true,
      readyAt: true,
      timelineState: true,
      timelineProgress: true,
      severityCounts: true,
      summaryJson: true,
      caseId: true,
      case: { select: { title: true } },
    },
  });
  if (!b) return null;
  const { summaryJson, case: c, ...rest } = b;
  return { ...rest, caseTitle: c.title, sizeBytes: Number(b.sizeBytes), severityCounts: decodeSeverityCounts(b.severityCounts), summary: decodeSummary(summaryJson) };
}

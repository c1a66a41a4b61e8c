import "server-only";
import { db } from "@/lib/db";
import { decodeSeverityCounts } from "@/lib/db/rows/bundle";

// Status for the live poller: small and cheap, polled every second or two during ingest.
export async function getBundleStatus({ bundleId }: { bundleId: string }) {
  const b = await db.bundle.findUnique({
    where: { id: bundleId },
    select: { id: true, fileName: true, status: true, stage: true, progress: true, error: true, uploadedAt: true, readyAt: true, sizeBytes: true, severityCounts: true, timelineState: true, timelineProgress: true },
  });
  if (!b) return null;
  return {
    ...b,
    sizeBytes: Number(b.sizeBytes),
    severityCounts: b.severityCounts ? decodeSeverityCounts(b.severityCounts) : null,
    /** Findings shown (ready/partial) while the timeline still loads: two-phase ingest (lib/ingest). */
    timelineLoading: (b.status === "ready" || b.status === "partial") && b.timelineState === "loading",
    /** The timeline is shown; its rows are still going into the text index (SQLite): searches read rows meanwhile. */
    textIndexing: (b.status === "ready" || b.status === "partial") && b.timelineState === "indexing",
    done: b.status === "failed" || ((b.status === "ready" || b.status === "partial") && b.timelineState !== "loading"),
  };
}
export type TBundleStatus = NonNullable<Awaited<ReturnType<typeof getBundleStatus>>>;

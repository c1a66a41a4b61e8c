import "server-only";
import { db } from "@/lib/db";

/** The rows of one bundle's timeline that reads may see: its shown generation only. */
export interface TTimelineScope {
  bundleId: string;
  /** Bundle.timelineGeneration: -1 (no row has it) while no run's timeline is complete. */
  generation: number;
  /** false while that timeline's rows are still going into the SQLite text index (timelineState "indexing"): searches must not use it. */
  textIndexed?: boolean;
}

/**
 * The timeline a page may show: rows of Bundle.timelineGeneration, the last run whose
 * timeline was all written (its text index may still be filling: textIndexed). A run still loading or one that crashed wrote
 * rows of a newer generation, and those stay invisible (lib/ingest/ingest-bundle-job.ts).
 */
export async function timelineScope(bundleId: string): Promise<TTimelineScope> {
  const b = await db.bundle.findUnique({ where: { id: bundleId }, select: { timelineGeneration: true, timelineState: true } });
  return { bundleId, generation: b?.timelineGeneration ?? -1, textIndexed: b?.timelineState !== "indexing" };
}

import "server-only";
import { db } from "@/lib/db";

/** The rows of one bundle's timeline that reads may see: its shown generation only. */
export interface TTimelineScope {
  bundleId: string;
  /** Bundle.timelineGeneration: -1 (no row has it) while no run's timeline is complete. */
  generation: number;
}

/**
 * The timeline a page may show: rows of Bundle.timelineGeneration, the last run whose
 * timeline and text index were all written. A run still loading or one that crashed wrote
 * rows of a newer generation, and those stay invisible (lib/ingest/ingest-bundle-job.ts).
 */
export async function timelineScope(bundleId: string): Promise<TTimelineScope> {
  const b = await db.bundle.findUnique({ where: { id: bundleId }, select: { timelineGeneration: true } });
  return { bundleId, generation: b?.timelineGeneration ?? -1 };
}

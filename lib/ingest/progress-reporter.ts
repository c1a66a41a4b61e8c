import "server-only";
import { db } from "@/lib/db";
import type { AnalyzeProgress } from "@/lib/analyze/types";

/**
 * Bundle.stage/progress for the live poller, written at most every `everyMs` (journals
 * can emit thousands of progress calls) but always on a stage change. Writes are guarded
 * by the generation so a superseded run cannot move a newer run's progress bar.
 */
export function createProgressReporter(bundleId: string, generation: number, everyMs = 500) {
  let last = 0;
  let lastStage = "";
  let chain: Promise<unknown> = Promise.resolve();
  return {
    report(p: AnalyzeProgress): void {
      const now = Date.now();
      if (p.stage === lastStage && now - last < everyMs) return;
      last = now;
      lastStage = p.stage;
      const progress = Math.max(0, Math.min(1, p.fraction));
      chain = chain
        .then(() => db.bundle.updateMany({ where: { id: bundleId, generation }, data: { stage: p.stage, progress } }))
        .catch((e) => console.error(`[ingest-bundle] progress update failed`, e));
    },
    done: () => chain,
  };
}

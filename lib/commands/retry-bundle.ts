import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/queue";

/**
 * Re-queues the ingest of a failed or partial bundle (e.g. after the analyser was fixed).
 * Refused while a run is queued or in progress, so two runs never race on one bundle.
 */
export async function retryBundle({ bundleId }: { bundleId: string }): Promise<{ id: string; jobId: string }> {
  return db.$transaction(async (tx) => {
    const b = await tx.bundle.findUnique({ where: { id: bundleId }, select: { status: true } });
    if (!b) throw new AppError("NOT_FOUND", "No such bundle");
    const flipped = await tx.bundle.updateMany({
      where: { id: bundleId, status: { in: ["failed", "partial", "ready"] } },
      data: { status: "queued", stage: "queued", progress: 0, error: null },
    });
    if (flipped.count === 0) throw new AppError("CONFLICT", `Bundle is ${b.status}: wait for the current ingest to finish`);
    const job = await enqueueJob("ingest-bundle", { bundleId }, { client: tx });
    return { id: bundleId, jobId: job.id };
  });
}

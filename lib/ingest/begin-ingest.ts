import "server-only";
import { db } from "@/lib/db";
import { PermanentJobError } from "@/lib/jobs/define-job";
import { blobStore, type BlobStore } from "@/lib/storage";

/**
 * Starts one ingest run ("generation") of a bundle. Findings and artifacts of an earlier run
 * (a crash mid-ingest, a failed attempt) are deleted first, so a retry starts from nothing;
 * bumping the generation makes a stale run's late writes to the Bundle row miss (they are
 * all guarded by generation). Timeline rows are not deleted here (millions of them in one
 * transaction held the database for seconds): they carry their generation, no read sees them
 * once timelineGeneration is -1, and the job deletes them in short batches
 * (prune-timeline-generations.ts).
 */
export async function beginIngest(bundleId: string, store: BlobStore = blobStore): Promise<{ generation: number; originalPath: string }> {
  const original = await store.findOriginal(bundleId);
  const bundle = await db.$transaction(async (tx) => {
    const b = await tx.bundle.findUnique({ where: { id: bundleId }, select: { id: true } });
    if (!b) return null;
    await tx.finding.deleteMany({ where: { bundleId } });
    await tx.artifact.deleteMany({ where: { bundleId } });
    return tx.bundle.update({
      where: { id: bundleId },
      data: {
        generation: { increment: 1 },
        status: "ingesting",
        stage: "reading",
        progress: 0,
        error: null,
        readyAt: null,
        timelineGeneration: -1,
        timelineState: "loading",
        timelineProgress: 0,
      },
      select: { generation: true },
    });
  });
  if (!bundle) throw new PermanentJobError(`bundle ${bundleId} no longer exists (deleted)`);
  if (!original) throw new PermanentJobError(`bundle ${bundleId}: the uploaded file is missing from storage`);
  await store.clearDerived(bundleId);
  return { generation: bundle.generation, originalPath: original };
}

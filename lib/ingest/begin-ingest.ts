import "server-only";
import { db } from "@/lib/db";
import { PermanentJobError } from "@/lib/jobs/define-job";
import { blobStore, type BlobStore } from "@/lib/storage";

/**
 * Starts one ingest run ("generation") of a bundle. Whatever an earlier run wrote (a crash
 * mid-ingest, a failed attempt) is deleted first, so a retry starts from nothing and no
 * half-written rows stay visible; bumping the generation makes a stale run's late writes
 * to the Bundle row miss (they are all guarded by generation).
 */
export async function beginIngest(bundleId: string, store: BlobStore = blobStore): Promise<{ generation: number; originalPath: string }> {
  const original = await store.findOriginal(bundleId);
  const bundle = await db.$transaction(async (tx) => {
    const b = await tx.bundle.findUnique({ where: { id: bundleId }, select: { id: true } });
    if (!b) return null;
    await tx.timelineEvent.deleteMany({ where: { bundleId } });
    await tx.finding.deleteMany({ where: { bundleId } });
    await tx.artifact.deleteMany({ where: { bundleId } });
    return tx.bundle.update({
      where: { id: bundleId },
      data: { generation: { increment: 1 }, status: "ingesting", stage: "reading", progress: 0, error: null, readyAt: null },
      select: { generation: true },
    });
  });
  if (!bundle) throw new PermanentJobError(`bundle ${bundleId} no longer exists (deleted)`);
  if (!original) throw new PermanentJobError(`bundle ${bundleId}: the uploaded file is missing from storage`);
  await store.clearDerived(bundleId);
  return { generation: bundle.generation, originalPath: original };
}

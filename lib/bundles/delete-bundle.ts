import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { blobStore, type BlobStore } from "@/lib/storage";

/**
 * Deletes a bundle: its rows (artifacts, findings, events and links cascade), its pending
 * jobs, then its files. A worker still ingesting it fails its next write or its final
 * flip (the row is gone) and stops; beginIngest refuses a deleted bundle.
 */
export async function deleteBundle({ bundleId }: { bundleId: string }, store: BlobStore = blobStore): Promise<void> {
  const payload = JSON.stringify({ bundleId });
  const deleted = await db.$transaction(async (tx) => {
    const r = await tx.bundle.deleteMany({ where: { id: bundleId } });
    await tx.job.deleteMany({ where: { payload, status: { in: ["queued", "failed", "done"] } } });
    return r.count;
  });
  if (deleted === 0) throw new AppError("NOT_FOUND", "No such bundle");
  await store.removeBundle(bundleId);
}

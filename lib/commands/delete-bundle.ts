import "server-only";
import { db } from "@/lib/db";
import { encodeJobPayload } from "@/lib/db/rows/job";
import { AppError } from "@/lib/errors";
import type { TJobPayload } from "@/lib/jobs/job-specs";
import { cancelJobsOfBundle } from "@/lib/jobs/queue";
import { blobStore, type BlobStore } from "@/lib/storage";

/**
 * Deletes a bundle: its rows (artifacts, findings, events and links cascade), its pending
 * jobs, then its files. A worker still ingesting it fails its next write or its final
 * flip (the row is gone) and stops; beginIngest refuses a deleted bundle.
 */
export async function deleteBundle({ bundleId }: { bundleId: string }, store: BlobStore = blobStore): Promise<void> {
  // Its ingest jobs, by the payload text enqueueJob("ingest-bundle", { bundleId }) stored.
  const payload = encodeJobPayload({ bundleId } satisfies TJobPayload<"ingest-bundle">);
  const deleted = await db.$transaction(async (tx) => {
    const r = await tx.bundle.deleteMany({ where: { id: bundleId } });
    await tx.job.deleteMany({ where: { payload, status: { in: ["queued", "failed", "done"] } } });
    return r.count;
  });
  if (deleted === 0) throw new AppError("NOT_FOUND", "No such bundle");
  // On PostgreSQL its jobs are pg-boss's: waiting ones are cancelled (a running one stops at its next write).
  await cancelJobsOfBundle(bundleId);
  await store.removeBundle(bundleId);
}

import "server-only";
import crypto from "node:crypto";
import path from "node:path";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { enqueueJob } from "@/lib/jobs/queue";
import { blobStore, type BlobStore } from "@/lib/storage";
import { originalExt } from "@/lib/storage/paths";
import { receiveUpload } from "@/lib/storage/receive-upload";

export type TCreateBundleResult = { id: string; duplicateOf?: undefined } | { duplicateOf: string; id?: undefined };

/** Display name only: never used for a path. Strips folders and control characters. */
function cleanFileName(name: string | null | undefined): string {
  const base = path.posix.basename(String(name ?? "").replaceAll("\\", "/"));
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 200);
  return clean || "bundle.tar.gz";
}

function newBundleId(): string {
  return crypto.randomBytes(8).toString("hex");
}

/**
 * Stores an uploaded bundle in its case and queues its ingest. A byte-identical bundle
 * (same sha256) is not stored twice in one case: the caller gets { duplicateOf } and what
 * was stored is removed (the same file in another case is that case's own copy). The Bundle
 * row and its Job row are created in one transaction, so a bundle is never queued without
 * a job. Two simultaneous uploads of one file race on the (case, sha256) unique index.
 */
export async function createBundleFromUpload(opts: {
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  caseId: string;
  fileName?: string | null;
  maxBytes?: number;
  /** The size the request declared (Content-Length), checked against the disk reserve first. */
  declaredBytes?: number;
  uploadLinkId?: string | null;
  uploadedById?: string | null;
  store?: BlobStore;
}): Promise<TCreateBundleResult & { sha256: string; sizeBytes: number; fileName: string }> {
  const store = opts.store ?? blobStore;
  const fileName = cleanFileName(opts.fileName);
  // The id is chosen first so the body can stream straight into its place in the store; a
  // duplicate found once the hash is known is removed again.
  const id = newBundleId();
  const up = await receiveUpload(opts.body, {
    maxBytes: opts.maxBytes ?? env.NETBUNDLE_MAX_UPLOAD_BYTES,
    store,
    bundleId: id,
    ext: originalExt(fileName),
    reserveBytes: env.NETBUNDLE_DISK_RESERVE_BYTES,
    declaredBytes: opts.declaredBytes,
  });
  const facts = { sha256: up.sha256, sizeBytes: up.sizeBytes, fileName };
  const sameFile = { caseId_sha256: { caseId: opts.caseId, sha256: up.sha256 } };
  const existing = await db.bundle.findUnique({ where: sameFile, select: { id: true } });
  if (existing) {
    await store.removeBundle(id);
    return { duplicateOf: existing.id, ...facts };
  }
  try {
    await db.$transaction(async (tx) => {
      await tx.bundle.create({
        data: {
          id,
          caseId: opts.caseId,
          uploadLinkId: opts.uploadLinkId ?? null,
          uploadedById: opts.uploadedById ?? null,
          sha256: up.sha256,
          fileName,
          sizeBytes: BigInt(up.sizeBytes),
          status: "queued",
          stage: "queued",
        },
      });
      await enqueueJob("ingest-bundle", { bundleId: id }, { client: tx });
    });
  } catch (e) {
    await store.removeBundle(id);
    const winner = await db.bundle.findUnique({ where: sameFile, select: { id: true } });
    if (winner) return { duplicateOf: winner.id, ...facts };
    throw e;
  }
  return { id, ...facts };
}

import "server-only";
import { db } from "@/lib/db";
import { blobStore, type BlobStore } from "@/lib/storage";

const SETTLED = ["ready", "partial", "failed"];

/**
 * Records how many bytes each settled bundle holds under the data dir (Bundle.storedBytes),
 * for the admin's disk use per case: bundles never measured first, then those re-ingested
 * since they were. A page then sums a column instead of walking directories.
 */
export async function measureStoredBytes({ store = blobStore, max = 200, now = new Date() }: { store?: BlobStore; max?: number; now?: Date } = {}): Promise<number> {
  const never = await db.bundle.findMany({ where: { status: { in: SETTLED }, storedBytesAt: null }, orderBy: { uploadedAt: "asc" }, take: max, select: { id: true } });
  const stale =
    never.length < max
      ? await db.bundle.findMany({ where: { status: { in: SETTLED }, storedBytesAt: { lt: db.bundle.fields.readyAt } }, orderBy: { storedBytesAt: "asc" }, take: max - never.length, select: { id: true } })
      : [];
  for (const { id } of [...never, ...stale]) {
    const bytes = await store.bundleBytes(id);
    await db.bundle.updateMany({ where: { id }, data: { storedBytes: BigInt(bytes), storedBytesAt: now } });
  }
  return never.length + stale.length;
}

import "server-only";
import fs from "node:fs/promises";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export interface TCaseDiskUse {
  caseId: string;
  title: string;
  customer: string;
  retentionDays: number | null;
  bundles: number;
  /** Sum of the measured bundles' stored bytes. */
  storedBytes: number;
  /** Bundles not measured yet (the next retention run measures them). */
  unmeasured: number;
  oldestUploadedAt: Date | null;
}

/**
 * Disk use per case for the admin's storage page, a page of cases at a time (by title):
 * two GROUP BYs over that page's bundles, no directory walked (the retention job measured
 * Bundle.storedBytes). Totals for every case and the data disk's free space come along.
 */
export async function listCaseDiskUse({ offset = 0, limit = 100 }: { offset?: number; limit?: number } = {}) {
  const take = Math.max(1, Math.min(500, limit));
  const [cases, caseCount, all, disk] = await Promise.all([
    db.case.findMany({ orderBy: [{ title: "asc" }, { id: "asc" }], skip: offset, take, select: { id: true, title: true, customer: true, retentionDays: true } }),
    db.case.count(),
    db.bundle.aggregate({ _sum: { storedBytes: true }, _count: { _all: true } }),
    fs.statfs(env.dataDir).catch(() => null),
  ]);
  const ids = cases.map((c) => c.id);
  const [sums, unmeasured] = await Promise.all([
    db.bundle.groupBy({ by: ["caseId"], where: { caseId: { in: ids } }, _sum: { storedBytes: true }, _count: { _all: true }, _min: { uploadedAt: true } }),
    db.bundle.groupBy({ by: ["caseId"], where: { caseId: { in: ids }, storedBytes: null }, _count: { _all: true } }),
  ]);
  const sumOf = new Map(sums.map((s) => [s.caseId, s]));
  const unOf = new Map(unmeasured.map((u) => [u.caseId, u._count._all]));
  const rows: TCaseDiskUse[] = cases.map((c) => {
    const s = sumOf.get(c.id);
    return { caseId: c.id, title: c.title, customer: c.customer, retentionDays: c.retentionDays, bundles: s?._count._all ?? 0, storedBytes: Number(s?._sum.storedBytes ?? 0), unmeasured: unOf.get(c.id) ?? 0, oldestUploadedAt: s?._min.uploadedAt ?? null };
  });
  return {
    rows,
    caseCount,
    totalBundles: all._count._all,
    totalStoredBytes: Number(all._sum.storedBytes ?? 0),
    disk: disk ? { freeBytes: Number(disk.bavail) * Number(disk.bsize), sizeBytes: Number(disk.blocks) * Number(disk.bsize) } : null,
  };
}

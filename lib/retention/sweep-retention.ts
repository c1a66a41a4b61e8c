import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { deleteBundle } from "@/lib/commands/delete-bundle";
import { blobStore, type BlobStore } from "@/lib/storage";
import { retentionCutoff, retentionDaysFor } from "./retention-policy";

const CASE_PAGE = 500;

/**
 * Deletes bundles older than their case's retention, rows and files (deleteBundle), each
 * audited as bundle-expire by the system. At most `maxDeletes` per run, so one run is
 * bounded; the next scheduled run continues. A bundle still being ingested is left for
 * the next run (its worker would only fail on the vanished row).
 */
export async function sweepRetention({ now = new Date(), globalDays = env.NETBUNDLE_RETENTION_DAYS, store = blobStore, maxDeletes = 200 }: { now?: Date; globalDays?: number; store?: BlobStore; maxDeletes?: number } = {}): Promise<{ deleted: string[]; more: boolean }> {
  const deleted: string[] = [];
  let after: string | undefined;
  for (;;) {
    const cases = await db.case.findMany({ ...(after ? { where: { id: { gt: after } } } : {}), orderBy: { id: "asc" }, take: CASE_PAGE, select: { id: true, retentionDays: true } });
    for (const c of cases) {
      const days = retentionDaysFor(c.retentionDays, globalDays);
      if (days === null) continue;
      const old = await db.bundle.findMany({
        where: { caseId: c.id, uploadedAt: { lt: retentionCutoff(days, now) }, status: { not: "ingesting" } },
        orderBy: { uploadedAt: "asc" },
        take: maxDeletes - deleted.length + 1,
        select: { id: true, fileName: true, sha256: true, uploadedAt: true, storedBytes: true },
      });
      for (const b of old) {
        if (deleted.length === maxDeletes) return { deleted, more: true };
        try {
          await deleteBundle({ bundleId: b.id }, store);
        } catch (e) {
          if (isAppError(e) && e.code === "NOT_FOUND") continue; // deleted meanwhile by someone else
          throw e;
        }
        deleted.push(b.id);
        await recordAudit({
          actor: { type: "system" },
          action: "bundle-expire",
          target: `bundle:${b.id}`,
          detail: { caseId: c.id, fileName: b.fileName, sha256: b.sha256, uploadedAt: b.uploadedAt.toISOString(), retentionDays: days, storedBytes: b.storedBytes === null ? null : Number(b.storedBytes) },
        });
      }
    }
    if (cases.length < CASE_PAGE) return { deleted, more: false };
    after = cases[cases.length - 1]!.id;
  }
}

import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditActor } from "@/lib/audit/record-audit";

/** "" (use the default), 0 (keep forever) or a number of days. */
export const ZRetentionInput = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === "") return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 36500) {
      ctx.addIssue({ code: "custom", message: "retention: empty (default), 0 (keep forever) or whole days up to 36500" });
      return z.NEVER;
    }
    return n;
  });

// An admin sets (or clears) a case's retention override; audited as case-update.
export async function setCaseRetention(caseId: string, input: string, by: TAuditActor, headers?: Headers | null): Promise<number | null> {
  const days = ZRetentionInput.parse(input);
  const r = await db.case.updateMany({ where: { id: caseId }, data: { retentionDays: days } });
  if (r.count === 0) throw new AppError("NOT_FOUND", "No such case");
  await recordAudit({ actor: by, action: "case-update", target: `case:${caseId}`, headers, detail: { retentionDays: days } });
  return days;
}

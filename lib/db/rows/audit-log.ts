import type { z } from "zod";
import { ZRecord } from "./json";

/**
 * The AuditLog row's JSON column, written by lib/audit/record-audit.ts. The text is cut at
 * MAX_DETAIL_CHARS, so a long detail is not valid JSON: the audit page shows it as stored
 * and nothing decodes it.
 */

export const MAX_DETAIL_CHARS = 4000;

/** AuditLog.detail: a small object about the action (ids, names, flags, dates). */
export const ZAuditDetail = ZRecord;
export type TAuditDetail = z.infer<typeof ZAuditDetail>;

/** NULL when the entry has no detail. */
export function encodeAuditDetail(detail: TAuditDetail | undefined): string | null {
  return detail ? JSON.stringify(detail).slice(0, MAX_DETAIL_CHARS) : null;
}

import "server-only";
import { db } from "@/lib/db";
import { encodeAuditDetail, type TAuditDetail } from "@/lib/db/rows/audit-log";
import { clientIp } from "@/lib/http/request-info";

export type TAuditActor =
  | { type: "user"; id: string; label: string }
  | { type: "token"; id: string; label: string }
  | { type: "upload-link"; id: string }
  | { type: "incident-link"; id: string }
  | { type: "anonymous"; label: string }
  | { type: "system" };

export type TAuditAction =
  | "sign-in"
  | "sign-in-failed"
  | "sign-out"
  | "password-change"
  | "user-create"
  | "user-update"
  | "token-create"
  | "token-revoke"
  | "case-create"
  | "case-update"
  | "bundle-upload"
  | "bundle-delete"
  | "bundle-expire"
  | "bundle-retry"
  | "upload-link-create"
  | "upload-link-revoke"
  | "upload-link-use"
  | "incident-link-create"
  | "incident-link-revoke"
  | "incident-link-view";

/**
 * Appends one audit entry. Auditing never fails the action it records: a write error is
 * logged (the action already happened, and refusing it afterwards would lie).
 */
export async function recordAudit(entry: { actor: TAuditActor; action: TAuditAction; target?: string | null; headers?: Headers | null; detail?: TAuditDetail }): Promise<void> {
  const a = entry.actor;
  const actor = "label" in a ? a.label : "id" in a ? a.id : "system";
  try {
    await db.auditLog.create({
      data: {
        actorType: a.type,
        actorId: "id" in a ? a.id : null,
        actor: actor.slice(0, 320),
        action: entry.action,
        target: entry.target?.slice(0, 500) ?? null,
        ip: entry.headers ? clientIp(entry.headers) : null,
        detail: encodeAuditDetail(entry.detail),
      },
    });
  } catch (e) {
    console.error("[audit] could not record", entry.action, e);
  }
}

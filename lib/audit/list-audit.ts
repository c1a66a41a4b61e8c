import "server-only";
import { db } from "@/lib/db";

export type TAuditRow = { id: number; at: Date; actorType: string; actor: string; action: string; target: string | null; ip: string | null; detail: string | null };

/** Newest first, keyset-paged by id (stable while new entries arrive). */
export async function listAudit(opts: { before?: number; action?: string; actor?: string; limit?: number } = {}): Promise<TAuditRow[]> {
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 500);
  return db.auditLog.findMany({
    where: {
      ...(opts.before ? { id: { lt: opts.before } } : {}),
      ...(opts.action ? { action: opts.action } : {}),
      ...(opts.actor ? { actor: { contains: opts.actor } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit,
  });
}

import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditActor } from "@/lib/audit/record-audit";
import { hashToken, looksLikeToken, newId, newToken } from "./tokens";

export type TApiTokenRow = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

/** A new personal API token for the user; the secret is returned once and never stored. */
export async function createApiToken(opts: { userId: string; name: string; by: TAuditActor; headers?: Headers | null }): Promise<{ id: string; token: string }> {
  const name = opts.name.trim().slice(0, 100) || "token";
  const { token, hash } = newToken("api");
  const id = newId();
  await db.apiToken.create({ data: { id, userId: opts.userId, name, tokenHash: hash, prefix: token.slice(0, 10) } });
  await recordAudit({ actor: opts.by, action: "token-create", target: `token:${id}`, headers: opts.headers, detail: { name, userId: opts.userId } });
  return { id, token };
}

export function listApiTokens(userId: string): Promise<TApiTokenRow[]> {
  return db.apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

export async function revokeApiToken(opts: { userId: string; id: string; by: TAuditActor; headers?: Headers | null }): Promise<void> {
  const r = await db.apiToken.updateMany({ where: { id: opts.id, userId: opts.userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (r.count === 0) throw new AppError("NOT_FOUND", "No such active token");
  await recordAudit({ actor: opts.by, action: "token-revoke", target: `token:${opts.id}`, headers: opts.headers });
}

/** The user behind a bearer token, or null (unknown, revoked, or the user is disabled). */
export async function userForApiToken(token: string) {
  if (!looksLikeToken("api", token)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.revokedAt || row.user.disabledAt) return null;
  // lastUsedAt to the minute: one write per token per minute, not per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { tokenId: row.id, tokenName: row.name, user: row.user };
}

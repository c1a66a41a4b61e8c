import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditActor } from "@/lib/audit/record-audit";
import { hashToken, looksLikeToken, newId, newToken } from "@/lib/auth/tokens";

const DAY_MS = 24 * 60 * 60 * 1000;

export const ZUploadLinkInput = z.object({
  label: z.string().trim().max(200).default(""),
  expiresInDays: z.coerce.number().int().min(1).max(90).default(7),
  maxUploads: z.coerce.number().int().min(1).max(1000).default(5),
  /** MiB; at most the server's own upload limit. */
  maxMiB: z.coerce.number().int().min(1).optional(),
});

/** A new upload link for a case; the token (the URL's last part) is returned once. */
export async function createUploadLink(caseId: string, input: z.input<typeof ZUploadLinkInput>, by: { userId: string; actor: TAuditActor }, headers?: Headers | null) {
  const o = ZUploadLinkInput.parse(input);
  if (!(await db.case.findUnique({ where: { id: caseId }, select: { id: true } }))) throw new AppError("NOT_FOUND", "No such case");
  const serverMax = env.NETBUNDLE_MAX_UPLOAD_BYTES;
  const maxBytes = Math.min(o.maxMiB ? o.maxMiB * 1024 * 1024 : serverMax, serverMax);
  const { token, hash } = newToken("upload");
  const id = newId();
  const expiresAt = new Date(Date.now() + o.expiresInDays * DAY_MS);
  await db.uploadLink.create({ data: { id, caseId, tokenHash: hash, label: o.label, createdById: by.userId, expiresAt, maxUploads: o.maxUploads, maxBytes: BigInt(maxBytes) } });
  await recordAudit({ actor: by.actor, action: "upload-link-create", target: `upload-link:${id}`, headers, detail: { caseId, expiresAt, maxUploads: o.maxUploads, maxBytes } });
  return { id, token, expiresAt };
}

export function listUploadLinks(caseId: string) {
  return db.uploadLink.findMany({
    where: { caseId },
    orderBy: { createdAt: "desc" },
    select: { id: true, label: true, createdAt: true, expiresAt: true, revokedAt: true, maxUploads: true, maxBytes: true, uploadCount: true, createdBy: { select: { email: true } } },
  });
}

export async function revokeUploadLink(id: string, by: TAuditActor, headers?: Headers | null) {
  const r = await db.uploadLink.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (r.count === 0) throw new AppError("NOT_FOUND", "No such active upload link");
  await recordAudit({ actor: by, action: "upload-link-revoke", target: `upload-link:${id}`, headers });
}

export type TUploadLinkState = "active" | "expired" | "revoked" | "used-up";

export function uploadLinkState(l: { expiresAt: Date; revokedAt: Date | null; uploadCount: number; maxUploads: number }, now = new Date()): TUploadLinkState {
  if (l.revokedAt) return "revoked";
  if (l.expiresAt <= now) return "expired";
  if (l.uploadCount >= l.maxUploads) return "used-up";
  return "active";
}

const GONE_MESSAGE: Record<Exclude<TUploadLinkState, "active">, string> = {
  expired: "This upload link has expired. Ask your support engineer for a new one.",
  revoked: "This upload link was revoked. Ask your support engineer for a new one.",
  "used-up": "This upload link has taken all the uploads it allows. Ask your support engineer for a new one.",
};

/**
 * The link behind a token with its case title: 404 for an unknown token, 410 (with why)
 * for an expired, revoked or used-up one. What a customer holding the link may see.
 */
export async function resolveUploadLink(token: string) {
  const link = looksLikeToken("upload", token)
    ? await db.uploadLink.findUnique({ where: { tokenHash: hashToken(token) }, include: { case: { select: { title: true } } } })
    : null;
  if (!link) throw new AppError("NOT_FOUND", "Unknown upload link: check the address, or ask your support engineer for a new one.");
  const state = uploadLinkState(link);
  if (state !== "active") throw new AppError("GONE", GONE_MESSAGE[state], { state });
  return { id: link.id, caseId: link.caseId, caseTitle: link.case.title, expiresAt: link.expiresAt, maxBytes: Number(link.maxBytes), uploadsLeft: link.maxUploads - link.uploadCount };
}

/**
 * Takes one upload from the link's allowance before the body is read, atomically, so
 * parallel uploads cannot exceed it; give it back with releaseUploadSlot when the upload
 * fails or turns out to be a duplicate.
 */
export async function reserveUploadSlot(id: string): Promise<void> {
  const n = await db.$executeRaw`UPDATE "UploadLink" SET "uploadCount" = "uploadCount" + 1 WHERE "id" = ${id} AND "revokedAt" IS NULL AND "uploadCount" < "maxUploads"`;
  if (n === 0) throw new AppError("GONE", GONE_MESSAGE["used-up"], { state: "used-up" });
}

export async function releaseUploadSlot(id: string): Promise<void> {
  await db.$executeRaw`UPDATE "UploadLink" SET "uploadCount" = "uploadCount" - 1 WHERE "id" = ${id} AND "uploadCount" > 0`;
}

import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { decodeFindingKeys, encodeFindingKeys } from "@/lib/db/rows/share-link";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditActor } from "@/lib/audit/record-audit";
import { hashToken, looksLikeToken, newId, newToken } from "@/lib/auth/tokens";
import { getFinding, type TFindingDetail } from "@/lib/queries/get-finding";
import { coarseClient } from "@/lib/http/request-info";
import { createPseudonymiser } from "./pseudonymise";

const DAY_MS = 24 * 60 * 60 * 1000;

export const ZIncidentLinkInput = z.object({
  findingKeys: z.array(z.string().min(1).max(500)).min(1, "select at least one finding").max(50),
  expiresInDays: z.coerce.number().int().min(1).max(90).default(7),
  pseudonymise: z.boolean().default(false),
  note: z.string().trim().max(2000).default(""),
});

/** A read-only link to the selected findings of one bundle; the token is returned once. */
export async function createIncidentLink(bundleId: string, input: z.input<typeof ZIncidentLinkInput>, by: { userId: string; actor: TAuditActor }, headers?: Headers | null) {
  const o = ZIncidentLinkInput.parse(input);
  const keys = [...new Set(o.findingKeys)];
  const found = await db.finding.findMany({ where: { bundleId, key: { in: keys } }, select: { key: true } });
  if (found.length !== keys.length) throw new AppError("BAD_REQUEST", "Some selected findings are not in this bundle (was it re-analysed?)");
  const { token, hash } = newToken("incident");
  const id = newId();
  const expiresAt = new Date(Date.now() + o.expiresInDays * DAY_MS);
  await db.shareLink.create({
    data: {
      id,
      bundleId,
      tokenHash: hash,
      findingKeys: encodeFindingKeys(keys),
      note: o.note,
      pseudonymise: o.pseudonymise,
      pseudoSecret: o.pseudonymise ? crypto.randomBytes(32).toString("base64url") : null,
      createdById: by.userId,
      expiresAt,
    },
  });
  await recordAudit({ actor: by.actor, action: "incident-link-create", target: `incident-link:${id}`, headers, detail: { bundleId, findingKeys: keys, pseudonymise: o.pseudonymise, expiresAt } });
  return { id, token, expiresAt };
}

export async function listIncidentLinks(bundleId: string) {
  const rows = await db.shareLink.findMany({
    where: { bundleId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      findingKeys: true,
      note: true,
      pseudonymise: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      viewCount: true,
      createdBy: { select: { email: true } },
      views: { orderBy: { at: "desc" }, take: 20, select: { at: true, client: true } },
    },
  });
  return rows.map((r) => ({ ...r, findingKeys: decodeFindingKeys(r.findingKeys) }));
}

export async function revokeIncidentLink(id: string, by: TAuditActor, headers?: Headers | null) {
  const r = await db.shareLink.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (r.count === 0) throw new AppError("NOT_FOUND", "No such active incident link");
  await recordAudit({ actor: by, action: "incident-link-revoke", target: `incident-link:${id}`, headers });
}

/** The link behind a token: 404 unknown, 410 revoked or expired. */
export async function resolveIncidentLink(token: string) {
  const link = looksLikeToken("incident", token) ? await db.shareLink.findUnique({ where: { tokenHash: hashToken(token) } }) : null;
  if (!link) throw new AppError("NOT_FOUND", "Unknown incident link: check the address with whoever sent it.");
  if (link.revokedAt) throw new AppError("GONE", "This incident link was revoked by the support engineer who shared it.", { state: "revoked" });
  if (link.expiresAt <= new Date()) throw new AppError("GONE", "This incident link has expired. Ask whoever sent it for a new one.", { state: "expired" });
  return link;
}

/** Counts one view of a link and keeps when and a coarse client description (no address). */
export async function recordIncidentView(linkId: string, headers: Headers): Promise<void> {
  await db.$transaction([
    db.shareLink.update({ where: { id: linkId }, data: { viewCount: { increment: 1 } } }),
    db.linkView.create({ data: { shareLinkId: linkId, client: coarseClient(headers) } }),
  ]);
  await recordAudit({ actor: { type: "incident-link", id: linkId }, action: "incident-link-view", target: `incident-link:${linkId}`, headers });
}

export type TIncidentView = {
  header: { host: string | null; kernel: string | null; collectedAt: Date | null };
  note: string;
  pseudonymised: boolean;
  expiresAt: Date;
  findings: TFindingDetail[];
};

/**
 * Everything an incident link shows, and nothing more: the bundle's header and the
 * selected findings with their explanation, remediation and cited evidence lines,
 * pseudonymised (IPs, MACs, the host name) consistently within the link when chosen.
 */
export async function getIncidentView(link: { id: string; bundleId: string; findingKeys: string; note: string; pseudonymise: boolean; pseudoSecret: string | null; expiresAt: Date }): Promise<TIncidentView> {
  const bundle = await db.bundle.findUnique({ where: { id: link.bundleId }, select: { host: true, kernel: true, collectedAt: true } });
  if (!bundle) throw new AppError("GONE", "The bundle behind this incident link was deleted.");
  const findings: TFindingDetail[] = [];
  for (const key of decodeFindingKeys(link.findingKeys)) {
    const f = await getFinding({ bundleId: link.bundleId, key });
    // Only the selected findings: not the keys (which hold addresses) of those they link to.
    if (f) findings.push({ ...f, links: { causedBy: [], causes: [], related: [] } });
  }
  const view: TIncidentView = { header: bundle, note: link.note, pseudonymised: link.pseudonymise, expiresAt: link.expiresAt, findings };
  if (!link.pseudonymise) return view;
  const p = createPseudonymiser({ secret: link.pseudoSecret ?? link.id, hostnames: bundle.host ? [bundle.host] : [] });
  return {
    ...view,
    header: { ...bundle, host: bundle.host ? p.text(bundle.host) : null },
    note: p.text(link.note),
    findings: findings.map((f) => ({
      ...f,
      key: p.text(f.key),
      title: p.text(f.title),
      explanation: p.text(f.explanation),
      remediation: p.text(f.remediation),
      entities: mapStrings(f.entities, p.text),
      evidence: f.evidence.map((e) => ({ ...e, artifact: p.text(e.artifact), excerpt: p.text(e.excerpt) })),
    })),
  };
}

function mapStrings<T>(v: T, fn: (s: string) => string): T {
  if (typeof v === "string") return fn(v) as T;
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, fn)) as T;
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, fn)])) as T;
  return v;
}

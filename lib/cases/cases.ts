import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditActor } from "@/lib/audit/record-audit";
import { newId } from "@/lib/auth/tokens";

export const UNFILED_CASE_ID = "unfiled";

export const ZCaseInput = z.object({
  title: z.string().trim().min(1, "a title").max(200),
  customer: z.string().trim().max(200).default(""),
  ticketRef: z.string().trim().max(100).default(""),
  notes: z.string().max(20_000).default(""),
  assigneeId: z.string().max(64).nullish(),
});
export const ZCaseUpdate = ZCaseInput.partial().extend({ status: z.enum(["open", "closed"]).optional() });

export async function createCase(input: z.input<typeof ZCaseInput>, by: { userId: string; actor: TAuditActor }, headers?: Headers | null) {
  const c = ZCaseInput.parse(input);
  const id = newId();
  const row = await db.case.create({ data: { id, ...c, assigneeId: c.assigneeId || by.userId, createdById: by.userId } });
  await recordAudit({ actor: by.actor, action: "case-create", target: `case:${id}`, headers, detail: { title: c.title } });
  return row;
}

export async function updateCase(id: string, input: z.input<typeof ZCaseUpdate>, by: TAuditActor, headers?: Headers | null) {
  const c = ZCaseUpdate.parse(input);
  const r = await db.case.updateMany({ where: { id }, data: { ...c, ...(c.assigneeId === "" ? { assigneeId: null } : {}) } });
  if (r.count === 0) throw new AppError("NOT_FOUND", "No such case");
  await recordAudit({ actor: by, action: "case-update", target: `case:${id}`, headers, detail: Object.fromEntries(Object.entries(c).filter(([k]) => k !== "notes")) });
}

export function getCase(id: string) {
  return db.case.findUnique({
    where: { id },
    include: {
      assignee: { select: { id: true, email: true, name: true } },
      bundles: {
        orderBy: { uploadedAt: "desc" },
        select: { id: true, fileName: true, host: true, kernel: true, status: true, stage: true, sizeBytes: true, uploadedAt: true, collectedAt: true, severityCounts: true, uploadLinkId: true },
      },
    },
  });
}

export type TCaseListRow = Awaited<ReturnType<typeof listCases>>[number];

/**
 * Cases, newest activity first. `q` matches title, customer, ticket reference, or the host
 * or file name of any bundle in the case (how an engineer remembers an incident).
 */
export async function listCases(opts: { q?: string; status?: "open" | "closed"; assigneeId?: string; limit?: number; offset?: number } = {}) {
  const q = opts.q?.trim().slice(0, 200);
  return db.case.findMany({
    where: {
      ...(opts.status ? { status: opts.status } : {}),
      ...(opts.assigneeId ? { assigneeId: opts.assigneeId } : {}),
      ...(q
        ? {
            OR: [
              { title: { contains: q } },
              { customer: { contains: q } },
              { ticketRef: { contains: q } },
              { bundles: { some: { OR: [{ host: { contains: q } }, { fileName: { contains: q } }] } } },
            ],
          }
        : {}),
    },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    skip: Math.max(0, opts.offset ?? 0),
    take: Math.min(opts.limit ?? 100, 500),
    select: {
      id: true,
      title: true,
      customer: true,
      ticketRef: true,
      status: true,
      updatedAt: true,
      assignee: { select: { email: true, name: true } },
      _count: { select: { bundles: true } },
    },
  });
}

export function listAssignableUsers() {
  return db.user.findMany({ where: { disabledAt: null }, orderBy: { email: "asc" }, select: { id: true, email: true, name: true } });
}

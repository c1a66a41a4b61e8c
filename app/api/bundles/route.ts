import { recordAudit } from "@/lib/audit/record-audit";
import { requireCaller } from "@/lib/auth/caller";
import { createUploadFromRequest } from "@/lib/http/create-upload-from-request";
import { withUploadSlot } from "@/lib/http/upload-concurrency";
import { z } from "zod";
import { bundlesCursor, listBundles } from "@/lib/queries/list-bundles";
import { UNFILED_CASE_ID } from "@/lib/cases/cases";
import { db } from "@/lib/db";
import { AppError, errorResponse } from "@/lib/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/bundles?case=ID – an engineer's upload into a case (default: Unfiled): stream to
// disk, enqueue ingest; {id} or {duplicateOf}
export async function POST(request: Request) {
  try {
    const caller = await requireCaller(request);
    const caseId = new URL(request.url).searchParams.get("case") || UNFILED_CASE_ID;
    if (!(await db.case.findUnique({ where: { id: caseId }, select: { id: true } }))) throw new AppError("NOT_FOUND", "No such case");
    const r = await withUploadSlot(`user:${caller.userId}`, () => createUploadFromRequest(request, { caseId, uploadedById: caller.userId }));
    await recordAudit({ actor: caller.actor, action: "bundle-upload", target: `bundle:${r.id ?? r.duplicateOf}`, headers: request.headers, detail: { caseId, fileName: r.fileName, sha256: r.sha256, duplicate: Boolean(r.duplicateOf) } });
    return r.duplicateOf ? Response.json({ duplicateOf: r.duplicateOf }, { status: 200 }) : Response.json({ id: r.id }, { status: 201 });
  } catch (e) {
    return errorResponse(e);
  }
}

const ZListQuery = z.object({
  q: z.string().max(200).optional(),
  status: z.string().max(20).optional(),
  case: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().max(100).optional(),
});

// GET /api/bundles – newest bundles with their status (?q=, ?status=, ?case=), a page at a
// time: ?limit= (default 100, at most 500) and ?before=<next of the previous page>
export async function GET(request: Request) {
  try {
    await requireCaller(request);
    const p = ZListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    const bundles = await listBundles({ q: p.q, status: p.status, caseId: p.case, take: p.limit, before: p.before });
    const last = bundles.length === p.limit ? bundles[bundles.length - 1] : undefined;
    return Response.json({ bundles, next: last ? bundlesCursor(last) : null });
  } catch (e) {
    return errorResponse(e);
  }
}

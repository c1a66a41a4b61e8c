import { recordAudit } from "@/lib/audit/record-audit";
import { requireCaller } from "@/lib/auth/caller";
import { createUploadFromRequest } from "@/lib/http/create-upload-from-request";
import { withUploadSlot } from "@/lib/http/upload-concurrency";
import { listBundles } from "@/lib/queries/list-bundles";
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

// GET /api/bundles – newest bundles with their status (?q=, ?status=)
export async function GET(request: Request) {
  try {
    await requireCaller(request);
    const url = new URL(request.url);
    const bundles = await listBundles({ q: url.searchParams.get("q") ?? undefined, status: url.searchParams.get("status") ?? undefined });
    return Response.json({ bundles });
  } catch (e) {
    return errorResponse(e);
  }
}

import { recordAudit } from "@/lib/audit/record-audit";
import { createUploadFromRequest } from "@/lib/http/create-upload-from-request";
import { withUploadSlot } from "@/lib/http/upload-concurrency";
import { errorResponse } from "@/lib/errors";
import { linkProblemResponse } from "@/lib/http/problem-page";
import { releaseUploadSlot, reserveUploadSlot, resolveUploadLink } from "@/lib/links/upload-links";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type TParams = { params: Promise<{ token: string }> };
const TITLES = { gone: "This upload link is no longer valid", missing: "Upload link not found" };

// GET /u/[token] – public, the address a customer is sent: a valid link goes on to its upload
// page; an unknown one answers 404 and an expired, revoked or used-up one 410, with why.
export async function GET(request: Request, { params }: TParams) {
  const { token } = await params;
  try {
    await resolveUploadLink(token);
    return new Response(null, { status: 303, headers: { location: `/u/${encodeURIComponent(token)}/upload`, "cache-control": "no-store" } });
  } catch (e) {
    return linkProblemResponse(e, request, TITLES) ?? errorResponse(e);
  }
}

// POST /u/[token] – public, a customer's upload (browser page or `netbundle-collect.sh --upload`).
// The token is the only credential and it can add bundles to its case, nothing else: the
// answer is a receipt of this upload, never anything stored.
export async function POST(request: Request, { params }: TParams) {
  try {
    const link = await resolveUploadLink((await params).token);
    await reserveUploadSlot(link.id);
    let kept = false;
    try {
      const r = await withUploadSlot(`upload-link:${link.id}`, () => createUploadFromRequest(request, { caseId: link.caseId, maxBytes: link.maxBytes, uploadLinkId: link.id }));
      kept = !r.duplicateOf;
      await recordAudit({
        actor: { type: "upload-link", id: link.id },
        action: "upload-link-use",
        target: `bundle:${r.id ?? r.duplicateOf}`,
        headers: request.headers,
        detail: { fileName: r.fileName, sizeBytes: r.sizeBytes, sha256: r.sha256, duplicate: Boolean(r.duplicateOf) },
      });
      // A duplicate is acknowledged like a new upload: the case has that file either way.
      const receipt = { fileName: r.fileName, sizeBytes: r.sizeBytes, sha256: r.sha256, receivedAt: new Date().toISOString(), caseTitle: link.caseTitle };
      return Response.json({ receipt }, { status: 201, headers: { "cache-control": "no-store" } });
    } finally {
      if (!kept) await releaseUploadSlot(link.id);
    }
  } catch (e) {
    return errorResponse(e);
  }
}

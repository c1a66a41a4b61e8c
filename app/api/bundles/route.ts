import { createUploadFromRequest } from "@/lib/bundles/create-upload-request";
import { listBundles } from "@/lib/bundles/list-bundles";
import { errorResponse } from "@/lib/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/bundles – stream the upload to disk, enqueue ingest; {id} or {duplicateOf}
export async function POST(request: Request) {
  try {
    const r = await createUploadFromRequest(request);
    return r.duplicateOf ? Response.json({ duplicateOf: r.duplicateOf }, { status: 200 }) : Response.json({ id: r.id }, { status: 201 });
  } catch (e) {
    return errorResponse(e);
  }
}

// GET /api/bundles – newest bundles with their status (?q=, ?status=)
export async function GET(request: Request) {
  try {
    const url = new URL(request.url);
    const bundles = await listBundles({ q: url.searchParams.get("q") ?? undefined, status: url.searchParams.get("status") ?? undefined });
    return Response.json({ bundles });
  } catch (e) {
    return errorResponse(e);
  }
}

import { retryBundle } from "@/lib/bundles/update-bundle-retry";
import { errorResponse } from "@/lib/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/bundles/[bundleId]/retry – re-queue the ingest of a failed or partial bundle
export async function POST(_request: Request, { params }: { params: Promise<{ bundleId: string }> }) {
  try {
    const { bundleId } = await params;
    return Response.json(await retryBundle({ bundleId }), { status: 202 });
  } catch (e) {
    return errorResponse(e);
  }
}

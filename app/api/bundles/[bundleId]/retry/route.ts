import { recordAudit } from "@/lib/audit/record-audit";
import { retryBundle } from "@/lib/commands/retry-bundle";
import { errorResponse } from "@/lib/errors";
import { requireCaller } from "@/lib/auth/caller";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/bundles/[bundleId]/retry – re-queue the ingest of a failed or partial bundle
export async function POST(request: Request, { params }: { params: Promise<{ bundleId: string }> }) {
  try {
    const caller = await requireCaller(request);
    const { bundleId } = await params;
    const r = await retryBundle({ bundleId });
    await recordAudit({ actor: caller.actor, action: "bundle-retry", target: `bundle:${bundleId}`, headers: request.headers });
    return Response.json(r, { status: 202 });
  } catch (e) {
    return errorResponse(e);
  }
}

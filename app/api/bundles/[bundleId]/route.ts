import { recordAudit } from "@/lib/audit/record-audit";
import { deleteBundle } from "@/lib/commands/delete-bundle";
import { getBundleStatus } from "@/lib/queries/get-bundle-status";
import { AppError, errorResponse } from "@/lib/errors";
import { requireCaller } from "@/lib/auth/caller";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type TParams = { params: Promise<{ bundleId: string }> };

// GET /api/bundles/[bundleId] – status, stage and progress for the live poller
export async function GET(request: Request, { params }: TParams) {
  try {
    await requireCaller(request);
    const { bundleId } = await params;
    const status = await getBundleStatus({ bundleId });
    if (!status) throw new AppError("NOT_FOUND", "No such bundle");
    return Response.json(status, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}

// DELETE /api/bundles/[bundleId] – remove the bundle, its rows and its files
export async function DELETE(request: Request, { params }: TParams) {
  try {
    const caller = await requireCaller(request);
    const { bundleId } = await params;
    await deleteBundle({ bundleId });
    await recordAudit({ actor: caller.actor, action: "bundle-delete", target: `bundle:${bundleId}`, headers: request.headers });
    return new Response(null, { status: 204 });
  } catch (e) {
    return errorResponse(e);
  }
}

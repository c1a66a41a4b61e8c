import { z } from "zod";
import { requireCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { AppError, errorResponse } from "@/lib/errors";
import { FOLDER_PAGE_MAX, isFolderPath, listArtifactFolder } from "@/lib/queries/list-artifact-folder";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const ZQuery = z.object({
  dir: z.string().max(4096).default("").refine(isFolderPath, "a folder is empty (the root) or ends with /"),
  after: z.string().max(4200).optional(),
  limit: z.coerce.number().int().min(1).max(FOLDER_PAGE_MAX).default(200),
});

// GET /api/bundles/[bundleId]/artifacts?dir=a/b/&after=… – one page of a folder's children (the lazy tree)
export async function GET(request: Request, { params }: { params: Promise<{ bundleId: string }> }) {
  try {
    await requireCaller(request);
    const bundleId = decodeURIComponent((await params).bundleId);
    const { dir, after, limit } = ZQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    if (!(await db.bundle.findUnique({ where: { id: bundleId }, select: { id: true } }))) throw new AppError("NOT_FOUND", "No such bundle");
    const page = await listArtifactFolder({ bundleId, dir, after, limit });
    return Response.json({ dir: page.dir, entries: page.entries, next: page.next }, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}

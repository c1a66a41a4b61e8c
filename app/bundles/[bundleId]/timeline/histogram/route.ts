import { z } from "zod";
import { errorResponse } from "@/lib/errors";
import { getTimelineHistogram } from "@/lib/queries/get-timeline-histogram";
import { ZTimelineFilter } from "@/lib/http/timeline-filter-params";
import { requireCaller } from "@/lib/auth/caller";

export const dynamic = "force-dynamic";

const ZBuckets = z.object({ buckets: z.coerce.number().int().min(10).max(400).default(120) });

// GET /bundles/[id]/timeline/histogram – event counts per time bucket and source (GROUP BY)
export async function GET(request: Request, { params }: { params: Promise<{ bundleId: string }> }) {
  try {
    await requireCaller(request);
    const bundleId = decodeURIComponent((await params).bundleId);
    const sp = Object.fromEntries(new URL(request.url).searchParams);
    const filter = ZTimelineFilter.parse(sp);
    const { buckets } = ZBuckets.parse(sp);
    const h = await getTimelineHistogram({ bundleId, filter, maxBuckets: buckets });
    return Response.json(h, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}

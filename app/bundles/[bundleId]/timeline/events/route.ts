import { z } from "zod";
import { errorResponse } from "@/lib/errors";
import { countTimelineEventsForList } from "@/lib/queries/count-timeline-events";
import { listTimelineEvents } from "@/lib/queries/list-timeline-events";
import { ZTimelineFilter } from "@/lib/http/timeline-filter-params";
import { requireCaller } from "@/lib/auth/caller";

export const dynamic = "force-dynamic";

const ZPage = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  count: z.enum(["0", "1"]).default("0"),
});

// GET /bundles/[id]/timeline/events – one page of events in a window (+ total when count=1;
// totalCapped: a search with more matches than SEARCH_COUNT_CAP, counted only that far)
export async function GET(request: Request, { params }: { params: Promise<{ bundleId: string }> }) {
  try {
    await requireCaller(request);
    const bundleId = decodeURIComponent((await params).bundleId);
    const sp = Object.fromEntries(new URL(request.url).searchParams);
    const filter = ZTimelineFilter.parse(sp);
    const { offset, limit, count } = ZPage.parse(sp);
    const [events, total] = await Promise.all([
      listTimelineEvents({ bundleId, filter, offset, limit }),
      count === "1" ? countTimelineEventsForList({ bundleId, filter }) : Promise.resolve(null),
    ]);
    return Response.json({ offset, events, total: total?.total ?? null, totalCapped: total?.capped ?? false }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}

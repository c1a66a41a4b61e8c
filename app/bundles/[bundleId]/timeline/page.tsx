import { ZTimelineFilter } from "@/lib/http/timeline-filter-params";
import type { TTimelineFilter } from "@/lib/queries/timeline-event-where";
import { TimelineView } from "../_components/timeline-view";
import { requirePageCaller } from "@/lib/auth/caller";

// Timeline: the server only parses the window from the URL; the island fetches by window.
export default async function TimelinePage({ params, searchParams }: { params: Promise<{ bundleId: string }>; searchParams: Promise<Record<string, string>> }) {
  await requirePageCaller();
  const bundleId = decodeURIComponent((await params).bundleId);
  const parsed = ZTimelineFilter.safeParse(await searchParams);
  const f: TTimelineFilter = parsed.success ? parsed.data : { sources: [], severities: [], q: undefined };
  return <TimelineView bundleId={bundleId} initial={{ from: f.from, to: f.to, sources: f.sources, severities: f.severities, q: f.q ?? "" }} />;
}

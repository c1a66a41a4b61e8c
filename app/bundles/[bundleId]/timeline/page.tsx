import { ZTimelineFilter } from "@/lib/http/timeline-filter-params";
import type { TTimelineFilter } from "@/lib/queries/timeline-event-where";
import { getBundleStatus } from "@/lib/queries/get-bundle-status";
import { TimelineView } from "../_components/timeline-view";
import { requirePageCaller } from "@/lib/auth/caller";

// Timeline: the server only parses the window from the URL; the island fetches by window.
// While the timeline is still loading (two-phase ingest: the findings are shown first) it says
// so; the status poller refreshes this page when it is in, and the island, keyed by the
// state, then fetches afresh.
export default async function TimelinePage({ params, searchParams }: { params: Promise<{ bundleId: string }>; searchParams: Promise<Record<string, string>> }) {
  await requirePageCaller();
  const bundleId = decodeURIComponent((await params).bundleId);
  const parsed = ZTimelineFilter.safeParse(await searchParams);
  const f: TTimelineFilter = parsed.success ? parsed.data : { sources: [], severities: [], q: undefined };
  const status = await getBundleStatus({ bundleId });
  const loading = status !== null && (status.timelineLoading || status.status === "queued" || status.status === "ingesting");
  const pct = Math.round(Math.min(1, Math.max(0, status?.timelineProgress ?? 0)) * 100);
  return (
    <>
      {loading && (
        <p data-testid="timeline-still-loading" className="mb-2 rounded border border-sky-200 bg-sky-50 px-3 py-2 text-sm dark:border-sky-900 dark:bg-sky-950/40">
          {status.timelineLoading ? `The timeline is still loading (${pct}%): its events appear here once all are in.` : "The timeline appears here once the bundle is analysed."}
        </p>
      )}
      {status?.textIndexing && (
        <p data-testid="timeline-indexing" className="mb-2 rounded border border-zinc-200 bg-zinc-50 px-3 py-2 text-xs text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
          The search index is still being built: a text search reads every event meanwhile, so it finds the same but takes longer.
        </p>
      )}
      <TimelineView key={loading ? "loading" : "ready"} bundleId={bundleId} initial={{ from: f.from, to: f.to, sources: f.sources, severities: f.severities, q: f.q ?? "" }} />
    </>
  );
}

"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

interface TStatus {
  status: string;
  stage: string | null;
  progress: number;
  error: string | null;
  /** "loading" while the timeline is still being written after the findings were shown. */
  timelineState: string;
  timelineProgress: number;
}

const STAGES = ["queued", "reading", "model", "rules", "saving", "done"];
const POLL_MS = 1000;

/** The status route may answer with the bundle at the top level or under "bundle". */
function pick(body: unknown): TStatus | null {
  const o = (body && typeof body === "object" ? ((body as { bundle?: unknown }).bundle ?? body) : null) as Record<string, unknown> | null;
  if (!o || typeof o.status !== "string") return null;
  return {
    status: o.status,
    stage: typeof o.stage === "string" ? o.stage : null,
    progress: typeof o.progress === "number" ? o.progress : 0,
    error: typeof o.error === "string" ? o.error : null,
    timelineState: typeof o.timelineState === "string" ? o.timelineState : "ready",
    timelineProgress: typeof o.timelineProgress === "number" ? o.timelineProgress : 0,
  };
}

/**
 * Live ingest status: polls GET /api/bundles/[id] while queued/ingesting and refreshes the
 * server-rendered page once the findings are in, then (two-phase ingest) keeps polling while the
 * timeline loads and refreshes again when it is in. A failed bundle shows its reason and a retry.
 */
export function StatusPoller({ bundleId, initial }: { bundleId: string; initial: TStatus }) {
  const router = useRouter();
  const [s, setS] = useState<TStatus>(initial);
  const last = useRef<TStatus>(initial);
  const [retrying, setRetrying] = useState(false);
  const ingesting = s.status === "queued" || s.status === "ingesting";
  const timelineLoading = (s.status === "ready" || s.status === "partial") && s.timelineState === "loading";
  // "indexing": the timeline is shown, its search index still filling (the Timeline tab says so until it is in).
  const active = ingesting || timelineLoading || ((s.status === "ready" || s.status === "partial") && s.timelineState === "indexing");

  useEffect(() => {
    if (!active) return;
    let stop = false;
    const timer = setInterval(async () => {
      try {
        const res = await fetch(`/api/bundles/${encodeURIComponent(bundleId)}`, { cache: "no-store" });
        const next = pick(await res.json());
        if (stop || !next) return;
        // Refresh the server-rendered page when the findings arrive and when the timeline does.
        const prev = last.current;
        last.current = next;
        setS(next);
        const settled = (t: TStatus) => t.status !== "queued" && t.status !== "ingesting";
        if (settled(next) !== settled(prev) || (settled(next) && next.timelineState !== prev.timelineState)) router.refresh();
      } catch {}
    }, POLL_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [active, bundleId, router]);

  async function retry() {
    setRetrying(true);
    try {
      const res = await fetch(`/api/bundles/${encodeURIComponent(bundleId)}/retry`, { method: "POST" });
      if (res.ok) setS((last.current = { status: "queued", stage: null, progress: 0, error: null, timelineState: "loading", timelineProgress: 0 }));
    } finally {
      setRetrying(false);
      router.refresh();
    }
  }

  if (s.status === "failed") {
    return (
      <div role="alert" data-testid="ingest-failed" className="rounded border border-red-300 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950/40">
        <p className="font-medium text-red-800 dark:text-red-200">Ingest failed</p>
        <p className="mt-1 whitespace-pre-wrap font-mono text-xs text-red-900 dark:text-red-200">{s.error ?? "no reason recorded"}</p>
        <button type="button" onClick={retry} disabled={retrying} className="mt-2 rounded bg-red-600 px-3 py-1 text-white hover:bg-red-700 disabled:opacity-50">
          {retrying ? "Retrying…" : "Retry ingest"}
        </button>
      </div>
    );
  }
  if (!active) return null;
  if (timelineLoading) {
    const tpct = Math.round(Math.min(1, Math.max(0, s.timelineProgress)) * 100);
    return (
      <div data-testid="timeline-loading" className="flex items-center gap-3 rounded border border-sky-200 bg-sky-50 px-3 py-1.5 text-xs dark:border-sky-900 dark:bg-sky-950/40">
        <span>Findings ready, timeline loading {tpct}%</span>
        <span className="h-1 w-40 overflow-hidden rounded bg-sky-100 dark:bg-sky-900">
          <span className="block h-full bg-sky-600 transition-[width] duration-500" style={{ width: `${tpct}%` }} />
        </span>
      </div>
    );
  }
  const pct = Math.round(Math.min(1, Math.max(0, s.progress)) * 100);
  const stageIdx = STAGES.indexOf(s.stage ?? s.status);
  return (
    <div data-testid="ingest-status" className="rounded border border-sky-200 bg-sky-50 p-3 dark:border-sky-900 dark:bg-sky-950/40">
      <div className="flex items-center gap-3">
        <span className="font-medium">{s.status === "queued" ? "Waiting for a worker…" : `Ingesting: ${s.stage ?? "starting"}`}</span>
        <span className="ml-auto tabular-nums text-xs">{pct}%</span>
      </div>
      <div className="mt-2 h-1.5 overflow-hidden rounded bg-sky-100 dark:bg-sky-900">
        <div className="h-full bg-sky-600 transition-[width] duration-500" style={{ width: `${pct}%` }} />
      </div>
      <ol className="mt-2 flex gap-3 text-xs text-zinc-500">
        {STAGES.map((st, i) => (
          <li key={st} className={i < stageIdx ? "text-emerald-600" : i === stageIdx ? "font-semibold text-sky-700 dark:text-sky-300" : ""}>
            {st}
          </li>
        ))}
      </ol>
    </div>
  );
}

import Link from "next/link";
import type { TBundleRow } from "@/lib/queries/list-bundles";
import { StatusBadge } from "./status-badge";
import { SeverityCounts } from "./severity-counts";
import { fmtBytes, fmtUtc } from "./format";

/** The bundle list of the bundles page, the home page and a case (without its case column there). */
export function BundleTable({ bundles, showCase = true, empty }: { bundles: TBundleRow[]; showCase?: boolean; empty: string }) {
  const cols = showCase ? 8 : 7;
  return (
    <div className="overflow-x-auto rounded border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left" data-testid="bundle-list">
        <thead className="bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900">
          <tr>
            <th className="px-3 py-2">Host</th>
            {showCase && <th className="px-3 py-2">Case</th>}
            <th className="px-3 py-2">Kernel</th>
            <th className="px-3 py-2">Collected (UTC)</th>
            <th className="px-3 py-2">Uploaded (UTC)</th>
            <th className="px-3 py-2">Size</th>
            <th className="px-3 py-2">Status</th>
            <th className="px-3 py-2">Findings</th>
          </tr>
        </thead>
        <tbody data-kbd-list>
          {bundles.map((b) => (
            <tr key={b.id} data-kbd-item className="border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900">
              <td className="px-3 py-1.5">
                <Link href={`/bundles/${encodeURIComponent(b.id)}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {b.host ?? b.fileName}
                </Link>
                {b.host && <div className="text-xs text-zinc-500">{b.fileName}</div>}
              </td>
              {showCase && (
                <td className="px-3 py-1.5">
                  <Link href={`/cases/${encodeURIComponent(b.caseId)}`} className="hover:underline">
                    {b.caseTitle}
                  </Link>
                </td>
              )}
              <td className="px-3 py-1.5 font-mono text-xs">{b.kernel ?? "—"}</td>
              <td className="px-3 py-1.5 tabular-nums">{fmtUtc(b.collectedAt)}</td>
              <td className="px-3 py-1.5 tabular-nums">{fmtUtc(b.uploadedAt)}</td>
              <td className="px-3 py-1.5 tabular-nums">{fmtBytes(b.sizeBytes)}</td>
              <td className="px-3 py-1.5">
                <StatusBadge status={b.status} />
                {b.status === "ingesting" && b.stage && <span className="ml-1 text-xs text-zinc-500">{b.stage}</span>}
                {(b.status === "ready" || b.status === "partial") && b.timelineState === "loading" && (
                  <span className="ml-1 text-xs text-zinc-500" data-testid="timeline-loading">
                    findings ready, timeline loading {Math.round(Math.min(1, Math.max(0, b.timelineProgress)) * 100)}%
                  </span>
                )}
              </td>
              <td className="px-3 py-1.5">
                <SeverityCounts counts={b.severityCounts} />
              </td>
            </tr>
          ))}
          {bundles.length === 0 && (
            <tr>
              <td colSpan={cols} className="px-3 py-6 text-center text-zinc-500">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

import Link from "next/link";
import { countFindingsBySeverity, FINDINGS_PAGE_MAX, listFindings } from "@/lib/queries/list-findings";
import { SeverityBadge } from "@/app/_components/severity-badge";
import { SEVERITIES } from "@/lib/rules/finding";
import { findingHref, fmtUtc } from "@/app/_components/format";
import { requirePageCaller } from "@/lib/auth/caller";
import { createIncidentLinkAction } from "../link-actions";
import { SHARE_FORM_ID, ShareForm } from "./share-form";

// Findings triage list: grouped by severity, one URL per finding, j/k + Enter to open; a page
// of FINDINGS_PAGE_MAX at a time (counts per severity from one GROUP BY).
export default async function FindingsPage({ params, searchParams }: { params: Promise<{ bundleId: string }>; searchParams: Promise<{ severity?: string; offset?: string }> }) {
  await requirePageCaller();
  const bundleId = decodeURIComponent((await params).bundleId);
  const { severity, offset: offsetParam } = await searchParams;
  const sev = SEVERITIES.find((s) => s === severity);
  const offset = Math.max(0, Math.floor(Number(offsetParam) || 0));
  const [rows, counts] = await Promise.all([listFindings({ bundleId, severity: sev, offset, take: FINDINGS_PAGE_MAX }), countFindingsBySeverity({ bundleId })]);
  const shown = sev ? (counts.bySeverity[sev] ?? 0) : counts.total;
  const base = `/bundles/${encodeURIComponent(bundleId)}/findings`;
  const pageHref = (o: number) => `${base}?${new URLSearchParams({ ...(sev ? { severity: sev } : {}), ...(o ? { offset: String(o) } : {}) })}`;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-1 text-xs">
        <Link href={base} className={`rounded px-2 py-1 ${!sev ? "bg-zinc-200 dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-900"}`}>
          all {counts.total}
        </Link>
        {SEVERITIES.map((s) => {
          const n = counts.bySeverity[s] ?? 0;
          return (
            <Link key={s} href={`${base}?severity=${s}`} className={`rounded px-2 py-1 ${sev === s ? "bg-zinc-200 dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-900"} ${n === 0 ? "opacity-50" : ""}`}>
              {s} {n}
            </Link>
          );
        })}
      </div>
      {shown > FINDINGS_PAGE_MAX && (
        <p className="flex gap-3 text-xs text-zinc-500" data-testid="findings-pages">
          findings {offset + 1}–{Math.min(shown, offset + FINDINGS_PAGE_MAX)} of {shown}
          {offset > 0 && <Link href={pageHref(Math.max(0, offset - FINDINGS_PAGE_MAX))} className="text-sky-700 hover:underline dark:text-sky-400">← previous</Link>}
          {offset + FINDINGS_PAGE_MAX < shown && <Link href={pageHref(offset + FINDINGS_PAGE_MAX)} className="text-sky-700 hover:underline dark:text-sky-400">next →</Link>}
        </p>
      )}
      {counts.total > 0 && <ShareForm action={createIncidentLinkAction.bind(null, bundleId)} />}
      <div className="overflow-x-auto rounded border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left" data-testid="findings-table">
          <thead className="bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900">
            <tr>
              <th className="w-8 px-3 py-2">
                <span className="sr-only">Share</span>
              </th>
              <th className="w-24 px-3 py-2">Severity</th>
              <th className="px-3 py-2">Finding</th>
              <th className="px-3 py-2">Rule</th>
              <th className="px-3 py-2">Evidence</th>
              <th className="px-3 py-2">When (UTC)</th>
            </tr>
          </thead>
          <tbody data-kbd-list>
            {rows.map((f) => (
              <tr key={f.key} data-kbd-item className="border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900">
                <td className="px-3 py-1.5">
                  <input type="checkbox" name="key" value={f.key} form={SHARE_FORM_ID} aria-label={`Share: ${f.title}`} data-testid="share-checkbox" />
                </td>
                <td className="px-3 py-1.5">
                  <SeverityBadge severity={f.severity} />
                </td>
                <td className="px-3 py-1.5">
                  <Link href={findingHref(bundleId, f.key)} className="text-sky-700 hover:underline dark:text-sky-400" data-testid="finding-link">
                    {f.title}
                  </Link>
                </td>
                <td className="px-3 py-1.5 font-mono text-xs text-zinc-500">{f.ruleId}</td>
                <td className="px-3 py-1.5 tabular-nums text-zinc-500">{f.evidenceCount}</td>
                <td className="px-3 py-1.5 tabular-nums text-zinc-500">{f.ts ? fmtUtc(f.ts) : ""}</td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={6} className="px-3 py-6 text-center text-zinc-500">
                  No findings{sev ? ` of severity ${sev}` : ""}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

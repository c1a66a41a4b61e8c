import Link from "next/link";
import type { TCaseListRow } from "@/lib/cases/cases";
import { fmtUtc } from "./format";
import { TD, TH, THEAD } from "./ui";

export function CaseTable({ cases, empty }: { cases: TCaseListRow[]; empty: string }) {
  return (
    <div className="overflow-x-auto rounded border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left" data-testid="case-list">
        <thead className={THEAD}>
          <tr>
            <th className={TH}>Case</th>
            <th className={TH}>Customer</th>
            <th className={TH}>Ticket</th>
            <th className={TH}>Status</th>
            <th className={TH}>Assignee</th>
            <th className={TH}>Bundles</th>
            <th className={TH}>Updated (UTC)</th>
          </tr>
        </thead>
        <tbody data-kbd-list>
          {cases.map((c) => (
            <tr key={c.id} data-kbd-item className="border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900">
              <td className={TD}>
                <Link href={`/cases/${encodeURIComponent(c.id)}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {c.title}
                </Link>
              </td>
              <td className={TD}>{c.customer || "—"}</td>
              <td className={`${TD} font-mono text-xs`}>{c.ticketRef || "—"}</td>
              <td className={TD}>{c.status}</td>
              <td className={TD}>{c.assignee?.email ?? "—"}</td>
              <td className={`${TD} tabular-nums`}>{c._count.bundles}</td>
              <td className={`${TD} tabular-nums`}>{fmtUtc(c.updatedAt)}</td>
            </tr>
          ))}
          {cases.length === 0 && (
            <tr>
              <td colSpan={7} className="px-3 py-6 text-center text-zinc-500">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

import Link from "next/link";
import { requirePageCaller } from "@/lib/auth/caller";
import { listAudit } from "@/lib/audit/list-audit";
import { fmtUtc } from "@/app/_components/format";
import { BUTTON, INPUT, TD, TH, THEAD } from "@/app/_components/ui";
import { AdminNav } from "../admin-nav";

export const dynamic = "force-dynamic";

const PAGE = 100;

// Who did what, when, from where: newest first, filter by action or actor, paged by id.
export default async function AuditPage({ searchParams }: { searchParams: Promise<{ action?: string; actor?: string; before?: string }> }) {
  await requirePageCaller("admin");
  const sp = await searchParams;
  const before = Number(sp.before) || undefined;
  const rows = await listAudit({ action: sp.action || undefined, actor: sp.actor || undefined, before, limit: PAGE });
  const next = rows.length === PAGE ? rows[rows.length - 1]!.id : null;
  const qs = (b: number) => new URLSearchParams({ ...(sp.action ? { action: sp.action } : {}), ...(sp.actor ? { actor: sp.actor } : {}), before: String(b) }).toString();
  return (
    <div className="space-y-3">
      <AdminNav active="audit" />
      <form action="/admin/audit" className="flex gap-2">
        <input name="action" defaultValue={sp.action ?? ""} placeholder="action, e.g. sign-in-failed" aria-label="Action" className={INPUT} />
        <input name="actor" defaultValue={sp.actor ?? ""} placeholder="actor contains…" aria-label="Actor" className={INPUT} />
        <button className={BUTTON}>Filter</button>
      </form>
      <table className="w-full text-left text-xs" data-testid="audit-log">
        <thead className={THEAD}>
          <tr>
            <th className={TH}>When (UTC)</th>
            <th className={TH}>Who</th>
            <th className={TH}>What</th>
            <th className={TH}>Target</th>
            <th className={TH}>From</th>
            <th className={TH}>Details</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-zinc-100 align-top dark:border-zinc-800">
              <td className={`${TD} whitespace-nowrap tabular-nums`}>{fmtUtc(r.at, true)}</td>
              <td className={TD}>
                {r.actor} <span className="text-zinc-500">({r.actorType})</span>
              </td>
              <td className={`${TD} font-mono`}>{r.action}</td>
              <td className={`${TD} font-mono`}>{r.target ?? ""}</td>
              <td className={`${TD} font-mono`}>{r.ip ?? ""}</td>
              <td className={`${TD} break-all font-mono text-zinc-500`}>{r.detail ?? ""}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="px-3 py-6 text-center text-zinc-500">
                Nothing recorded{sp.action || sp.actor ? " that matches" : ""}.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {next && (
        <Link href={`/admin/audit?${qs(next)}`} className="text-sky-700 hover:underline dark:text-sky-400">
          Older →
        </Link>
      )}
    </div>
  );
}

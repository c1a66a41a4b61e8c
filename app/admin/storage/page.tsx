import Link from "next/link";
import { requirePageCaller } from "@/lib/auth/caller";
import { env } from "@/lib/env";
import { describeRetention } from "@/lib/retention/retention-policy";
import { listCaseDiskUse } from "@/lib/retention/list-case-disk-use";
import { fmtBytes, fmtUtc } from "@/app/_components/format";
import { TD, TH, THEAD } from "@/app/_components/ui";
import { setCaseRetentionAction } from "../actions";
import { AdminNav } from "../admin-nav";
import { RetentionForm } from "./retention-form";

export const dynamic = "force-dynamic";

const PAGE = 100;

// Disk use per case (bundles' measured bytes) and each case's retention, a page of cases at a time.
export default async function StoragePage({ searchParams }: { searchParams: Promise<{ offset?: string }> }) {
  await requirePageCaller("admin");
  const offset = Math.max(0, Math.floor(Number((await searchParams).offset) || 0));
  const u = await listCaseDiskUse({ offset, limit: PAGE });
  const globalDays = env.NETBUNDLE_RETENTION_DAYS;
  return (
    <div className="space-y-3">
      <AdminNav active="storage" />
      <p className="text-xs text-zinc-500" data-testid="storage-summary">
        {u.totalBundles} bundles in {u.caseCount} cases hold {fmtBytes(u.totalStoredBytes)}
        {u.disk ? ` · data disk ${fmtBytes(u.disk.freeBytes)} free of ${fmtBytes(u.disk.sizeBytes)}` : ""} · default retention:{" "}
        {globalDays > 0 ? `${globalDays} days` : "off"} (NETBUNDLE_RETENTION_DAYS). Sizes are measured by the retention job.
      </p>
      <table className="w-full text-left text-xs" data-testid="case-disk-use">
        <thead className={THEAD}>
          <tr>
            <th className={TH}>Case</th>
            <th className={TH}>Bundles</th>
            <th className={TH}>Stored</th>
            <th className={TH}>Oldest upload (UTC)</th>
            <th className={TH}>Retention</th>
            <th className={TH}>Override (days)</th>
          </tr>
        </thead>
        <tbody>
          {u.rows.map((r) => (
            <tr key={r.caseId} className="border-t border-zinc-100 align-top dark:border-zinc-800" data-case={r.caseId}>
              <td className={TD}>
                <Link href={`/cases/${encodeURIComponent(r.caseId)}`} className="text-sky-700 hover:underline dark:text-sky-400">
                  {r.title}
                </Link>
                {r.customer && <span className="text-zinc-500"> · {r.customer}</span>}
              </td>
              <td className={`${TD} tabular-nums`}>{r.bundles}</td>
              <td className={`${TD} tabular-nums`} data-testid="case-stored">
                {fmtBytes(r.storedBytes)}
                {r.unmeasured > 0 && <span className="text-zinc-500"> (+{r.unmeasured} not measured yet)</span>}
              </td>
              <td className={`${TD} tabular-nums`}>{fmtUtc(r.oldestUploadedAt)}</td>
              <td className={TD} data-testid="case-retention">{describeRetention(r.retentionDays, globalDays)}</td>
              <td className={TD}>
                <RetentionForm action={setCaseRetentionAction.bind(null, r.caseId)} value={r.retentionDays} label={r.title} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex gap-3 text-xs">
        {offset > 0 && <Link href={`/admin/storage?offset=${Math.max(0, offset - PAGE)}`} className="text-sky-700 hover:underline dark:text-sky-400">← previous</Link>}
        {offset + PAGE < u.caseCount && <Link href={`/admin/storage?offset=${offset + PAGE}`} className="text-sky-700 hover:underline dark:text-sky-400">next →</Link>}
      </div>
    </div>
  );
}

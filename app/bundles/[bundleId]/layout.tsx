import Link from "next/link";
import { notFound } from "next/navigation";
import { getBundle } from "@/lib/queries/get-bundle";
import { StatusBadge } from "@/app/_components/status-badge";
import { SeverityCounts } from "@/app/_components/severity-counts";
import { fmtUtc } from "@/app/_components/format";
import { BundleTabs } from "./_components/bundle-tabs";
import { StatusPoller } from "./_components/status-poller";
import { requirePageCaller } from "@/lib/auth/caller";

export const dynamic = "force-dynamic";

// Bundle header, live ingest status and tabs around every bundle page.
export default async function BundleLayout({ children, params }: { children: React.ReactNode; params: Promise<{ bundleId: string }> }) {
  await requirePageCaller();
  const { bundleId } = await params;
  const b = await getBundle({ bundleId: decodeURIComponent(bundleId) });
  if (!b) notFound();
  const findingCount = Object.values(b.severityCounts).reduce((a, n) => a + n, 0);
  return (
    <div className="space-y-4">
      <Link href={`/cases/${encodeURIComponent(b.caseId)}`} className="text-xs text-zinc-500 hover:underline" data-testid="bundle-case">
        ← Case: {b.caseTitle}
      </Link>
      <header className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h1 className="text-lg font-semibold" data-testid="bundle-host">
          {b.host ?? b.fileName}
        </h1>
        <StatusBadge status={b.status} />
        <span className="font-mono text-xs text-zinc-500">{b.kernel ?? ""}</span>
        <span className="text-xs text-zinc-500">collected {fmtUtc(b.collectedAt)}</span>
        <Link href={`/compare?a=${encodeURIComponent(b.id)}&case=${encodeURIComponent(b.caseId)}`} className="text-xs text-sky-700 hover:underline dark:text-sky-400" data-testid="bundle-compare">
          Compare with another bundle
        </Link>
        <span className="ml-auto">
          <SeverityCounts counts={b.severityCounts} />
        </span>
      </header>
      <StatusPoller bundleId={b.id} initial={{ status: b.status, stage: b.stage, progress: b.progress, error: b.error, timelineState: b.timelineState, timelineProgress: b.timelineProgress }} />
      <BundleTabs bundleId={b.id} findingCount={findingCount} />
      <div>{children}</div>
    </div>
  );
}

import Link from "next/link";
import { notFound } from "next/navigation";
import { getFinding } from "@/lib/queries/get-finding";
import { getCauseChain } from "@/lib/queries/get-cause-chain";
import { CauseChain } from "@/app/bundles/[bundleId]/_components/cause-chain";
import { SeverityBadge } from "@/app/_components/severity-badge";
import { fmtUtc } from "@/app/_components/format";
import { FindingBody } from "@/app/_components/finding-body";
import { requirePageCaller } from "@/lib/auth/caller";

// One finding: its cause chain, explanation, remediation, references, entities, evidence (lines or quotes, see EvidenceItem).
export default async function FindingPage({ params }: { params: Promise<{ bundleId: string; key: string }> }) {
  await requirePageCaller();
  const p = await params;
  const bundleId = decodeURIComponent(p.bundleId);
  const key = decodeURIComponent(p.key);
  const f = await getFinding({ bundleId, key });
  if (!f) notFound();
  const chain = await getCauseChain({ bundleId, key });
  return (
    <article className="space-y-4">
      <div>
        <Link href={`/bundles/${encodeURIComponent(bundleId)}/findings`} className="text-xs text-zinc-500 hover:underline">
          ← Findings
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <SeverityBadge severity={f.severity} />
          <h2 className="text-base font-semibold" data-testid="finding-title">
            {f.title}
          </h2>
        </div>
        <p className="mt-1 font-mono text-xs text-zinc-500">
          {f.ruleId} · {f.key}
          {f.ts ? ` · ${fmtUtc(f.ts, true)}` : ""}
        </p>
      </div>
      <CauseChain bundleId={bundleId} c={chain} />
      <FindingBody f={f} bundleId={bundleId} />
    </article>
  );
}

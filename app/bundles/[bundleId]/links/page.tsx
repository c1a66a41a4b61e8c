import { requirePageCaller } from "@/lib/auth/caller";
import { listIncidentLinks } from "@/lib/links/incident-links";
import { fmtUtc } from "@/app/_components/format";
import { TD, TH, THEAD } from "@/app/_components/ui";
import { revokeIncidentLinkAction } from "../link-actions";
import { RevokeForm } from "@/app/_components/revoke-form";

export const dynamic = "force-dynamic";

// The bundle's incident links: what each shares, its state, and who viewed it when.
export default async function LinksPage({ params }: { params: Promise<{ bundleId: string }> }) {
  await requirePageCaller();
  const bundleId = decodeURIComponent((await params).bundleId);
  const links = await listIncidentLinks(bundleId);
  const now = new Date();
  if (links.length === 0) return <p className="text-zinc-500">No incident link yet: select findings on the Findings tab to share them.</p>;
  return (
    <div className="overflow-x-auto rounded border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-xs" data-testid="incident-links">
        <thead className={THEAD}>
          <tr>
            <th className={TH}>Created</th>
            <th className={TH}>Findings</th>
            <th className={TH}>Pseudonymised</th>
            <th className={TH}>Expires (UTC)</th>
            <th className={TH}>State</th>
            <th className={TH}>Views</th>
            <th className={TH} />
          </tr>
        </thead>
        <tbody>
          {links.map((l) => {
            const state = l.revokedAt ? "revoked" : l.expiresAt <= now ? "expired" : "active";
            return (
              <tr key={l.id} className="border-t border-zinc-100 align-top dark:border-zinc-800" data-testid="incident-link-row">
                <td className={TD}>
                  {fmtUtc(l.createdAt)}
                  <div className="text-zinc-500">{l.createdBy?.email ?? "?"}</div>
                  {l.note && <div className="text-zinc-500">“{l.note}”</div>}
                </td>
                <td className={`${TD} font-mono`}>
                  {l.findingKeys.map((k) => (
                    <div key={k}>{k}</div>
                  ))}
                </td>
                <td className={TD}>{l.pseudonymise ? "yes" : "no"}</td>
                <td className={TD}>{fmtUtc(l.expiresAt)}</td>
                <td className={TD} data-testid="incident-link-state">
                  {state}
                </td>
                <td className={TD}>
                  <div className="tabular-nums" data-testid="incident-link-views">
                    {l.viewCount}
                  </div>
                  {l.views.map((v, i) => (
                    <div key={i} className="whitespace-nowrap text-zinc-500">
                      {fmtUtc(v.at)} · {v.client}
                    </div>
                  ))}
                </td>
                <td className={TD}>
                  {state === "active" && (
                    <RevokeForm action={revokeIncidentLinkAction.bind(null, bundleId, l.id)} testId="revoke-incident-link" />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

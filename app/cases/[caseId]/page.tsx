import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageCaller } from "@/lib/auth/caller";
import { bundlesCursor, listBundles } from "@/lib/queries/list-bundles";
import { getCase, listAssignableUsers } from "@/lib/cases/cases";
import { env } from "@/lib/env";
import { listUploadLinks, uploadLinkState } from "@/lib/links/upload-links";
import { BundleTable } from "@/app/_components/bundle-table";
import { UploadDropzone } from "@/app/_components/upload-dropzone";
import { fmtBytes, fmtUtc } from "@/app/_components/format";
import { PANEL, TD, TH, THEAD } from "@/app/_components/ui";
import { createUploadLinkAction, revokeUploadLinkAction, updateCaseAction } from "../actions";
import { CaseForm, UploadLinkForm } from "./case-forms";
import { RevokeForm } from "@/app/_components/revoke-form";

export const dynamic = "force-dynamic";

const BUNDLE_PAGE = 200;

export default async function CasePage({ params, searchParams }: { params: Promise<{ caseId: string }>; searchParams: Promise<{ before?: string }> }) {
  await requirePageCaller();
  const caseId = decodeURIComponent((await params).caseId);
  const { before } = await searchParams;
  const c = await getCase(caseId);
  if (!c) notFound();
  const [bundles, links, users] = await Promise.all([listBundles({ caseId, take: BUNDLE_PAGE, before }), listUploadLinks(caseId), listAssignableUsers()]);
  const caseHref = `/cases/${encodeURIComponent(caseId)}`;
  const last = bundles.length === BUNDLE_PAGE ? bundles[BUNDLE_PAGE - 1] : undefined;
  return (
    <div className="space-y-6">
      <div>
        <div className="text-xs text-zinc-500">
          Case {c.ticketRef && <span className="font-mono">{c.ticketRef}</span>} · {c.status} · updated {fmtUtc(c.updatedAt)}
        </div>
        <h1 className="text-lg font-semibold" data-testid="case-title">
          {c.title}
        </h1>
        {c.customer && <div className="text-zinc-600 dark:text-zinc-400">{c.customer}</div>}
      </div>

      <section className="space-y-2">
        <h2 className="flex items-baseline gap-3 font-semibold">
          Bundles
          {bundles.length > 1 && (
            <Link href={`/compare?case=${encodeURIComponent(caseId)}`} className="text-xs font-normal text-sky-700 hover:underline dark:text-sky-400" data-testid="case-compare">
              Compare two bundles
            </Link>
          )}
        </h2>
        <UploadDropzone target={{ kind: "case", caseId }} />
        <BundleTable bundles={bundles} showCase={false} empty={before ? "No older bundles." : "No bundle in this case yet: upload one, or send the customer an upload link."} />
        <div className="flex gap-3 text-xs">
          {before && <Link href={caseHref} className="text-sky-700 hover:underline dark:text-sky-400">← newest</Link>}
          {last && <Link href={`${caseHref}?before=${encodeURIComponent(bundlesCursor(last))}`} className="text-sky-700 hover:underline dark:text-sky-400">older bundles →</Link>}
        </div>
      </section>

      <section className={`${PANEL} space-y-3`}>
        <h2 className="font-semibold">Customer upload links</h2>
        <p className="text-xs text-zinc-500">
          A link lets its holder add bundles to this case, from a browser or with the collector&apos;s --upload, and read nothing. Its address is the credential: it is shown once.
        </p>
        <UploadLinkForm action={createUploadLinkAction.bind(null, caseId)} maxMiB={Math.floor(env.NETBUNDLE_MAX_UPLOAD_BYTES / 1024 / 1024)} />
        {links.length > 0 && (
          <table className="w-full text-left text-xs" data-testid="upload-links">
            <thead className={THEAD}>
              <tr>
                <th className={TH}>Label</th>
                <th className={TH}>Created</th>
                <th className={TH}>Expires (UTC)</th>
                <th className={TH}>Uploads</th>
                <th className={TH}>Max size</th>
                <th className={TH}>State</th>
                <th className={TH} />
              </tr>
            </thead>
            <tbody>
              {links.map((l) => {
                const state = uploadLinkState(l);
                return (
                  <tr key={l.id} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className={TD}>{l.label || "—"}</td>
                    <td className={TD}>
                      {fmtUtc(l.createdAt)} by {l.createdBy?.email ?? "?"}
                    </td>
                    <td className={TD}>{fmtUtc(l.expiresAt)}</td>
                    <td className={`${TD} tabular-nums`}>
                      {l.uploadCount} / {l.maxUploads}
                    </td>
                    <td className={TD}>{fmtBytes(Number(l.maxBytes))}</td>
                    <td className={TD}>{state}</td>
                    <td className={TD}>
                      {state === "active" && (
                        <RevokeForm action={revokeUploadLinkAction.bind(null, caseId, l.id)} />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section className={PANEL}>
        <h2 className="mb-3 font-semibold">Details</h2>
        <CaseForm
          action={updateCaseAction.bind(null, caseId)}
          users={users}
          values={{ title: c.title, customer: c.customer, ticketRef: c.ticketRef, notes: c.notes, status: c.status, assigneeId: c.assigneeId }}
        />
      </section>
    </div>
  );
}

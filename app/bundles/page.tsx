import Link from "next/link";
import { bundlesCursor, listBundles } from "@/lib/queries/list-bundles";
import { UploadDropzone } from "../_components/upload-dropzone";
import { BundleTable } from "../_components/bundle-table";
import { requirePageCaller } from "@/lib/auth/caller";
import { UNFILED_CASE_ID } from "@/lib/cases/cases";

export const dynamic = "force-dynamic";

const STATUSES = ["queued", "ingesting", "ready", "partial", "failed"];
const PAGE = 200;

// Every bundle of every case (filter by status, search host/kernel/file); an upload here goes to Unfiled.
export default async function BundlesPage({ searchParams }: { searchParams: Promise<{ q?: string; status?: string; before?: string }> }) {
  await requirePageCaller();
  const { q, status, before } = await searchParams;
  const st = STATUSES.includes(status ?? "") ? status : undefined;
  const bundles = await listBundles({ q, status: st, take: PAGE, before });
  const last = bundles.length === PAGE ? bundles[PAGE - 1] : undefined;
  const olderHref = last ? `/bundles?${new URLSearchParams({ ...(q ? { q } : {}), ...(st ? { status: st } : {}), before: bundlesCursor(last) })}` : null;
  return (
    <div className="space-y-6">
      <UploadDropzone target={{ kind: "case", caseId: UNFILED_CASE_ID }} />
      <section>
        <div className="mb-2 flex flex-wrap items-center gap-3">
          <h1 className="text-base font-semibold">Bundles</h1>
          <form className="ml-auto flex gap-2" action="/bundles">
            <input
              name="q"
              defaultValue={q ?? ""}
              placeholder="Search host, kernel, file…"
              aria-label="Search bundles"
              className="w-56 rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
            />
            <select name="status" defaultValue={status ?? ""} aria-label="Status" className="rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700">
              <option value="">any status</option>
              {STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
            <button className="rounded border border-zinc-300 px-2 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">Filter</button>
          </form>
        </div>
        <BundleTable bundles={bundles} empty={q || status || before ? "No bundle matches." : "No bundles yet: upload one above, or through a case."} />
        <div className="mt-2 flex gap-3 text-xs">
          {before && <Link href={`/bundles?${new URLSearchParams({ ...(q ? { q } : {}), ...(st ? { status: st } : {}) })}`} className="text-sky-700 hover:underline dark:text-sky-400">← newest</Link>}
          {olderHref && <Link href={olderHref} className="text-sky-700 hover:underline dark:text-sky-400" data-testid="bundles-older">older bundles →</Link>}
        </div>
      </section>
    </div>
  );
}

import Link from "next/link";
import { listBundles } from "@/lib/bundles/list-bundles";
import { UploadDropzone } from "./_components/upload-dropzone";
import { StatusBadge } from "./_components/status-badge";
import { SeverityCounts } from "./_components/severity-counts";
import { fmtBytes, fmtUtc } from "./_components/format";

export const dynamic = "force-dynamic";

const STATUSES = ["queued", "ingesting", "ready", "partial", "failed"];

// Landing page: upload, then the bundle list (filter by status, search host/kernel/file).
export default async function HomePage({ searchParams }: { searchParams: Promise<{ q?: string; status?: string }> }) {
  const { q, status } = await searchParams;
  const bundles = await listBundles({ q, status: STATUSES.includes(status ?? "") ? status : undefined });
  return (
    <div className="space-y-6">
      <UploadDropzone />
      <section>
        <div className="mb-2 flex flex-wrap items-center gap-3">
          <h1 className="text-base font-semibold">Bundles</h1>
          <form className="ml-auto flex gap-2" action="/">
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
        <div className="overflow-x-auto rounded border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left" data-testid="bundle-list">
            <thead className="bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900">
              <tr>
                <th className="px-3 py-2">Host</th>
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
                  <td className="px-3 py-1.5 font-mono text-xs">{b.kernel ?? "—"}</td>
                  <td className="px-3 py-1.5 tabular-nums">{fmtUtc(b.collectedAt)}</td>
                  <td className="px-3 py-1.5 tabular-nums">{fmtUtc(b.uploadedAt)}</td>
                  <td className="px-3 py-1.5 tabular-nums">{fmtBytes(b.sizeBytes)}</td>
                  <td className="px-3 py-1.5">
                    <StatusBadge status={b.status} />
                    {b.status === "ingesting" && b.stage && <span className="ml-1 text-xs text-zinc-500">{b.stage}</span>}
                  </td>
                  <td className="px-3 py-1.5">
                    <SeverityCounts counts={b.severityCounts} />
                  </td>
                </tr>
              ))}
              {bundles.length === 0 && (
                <tr>
                  <td colSpan={7} className="px-3 py-6 text-center text-zinc-500">
                    {q || status ? "No bundle matches." : "No bundles yet: upload one above."}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

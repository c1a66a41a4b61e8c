import Link from "next/link";
import { notFound } from "next/navigation";
import { getArtifact } from "@/lib/queries/get-artifact";
import { getArtifactLines, PAGE_LINES, pageOfLine } from "@/lib/queries/get-artifact-lines";
import { getArtifactTree } from "@/lib/queries/get-artifact-tree";
import { searchArtifactLines } from "@/lib/queries/search-artifact-lines";
import { artifactHref, fmtBytes } from "@/app/_components/format";
import { ArtifactTree } from "../../_components/artifact-tree";
import { requirePageCaller } from "@/lib/auth/caller";

type TSearch = { line?: string; page?: string; q?: string; from?: string };

function posInt(v: string | undefined): number | undefined {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

// Artifact viewer: one page of lines with numbers, parse warnings beside them, ?line= highlighted.
export default async function ArtifactPage({ params, searchParams }: { params: Promise<{ bundleId: string; path: string[] }>; searchParams: Promise<TSearch> }) {
  await requirePageCaller();
  const p = await params;
  const sp = await searchParams;
  const bundleId = decodeURIComponent(p.bundleId);
  const path = p.path.map((s) => decodeURIComponent(s)).join("/");
  const [artifact, tree] = await Promise.all([getArtifact({ bundleId, path }), getArtifactTree({ bundleId, current: path })]);
  if (!artifact) notFound();
  const target = posInt(sp.line);
  const page = posInt(sp.page) ?? (target ? pageOfLine(target) : 1);
  const q = sp.q?.trim().slice(0, 200) || undefined;
  const [text, search] = await Promise.all([
    artifact.storageKey ? getArtifactLines({ bundleId, storageKey: artifact.storageKey, page }) : null,
    artifact.storageKey && q ? searchArtifactLines({ bundleId, storageKey: artifact.storageKey, q, from: posInt(sp.from) }) : null,
  ]);
  const warnByLine = new Map<number, string[]>();
  for (const w of artifact.warnings) if (w.line) warnByLine.set(w.line, [...(warnByLine.get(w.line) ?? []), w.message]);
  const fileWarnings = artifact.warnings.filter((w) => !w.line);
  const pages = text ? Math.max(1, Math.ceil(text.totalLines / PAGE_LINES)) : 1;
  const href = artifactHref(bundleId, path);
  const pageHref = (n: number) => `${href}?page=${n}${q ? `&q=${encodeURIComponent(q)}` : ""}`;

  return (
    <div className="grid gap-4 lg:grid-cols-[16rem_1fr]">
      <aside className="hidden max-h-[calc(100vh-12rem)] overflow-auto lg:block">
        <ArtifactTree tree={tree} bundleId={bundleId} current={path} />
      </aside>
      <div className="min-w-0 space-y-2">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <h2 className="break-all font-mono text-sm font-semibold" data-testid="artifact-path">
            {path}
          </h2>
          <span className="text-xs text-zinc-500">
            {artifact.kind ?? "unparsed"} · {fmtBytes(artifact.sizeBytes)} · {text?.totalLines ?? artifact.lineCount} lines · {artifact.records} records
            {artifact.netns ? ` · netns ${artifact.netns}` : ""}
          </span>
          <form action={href} className="ml-auto flex gap-1">
            <input name="q" defaultValue={q ?? ""} placeholder="Find in file…" aria-label="Find in file" className="w-48 rounded border border-zinc-300 bg-transparent px-2 py-0.5 dark:border-zinc-700" />
            <button className="rounded border border-zinc-300 px-2 py-0.5 dark:border-zinc-700">Find</button>
          </form>
        </div>
        {artifact.error && <p className="rounded bg-red-50 p-2 text-red-800 dark:bg-red-950/40 dark:text-red-200">Artifact error: {artifact.error}</p>}
        {fileWarnings.map((w, i) => (
          <p key={i} className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
            {w.message}
          </p>
        ))}
        {search && (
          <div className="rounded border border-zinc-200 p-2 text-xs dark:border-zinc-800" data-testid="search-hits">
            <p className="mb-1 text-zinc-500">
              {search.hits.length}
              {search.truncated ? "+" : ""} lines match “{q}”{posInt(sp.from) ? ` from line ${posInt(sp.from)}` : ""}
            </p>
            {search.stopped && (
              <p className="mb-1 text-amber-800 dark:text-amber-300" data-testid="search-stopped">
                Search stopped after {(search.stopped.scannedBytes / 1048576).toFixed(1)} MiB / {search.stopped.elapsedMs} ms (lines {posInt(sp.from) ?? 1}–{search.stopped.nextLine - 1} of {text?.totalLines ?? artifact.lineCount}): refine the search, or{" "}
                <Link href={`${href}?q=${encodeURIComponent(q ?? "")}&from=${search.stopped.nextLine}`} className="text-sky-700 underline dark:text-sky-400">
                  search on from line {search.stopped.nextLine}
                </Link>
                .
              </p>
            )}
            <ul className="max-h-48 overflow-auto font-mono">
              {search.hits.map((h) => (
                <li key={h.line}>
                  <Link href={`${artifactHref(bundleId, path, h.line)}`} className="text-sky-700 hover:underline dark:text-sky-400">
                    {h.line}
                  </Link>
                  : <span className="whitespace-pre">{h.text}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {!text ? (
          <p className="text-zinc-500">This file was not stored as text (binary, or larger than the viewer keeps).</p>
        ) : (
          <>
            {pages > 1 && <Pager page={page} pages={pages} hrefOf={pageHref} />}
            <div className="overflow-x-auto rounded border border-zinc-200 dark:border-zinc-800">
              <table className="w-full font-mono text-xs leading-5" data-testid="artifact-lines">
                <tbody>
                  {text.lines.map((l, i) => {
                    const n = text.start + i;
                    const warns = warnByLine.get(n);
                    return (
                      <tr key={n} id={`L${n}`} className={`scroll-mt-16 ${n === target ? "line-target" : ""} ${q && l.toLowerCase().includes(q.toLowerCase()) ? "bg-yellow-50 dark:bg-yellow-900/20" : ""}`} data-line={n}>
                        <td className="w-12 select-none border-r border-zinc-200 pr-2 text-right align-top text-zinc-400 dark:border-zinc-800">
                          <a href={`?line=${n}#L${n}`} className="hover:text-sky-600">
                            {n}
                          </a>
                        </td>
                        <td className="whitespace-pre pl-2 align-top">{l}</td>
                        <td className="w-0 align-top">
                          {warns && (
                            <span className="whitespace-nowrap rounded bg-amber-200 px-1 font-sans text-[10px] text-amber-900" title={warns.join("\n")} data-testid="line-warning">
                              ⚠ {warns[0]}
                            </span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {pages > 1 && <Pager page={page} pages={pages} hrefOf={pageHref} />}
          </>
        )}
      </div>
    </div>
  );
}

function Pager({ page, pages, hrefOf }: { page: number; pages: number; hrefOf: (n: number) => string }) {
  return (
    <div className="flex items-center gap-2 text-xs">
      {page > 1 ? <Link href={hrefOf(page - 1)} className="text-sky-700 hover:underline dark:text-sky-400">← previous</Link> : <span className="text-zinc-400">← previous</span>}
      <span className="tabular-nums text-zinc-500">
        page {page} of {pages} ({PAGE_LINES} lines each)
      </span>
      {page < pages ? <Link href={hrefOf(page + 1)} className="text-sky-700 hover:underline dark:text-sky-400">next →</Link> : <span className="text-zinc-400">next →</span>}
    </div>
  );
}

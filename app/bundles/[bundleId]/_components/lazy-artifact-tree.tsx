"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { TArtifactFolderPage, TFolderEntry } from "@/lib/queries/list-artifact-folder";
import { artifactHref, fmtBytes } from "@/app/_components/format";

type TPage = Pick<TArtifactFolderPage, "entries" | "next"> & { midway?: boolean };

/**
 * The file tree of a large bundle, one folder at a time: the server sends the root's first
 * page (and the folders leading to the open file); a folder's children are fetched from
 * /api/bundles/ID/artifacts when it is opened, a page at a time ("more…").
 */
export function LazyArtifactTree({ bundleId, root, preloaded, current }: { bundleId: string; root: TPage; preloaded: Record<string, TPage>; current?: string }) {
  return (
    <nav data-kbd-list data-testid="artifact-tree" data-lazy="true" className="text-sm">
      <Folder bundleId={bundleId} dir="" initial={root} preloaded={preloaded} current={current} depth={0} />
    </nav>
  );
}

function Folder({ bundleId, dir, initial, preloaded, current, depth }: { bundleId: string; dir: string; initial?: TPage; preloaded: Record<string, TPage>; current?: string; depth: number }) {
  const [entries, setEntries] = useState<TFolderEntry[]>(initial?.entries ?? []);
  const [next, setNext] = useState<string | null>(initial?.next ?? null);
  // Opened at the current file, past the folder's first page: the earlier entries come on demand.
  const [midway, setMidway] = useState(initial?.midway ?? false);
  const [state, setState] = useState<"idle" | "loading" | "error">(initial ? "idle" : "loading");

  async function load(after?: string) {
    setState("loading");
    const qs = new URLSearchParams({ dir, ...(after ? { after } : {}) });
    try {
      const res = await fetch(`/api/bundles/${encodeURIComponent(bundleId)}/artifacts?${qs}`, { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(String(res.status));
      const page = (await res.json()) as TPage;
      setEntries((prev) => (after ? [...prev, ...page.entries] : page.entries));
      setNext(page.next);
      if (!after) setMidway(false);
      setState("idle");
    } catch {
      setState("error");
    }
  }
  // A folder opened for the first time fetches its first page.
  useEffect(() => {
    if (!initial) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <ul className={depth ? "ml-3 border-l border-zinc-200 pl-2 dark:border-zinc-800" : ""} data-folder={dir}>
      {midway && state === "idle" && (
        <li>
          <button type="button" className="py-0.5 text-xs text-sky-700 hover:underline dark:text-sky-400" data-testid="folder-earlier" onClick={() => void load()}>
            earlier entries…
          </button>
        </li>
      )}
      {entries.map((e) =>
        e.type === "dir" ? (
          <SubFolder key={e.path} bundleId={bundleId} entry={e} preloaded={preloaded} current={current} depth={depth} />
        ) : (
          <FileItem key={e.path} bundleId={bundleId} f={e} current={current} />
        ),
      )}
      {state === "loading" && <li className="py-0.5 text-xs text-zinc-400">loading…</li>}
      {state === "error" && (
        <li className="py-0.5 text-xs text-red-600">
          could not load this folder{" "}
          <button type="button" className="underline" onClick={() => void load(entries.length ? (next ?? undefined) : undefined)}>
            retry
          </button>
        </li>
      )}
      {state === "idle" && next && (
        <li>
          <button type="button" className="py-0.5 text-xs text-sky-700 hover:underline dark:text-sky-400" data-testid="folder-more" onClick={() => void load(next)}>
            more…
          </button>
        </li>
      )}
    </ul>
  );
}

function SubFolder({ bundleId, entry, preloaded, current, depth }: { bundleId: string; entry: { name: string; path: string }; preloaded: Record<string, TPage>; current?: string; depth: number }) {
  const initial = preloaded[entry.path];
  const [opened, setOpened] = useState(initial !== undefined);
  return (
    <li>
      <details open={initial !== undefined} onToggle={(ev) => ev.currentTarget.open && setOpened(true)}>
        <summary className="cursor-pointer select-none py-0.5 text-zinc-600 dark:text-zinc-400" data-testid="folder-summary">
          {entry.name}/
        </summary>
        {opened && <Folder bundleId={bundleId} dir={entry.path} initial={initial} preloaded={preloaded} current={current} depth={depth + 1} />}
      </details>
    </li>
  );
}

function FileItem({ bundleId, f, current }: { bundleId: string; f: Extract<TFolderEntry, { type: "file" }>; current?: string }) {
  return (
    <li data-kbd-item className={`flex items-center gap-2 rounded px-1 py-0.5 ${f.path === current ? "bg-sky-100 dark:bg-sky-900/50" : ""}`}>
      <Link href={artifactHref(bundleId, f.path)} className="truncate font-mono text-xs text-sky-700 hover:underline dark:text-sky-400" title={f.path}>
        {f.name}
      </Link>
      {f.warningCount > 0 && (
        <span className="rounded bg-amber-200 px-1 text-[10px] text-amber-900" title="parse warnings">
          {f.warningCount}
        </span>
      )}
      {f.error && (
        <span className="rounded bg-red-200 px-1 text-[10px] text-red-900" title={f.error}>
          err
        </span>
      )}
      <span className="ml-auto shrink-0 text-[10px] tabular-nums text-zinc-400">{fmtBytes(f.sizeBytes)}</span>
    </li>
  );
}

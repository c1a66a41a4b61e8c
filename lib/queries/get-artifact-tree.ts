import "server-only";
import { listArtifactFolder, type TArtifactFolderPage } from "./list-artifact-folder";
import { listArtifacts, type TArtifactRow } from "./list-artifacts";

/** Bundles with at most this many artifacts get their whole tree at once, every folder open. */
export const OPEN_ALL_MAX = 60;

/** midway: the page starts at the open file (or the folder holding it), not at the folder's beginning. */
type TPage = Pick<TArtifactFolderPage, "entries" | "next"> & { midway?: boolean };
/** rowsRead: artifact rows read from the database to build it (bounded whatever the bundle holds). */
export type TArtifactTree = ({ mode: "full"; rows: TArtifactRow[] } | { mode: "lazy"; root: TPage; preloaded: Record<string, TPage> }) & { rowsRead: number };

/** The folders leading to a file: "a/b/c.txt" → ["a/", "a/b/"]. */
export function ancestorFolders(path: string): string[] {
  const parts = path.split("/").slice(0, -1);
  return parts.map((_, i) => `${parts.slice(0, i + 1).join("/")}/`);
}

// What the viewer's tree starts with: a small bundle whole (at most OPEN_ALL_MAX + 1 rows
// read), else the root's first page and the first page of each folder holding the open file.
export async function getArtifactTree({ bundleId, current }: { bundleId: string; current?: string }): Promise<TArtifactTree> {
  const rows = await listArtifacts({ bundleId, take: OPEN_ALL_MAX + 1 });
  if (rows.length <= OPEN_ALL_MAX) return { mode: "full", rows, rowsRead: rows.length };
  const strip = (p: TArtifactFolderPage): TPage => ({ entries: p.entries, next: p.next });
  // At most 16 levels are opened ahead: a hostile path 1000 folders deep must not cost 1000 queries.
  const dirs = current ? ancestorFolders(current).slice(0, 16) : [];
  // What each folder on the way must show: the next folder down, and at the bottom the file.
  const folders = ["", ...dirs];
  const targets = [...dirs, current ?? ""];
  const firsts = await Promise.all(folders.map((dir) => listArtifactFolder({ bundleId, dir })));
  // A target beyond a folder's first page: that folder starts at the target instead (one more page).
  const pages = await Promise.all(
    firsts.map(async (p, i) => {
      const target = targets[i]!;
      if (!current || p.entries.some((e) => e.path === target)) return { page: strip(p), rowsRead: p.rowsRead };
      const at = await listArtifactFolder({ bundleId, dir: folders[i]!, after: `e:${target}` });
      return { page: { ...strip(at), midway: true }, rowsRead: p.rowsRead + at.rowsRead };
    }),
  );
  const rowsRead = rows.length + pages.reduce((a, p) => a + p.rowsRead, 0);
  return { mode: "lazy", root: pages[0]!.page, preloaded: Object.fromEntries(dirs.map((d, i) => [d, pages[i + 1]!.page])), rowsRead };
}

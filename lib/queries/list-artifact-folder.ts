import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { decodeArtifactWarnings } from "@/lib/db/rows/artifact";
import type { TArtifactRow } from "./list-artifacts";

export type TFolderEntry = ({ type: "dir"; name: string; path: string } | ({ type: "file"; name: string } & TArtifactRow));

export interface TArtifactFolderPage {
  dir: string;
  entries: TFolderEntry[];
  /** Where the next page starts (pass back as `after`), null at the end of the folder. */
  next: string | null;
  /** Artifact rows the walk read from the database: bounded by the page size, never the bundle size. */
  rowsRead: number;
}

export const FOLDER_PAGE_MAX = 500;
/** Rows asked for after a folder was skipped (then doubled while files follow): a folder holding 100k files costs one row, not 100k. */
const FIRST_BATCH = 2;
const MAX_BATCH = 256;

/** A folder is "" (the root) or a/b/ ; anything else is refused by the caller's parser. */
export function isFolderPath(dir: string): boolean {
  return dir === "" || (dir.endsWith("/") && !dir.startsWith("/") && dir.length <= 4096);
}

type TRaw = { path: string; kind: string | null; sizeBytes: number | bigint; lineCount: number | bigint; records: number | bigint; warnings: string | null; error: string | null; storageKey: string | null };
type TBound = { op: ">" | ">="; value: string };

/** Cursor text: "g:PATH" continues after PATH, "e:PATH" from PATH on (after a skipped folder). */
function encodeBound(b: TBound): string {
  return `${b.op === ">" ? "g" : "e"}:${b.value}`;
}
function decodeBound(dir: string, after: string | undefined): TBound {
  const m = after ? /^([ge]):([\s\S]*)$/.exec(after) : null;
  // A cursor outside the folder would walk somewhere else: start at the folder's beginning instead.
  if (!m || !m[2]!.startsWith(dir)) return { op: ">", value: dir };
  return { op: m[1] === "g" ? ">" : ">=", value: m[2]! };
}

/**
 * The direct children of one folder of a bundle's artifacts, a page at a time, in byte order.
 * Paths are only kept flat (Artifact.path), so subfolders are found by a skip scan on the
 * (bundleId, path) index: read a few rows after the cursor; a file is a child; a row deeper
 * down names a subfolder, which is emitted once and jumped over (next lookup starts at
 * "name0", '0' being the byte after '/'). Work per page is O(page size), whatever the number
 * of artifacts under the folder. PostgreSQL compares with COLLATE "C" (indexed by migration
 * 0004) because a locale collation ignores '/' and would interleave folders.
 */
export async function listArtifactFolder({ bundleId, dir, after, limit = 200 }: { bundleId: string; dir: string; after?: string; limit?: number }): Promise<TArtifactFolderPage> {
  if (!isFolderPath(dir)) throw new Error("not a folder path");
  const pageSize = Math.max(1, Math.min(FOLDER_PAGE_MAX, Math.floor(limit)));
  // Paths under "a/b/" are those >= "a/b/" and < "a/b0" in byte order; the root has no upper end.
  const upper = dir === "" ? null : `${dir.slice(0, -1)}0`;
  const pg = env.dbKind === "postgres";
  const c = pg ? ` COLLATE "C"` : "";
  let bound = decodeBound(dir, after);
  const entries: TFolderEntry[] = [];
  let rowsRead = 0;
  let batch = FIRST_BATCH;
  for (;;) {
    const take = Math.min(batch, pageSize + 1 - entries.length);
    const params: unknown[] = [bundleId, bound.value];
    const ph = (i: number) => (pg ? `$${i}` : "?");
    let sql = `SELECT "path", "kind", "sizeBytes", "lineCount", "records", "warnings", "error", "storageKey" FROM "Artifact" WHERE "bundleId" = ${ph(1)} AND "path"${c} ${bound.op} ${ph(2)}`;
    if (upper !== null) {
      params.push(upper);
      sql += ` AND "path"${c} < ${ph(params.length)}`;
    }
    params.push(take);
    sql += ` ORDER BY "path"${c} LIMIT ${ph(params.length)}`;
    const rows = await db.$queryRawUnsafe<TRaw[]>(sql, ...params);
    rowsRead += rows.length;
    let jumped = false;
    for (const r of rows) {
      const rest = r.path.slice(dir.length);
      const slash = rest.indexOf("/");
      if (slash < 0) {
        entries.push({ type: "file", name: rest, ...toRow(r) });
        bound = { op: ">", value: r.path };
      } else {
        const name = rest.slice(0, slash);
        entries.push({ type: "dir", name, path: `${dir}${name}/` });
        bound = { op: ">=", value: `${dir}${name}0` };
        jumped = true;
      }
      if (entries.length > pageSize || jumped) break;
    }
    if (entries.length > pageSize) {
      // One entry more than the page proves there is a next page; it starts at that entry.
      const extra = entries.pop()!;
      return { dir, entries, next: encodeBound({ op: ">=", value: extra.path }), rowsRead };
    }
    if (!jumped && rows.length < take) return { dir, entries, next: null, rowsRead };
    // A run of files: ask for more at once; after a skipped folder, start small again.
    batch = jumped ? FIRST_BATCH : Math.min(MAX_BATCH, batch * 2);
  }
}

function toRow(r: TRaw): TArtifactRow {
  return {
    path: r.path,
    kind: r.kind,
    sizeBytes: Number(r.sizeBytes),
    lineCount: Number(r.lineCount),
    records: Number(r.records),
    warningCount: decodeArtifactWarnings(r.warnings).length,
    error: r.error,
    stored: r.storageKey !== null,
  };
}

/**
 * The lazy artifact tree's folder listing (lib/queries/list-artifact-folder.ts) on a real
 * database, run by artifact-folder.sqlite.test.ts and artifact-folder.pg.test.ts. Work is
 * measured as artifact rows read from the database, not as time.
 */
import { describe, expect, it } from "vitest";
import { withTempDatabase, type TempDatabase } from "@/test/support/db/temp-database";

type Mods = {
  db: typeof import("@/lib/db");
  folder: typeof import("@/lib/queries/list-artifact-folder");
  tree: typeof import("@/lib/queries/get-artifact-tree");
  counts: typeof import("@/lib/queries/count-artifacts");
  errors: typeof import("@/lib/queries/list-artifact-errors");
};

const FLOOD = 100_000;
const MANY_DIRS = 3000;

export function artifactFolderTests(title: string, create: () => Promise<TempDatabase>) {
  describe(title, () => {
    const t = withTempDatabase<Mods>(create, async () => ({
      db: await import("@/lib/db"),
      folder: await import("@/lib/queries/list-artifact-folder"),
      tree: await import("@/lib/queries/get-artifact-tree"),
      counts: await import("@/lib/queries/count-artifacts"),
      errors: await import("@/lib/queries/list-artifact-errors"),
    }));
    const db = () => t.mods().db.db;
    const list = (bundleId: string, dir: string, after?: string, limit?: number) => t.mods().folder.listArtifactFolder({ bundleId, dir, after, limit });
    const names = (p: Awaited<ReturnType<typeof list>>) => p.entries.map((e) => (e.type === "dir" ? e.path : e.path));
    const mkBundle = (id: string) => db().bundle.create({ data: { id, caseId: "unfiled", sha256: id.padEnd(64, "0"), fileName: `${id}.tar.gz`, sizeBytes: 1, status: "ready" } });
    const mkArtifacts = (bundleId: string, paths: string[]) => db().artifact.createMany({ data: paths.map((path) => ({ bundleId, path, sizeBytes: 10, kind: path.endsWith(".txt") ? "text" : null })) });
    async function walk(bundleId: string, dir: string, limit: number) {
      const out: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 1000; i++) {
        const p = await list(bundleId, dir, after, limit);
        out.push(...names(p));
        if (!p.next) return out;
        after = p.next;
      }
      throw new Error("no end");
    }

    it("lists a folder's files and subfolders once each, in byte order, across pages", async () => {
      await mkBundle("tree1");
      // Neighbours of "a/b/" in byte order: "!" < "/" < "0", and "a.txt" sorts before "a/".
      await mkArtifacts("tree1", ["a.txt", "a/b!", "a/b/x", "a/b/c/d", "a/b/c/e", "a/b0", "a/bb", "a/z", "Z/1", "zz", "a/b/y"]);
      expect(names(await list("tree1", ""))).toEqual(["Z/", "a.txt", "a/", "zz"]);
      expect(names(await list("tree1", "a/"))).toEqual(["a/b!", "a/b/", "a/b0", "a/bb", "a/z"]);
      expect(names(await list("tree1", "a/b/"))).toEqual(["a/b/c/", "a/b/x", "a/b/y"]);
      for (const limit of [1, 2, 3]) expect(await walk("tree1", "a/", limit)).toEqual(["a/b!", "a/b/", "a/b0", "a/bb", "a/z"]);
      const file = (await list("tree1", "")).entries.find((e) => e.type === "file" && e.path === "a.txt");
      expect(file).toMatchObject({ name: "a.txt", kind: "text", sizeBytes: 10, stored: false });
      // Another bundle's rows never show, and a cursor from another folder restarts this one.
      expect(names(await list("nosuch", ""))).toEqual([]);
      expect(names(await list("tree1", "a/b/", "g:zz"))).toEqual(["a/b/c/", "a/b/x", "a/b/y"]);
      await expect(list("tree1", "/etc/")).rejects.toThrow(/folder/);
    });

    it("reads rows bounded by the page size on a bundle with 100k files in one folder", async () => {
      await mkBundle("flood");
      await mkArtifacts("flood", [...Array.from({ length: FLOOD }, (_, i) => `flood/f${String(i).padStart(6, "0")}`), "host/ps.txt", "manifest.json"]);
      const root = await list("flood", "");
      expect(names(root)).toEqual(["flood/", "host/", "manifest.json"]);
      expect(root.rowsRead).toBeLessThanOrEqual(8);
      const first = await list("flood", "flood/", undefined, 200);
      expect(first.entries).toHaveLength(200);
      expect(first.rowsRead).toBeLessThanOrEqual(201);
      const second = await list("flood", "flood/", first.next!, 200);
      expect(names(second)[0]).toBe("flood/f000200");
      expect(second.rowsRead).toBeLessThanOrEqual(201);
      // The tree the viewer starts with: not the small-bundle whole tree, and a few pages only.
      const tree = await t.mods().tree.getArtifactTree({ bundleId: "flood", current: "flood/f099999" });
      expect(tree.mode).toBe("lazy");
      // 61 rows to learn it is not small, a few for the root, one page of flood/.
      expect(tree.rowsRead).toBeLessThanOrEqual(61 + 8 + 201 + 8);
      console.log(`[figures] 100k-artifact bundle: root page read ${root.rowsRead} rows, flood/ page ${first.rowsRead} rows (${first.entries.length} sent), viewer tree at the last file ${tree.rowsRead} rows`);
      if (tree.mode === "lazy") {
        expect(tree.root.entries.map((e) => e.name)).toEqual(["flood", "host", "manifest.json"]);
        // The open file is past the folder's first page: the folder opens at it.
        expect(tree.preloaded["flood/"]).toMatchObject({ midway: true, next: null });
        expect(tree.preloaded["flood/"]?.entries.map((e) => e.path)).toEqual(["flood/f099999"]);
      }
      const early = await t.mods().tree.getArtifactTree({ bundleId: "flood", current: "flood/f000005" });
      expect(early.mode === "lazy" && early.preloaded["flood/"]?.entries).toHaveLength(200);
      expect(early.mode === "lazy" && early.preloaded["flood/"]?.midway).toBeUndefined();
      // The header's counts and the overview's artifact errors stop counting at their caps.
      expect(await t.mods().counts.countArtifacts({ bundleId: "flood" })).toEqual({ files: 10_000, parsed: 1, withWarnings: 0, capped: true });
      await db().artifact.updateMany({ where: { bundleId: "flood" }, data: { error: "unreadable" } });
      const errs = await t.mods().errors.listArtifactErrors({ bundleId: "flood", take: 100 });
      expect(errs.rows).toHaveLength(100);
      expect(errs).toMatchObject({ total: 10_000, capped: true });
    });

    it("reads rows bounded by the page size when the folder holds thousands of subfolders", async () => {
      await mkBundle("dirs");
      await mkArtifacts("dirs", Array.from({ length: MANY_DIRS }, (_, i) => Array.from({ length: 20 }, (_, j) => `d${String(i).padStart(5, "0")}/f${j}`)).flat());
      const p = await list("dirs", "", undefined, 200);
      expect(p.entries).toHaveLength(200);
      expect(p.entries.every((e) => e.type === "dir")).toBe(true);
      expect(p.rowsRead).toBeLessThanOrEqual(3 * 201);
      console.log(`[figures] ${MANY_DIRS} folders x 20 files: a 200-folder page read ${p.rowsRead} rows`);
      expect((await walk("dirs", "", 500)).length).toBe(MANY_DIRS);
    });

    it("gives a small bundle its whole tree at once", async () => {
      const tree = await t.mods().tree.getArtifactTree({ bundleId: "tree1" });
      expect(tree.mode === "full" && tree.rows.map((r) => r.path)).toEqual(["Z/1", "a.txt", "a/b!", "a/b/c/d", "a/b/c/e", "a/b/x", "a/b/y", "a/b0", "a/bb", "a/z", "zz"]);
    });
  });
}

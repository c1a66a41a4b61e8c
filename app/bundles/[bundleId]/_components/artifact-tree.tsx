import Link from "next/link";
import type { TArtifactRow } from "@/lib/queries/list-artifacts";
import type { TArtifactTree } from "@/lib/queries/get-artifact-tree";
import { artifactHref, fmtBytes } from "@/app/_components/format";
import { LazyArtifactTree } from "./lazy-artifact-tree";

interface TNode {
  name: string;
  dirs: Map<string, TNode>;
  files: TArtifactRow[];
}

function buildTree(rows: TArtifactRow[]): TNode {
  const root: TNode = { name: "", dirs: new Map(), files: [] };
  for (const r of rows) {
    const parts = r.path.split("/");
    let node = root;
    for (const dir of parts.slice(0, -1)) {
      let next = node.dirs.get(dir);
      if (!next) node.dirs.set(dir, (next = { name: dir, dirs: new Map(), files: [] }));
      node = next;
    }
    node.files.push(r);
  }
  return root;
}

function NodeView({ node, bundleId, current, depth, openAll }: { node: TNode; bundleId: string; current?: string; depth: number; openAll: boolean }) {
  return (
    <ul className={depth ? "ml-3 border-l border-zinc-200 pl-2 dark:border-zinc-800" : ""}>
      {[...node.dirs.values()].map((d) => (
        <li key={d.name}>
          <details open={openAll || depth < 1 || (current?.includes(`${d.name}/`) ?? false)}>
            <summary className="cursor-pointer select-none py-0.5 text-zinc-600 dark:text-zinc-400">{d.name}/</summary>
            <NodeView node={d} bundleId={bundleId} current={current} depth={depth + 1} openAll={openAll} />
          </details>
        </li>
      ))}
      {node.files.map((f) => (
        <li key={f.path} data-kbd-item className={`flex items-center gap-2 rounded px-1 py-0.5 ${f.path === current ? "bg-sky-100 dark:bg-sky-900/50" : ""}`}>
          <Link href={artifactHref(bundleId, f.path)} className="truncate font-mono text-xs text-sky-700 hover:underline dark:text-sky-400" title={f.path}>
            {f.path.split("/").pop()}
          </Link>
          {f.warningCount > 0 && <span className="rounded bg-amber-200 px-1 text-[10px] text-amber-900" title="parse warnings">{f.warningCount}</span>}
          {f.error && <span className="rounded bg-red-200 px-1 text-[10px] text-red-900" title={f.error}>err</span>}
          <span className="ml-auto shrink-0 text-[10px] tabular-nums text-zinc-400">{fmtBytes(f.sizeBytes)}</span>
        </li>
      ))}
    </ul>
  );
}

// The bundle's file tree: a small bundle whole with every folder open; a large one folder by
// folder (LazyArtifactTree), the folders holding the open file preloaded and open.
export function ArtifactTree({ tree, bundleId, current }: { tree: TArtifactTree; bundleId: string; current?: string }) {
  if (tree.mode === "lazy") return <LazyArtifactTree bundleId={bundleId} root={tree.root} preloaded={tree.preloaded} current={current} />;
  if (tree.rows.length === 0) return <p className="text-zinc-500">No artifacts stored for this bundle.</p>;
  return (
    <nav data-kbd-list data-testid="artifact-tree" className="text-sm">
      <NodeView node={buildTree(tree.rows)} bundleId={bundleId} current={current} depth={0} openAll />
    </nav>
  );
}

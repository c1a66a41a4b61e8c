import { listArtifacts } from "@/lib/queries/list-artifacts";
import { ArtifactTree } from "../_components/artifact-tree";
import { requirePageCaller } from "@/lib/auth/caller";

// Artifact browser: the whole file tree of the bundle.
export default async function ArtifactsPage({ params }: { params: Promise<{ bundleId: string }> }) {
  await requirePageCaller();
  const bundleId = decodeURIComponent((await params).bundleId);
  const rows = await listArtifacts({ bundleId });
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-xs text-zinc-500">
        {rows.length} files · {rows.filter((r) => r.kind).length} parsed · {rows.reduce((a, r) => a + r.warningCount, 0)} parse warnings
      </p>
      <ArtifactTree rows={rows} bundleId={bundleId} />
    </div>
  );
}

import { getArtifactTree } from "@/lib/queries/get-artifact-tree";
import { ARTIFACT_COUNT_CAP, countArtifacts } from "@/lib/queries/count-artifacts";
import { ArtifactTree } from "../_components/artifact-tree";
import { requirePageCaller } from "@/lib/auth/caller";

// Artifact browser: the bundle's file tree (whole when small, folder by folder when large).
export default async function ArtifactsPage({ params }: { params: Promise<{ bundleId: string }> }) {
  await requirePageCaller();
  const bundleId = decodeURIComponent((await params).bundleId);
  const [tree, counts] = await Promise.all([getArtifactTree({ bundleId }), countArtifacts({ bundleId })]);
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-xs text-zinc-500">
        {counts.files}
        {counts.files === ARTIFACT_COUNT_CAP ? "+" : ""} files · {counts.parsed}
        {counts.parsed === ARTIFACT_COUNT_CAP ? "+" : ""} parsed · {counts.withWarnings}
        {counts.withWarnings === ARTIFACT_COUNT_CAP ? "+" : ""} with parse warnings
      </p>
      <ArtifactTree tree={tree} bundleId={bundleId} />
    </div>
  );
}

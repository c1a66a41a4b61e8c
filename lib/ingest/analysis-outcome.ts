import type { AnalysisResult } from "@/lib/analyze/types";
import type { NodeModel } from "@/lib/model/types";

/**
 * What the ingest job's database writes need of an analysis: the result without the bulk of
 * the model (which the analysis child stores as blobs itself). The whole model of a large node
 * is hundreds of MiB; only this part crosses from the child to the server's process, so the
 * server never deserialises a model on its event loop.
 */
export interface AnalysisOutcome extends Omit<AnalysisResult, "model"> {
  model: Pick<NodeModel, "bundle" | "artifacts" | "collection">;
  counts: { netns: number; processes: number };
}

export function outcomeOf(r: AnalysisResult): AnalysisOutcome {
  const { model, ...rest } = r;
  return {
    ...rest,
    model: { bundle: model.bundle, artifacts: model.artifacts, collection: model.collection },
    counts: { netns: model.netns.length, processes: model.processes.length },
  };
}

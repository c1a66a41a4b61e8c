/**
 * The contract of the one analysis entry point, lib/analyze/analyze-bundle.ts:
 *   analyzeBundle(filePath: string, opts?: AnalyzeOptions): Promise<AnalysisResult>
 * used by the CLI (`netbundle analyze`) and the ingest job of the web app alike.
 * It streams the archive once; it never throws for bundle content (a bad artifact becomes
 * an artifact error); it throws BundleUnusableError only when nothing at all can be read.
 */
import type { NodeModel, TimelineEvent } from "@/lib/model/types";
import type { Finding, NotEvaluated } from "@/lib/rules/finding";
import type { StoredArtifactMeta } from "@/lib/stream/types";

export type { StoredArtifactMeta } from "@/lib/stream/types";

export type AnalyzeStage = "reading" | "model" | "rules" | "done";

export interface AnalyzeProgress {
  stage: AnalyzeStage;
  /** 0..1 within the whole analysis. */
  fraction: number;
  message?: string;
}

export interface AnalyzeOptions {
  onProgress?: (p: AnalyzeProgress) => void;
  /** Called for every timeline event as it is made (journals can hold millions). */
  onEvents?: (batch: TimelineEvent[]) => void | Promise<void>;
  /**
   * Called with each regular file's bytes so the caller can keep it for the artifact
   * viewer. Large bodies (over `storeMaxBytes`) arrive as null and are not buffered.
   */
  onArtifactBody?: (meta: StoredArtifactMeta, body: Buffer | null) => void | Promise<void>;
  storeMaxBytes?: number;
  /** Keep at most this many events in model.timeline (the rest only go to onEvents). */
  timelineKeep?: number;
}

export interface AnalysisResult {
  model: NodeModel;
  findings: Finding[];
  notEvaluated: NotEvaluated[];
  /** Bundle-level problems (archive truncated at offset N, manifest unreadable, ...). */
  errors: string[];
  /** Whether everything was read (false for a truncated archive: the bundle is "partial"). */
  complete: boolean;
}

export { BundleUnusableError } from "@/lib/stream/errors";

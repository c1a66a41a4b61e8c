/**
 * The contract of the one analysis entry point, lib/analyze/analyze-bundle.ts:
 *   analyzeBundle(filePath: string, opts?: AnalyzeOptions): Promise<AnalysisResult>
 * used by the CLI (`netbundle analyze`) and the ingest job of the web app alike.
 * It streams the archive once; it never throws for bundle content (a bad artifact becomes
 * an artifact error); it throws BundleUnusableError only when nothing at all can be read.
 */
import type { NodeModel } from "@/lib/model/types";
import type { Finding, NotEvaluated } from "@/lib/rules/finding";
import type { StreamOptions } from "@/lib/stream/stream-bundle";

export type { StoredArtifactMeta } from "@/lib/stream/types";

export type AnalyzeStage = "reading" | "model" | "rules" | "done";

export interface AnalyzeProgress {
  stage: AnalyzeStage;
  /** 0..1 within the whole analysis. */
  fraction: number;
  message?: string;
}

/** The stream stage's callbacks and limits (lib/stream/stream-bundle.ts), with progress over all stages. */
export interface AnalyzeOptions extends Omit<StreamOptions, "matcher" | "onProgress"> {
  onProgress?: (p: AnalyzeProgress) => void;
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

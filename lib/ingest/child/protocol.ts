import type { AnalyzeProgress, StoredArtifactMeta } from "@/lib/analyze/types";
import type { SpoolStats } from "../timeline-spool";
import type { StoredArtifact } from "@/lib/storage";
import type { AnalysisOutcome } from "../analysis-outcome";

/**
 * Messages between the ingest job (parent, in the server's or worker's process) and the
 * analysis child (lib/ingest/child/analysis-child.ts) over Node's IPC channel with the
 * "advanced" (structured clone) serialisation. Bulk stays in the child: it reads the
 * original, compresses and stores artifact texts and the model itself (lib/storage), so only
 * progress, stored-artifact facts and the slim outcome cross. Timeline events do not: the
 * child spools them to a file (lib/ingest/timeline-spool.ts) that the loader bulk-loads after
 * the findings are shown, so the analysis never waits on the database.
 */
export interface StartMessage {
  type: "start";
  bundleId: string;
  originalPath: string;
  storeMaxBytes: number;
  timelineKeep: number;
  /** Where the child writes the timeline events (created; the job removes it). */
  spoolPath: string;
}

export type ParentMessage = StartMessage;

export type ChildMessage =
  | { type: "progress"; progress: AnalyzeProgress }
  | { type: "artifact"; meta: StoredArtifactMeta; stored: StoredArtifact }
  | { type: "result"; outcome: AnalysisOutcome; usage: ChildUsage; timeline: SpoolStats }
  /** kind "unusable": nothing in the archive can be read (BundleUnusableError) — permanent. */
  | { type: "error"; kind: "unusable" | "error"; message: string };

/** What the analysis cost, measured by the child at its end (for the job's log and bench/). */
export interface ChildUsage {
  cpuSeconds: number;
  maxRssMiB: number;
}

/** argv of the CLI (bin/netbundle.mjs) that makes it the analysis child. Internal: not in the usage text. */
export const CHILD_COMMAND = "__ingest-child";

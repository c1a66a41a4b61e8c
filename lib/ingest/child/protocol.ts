import type { AnalyzeProgress, StoredArtifactMeta } from "@/lib/analyze/types";
import type { TimelineEvent } from "@/lib/model/types";
import type { StoredArtifact } from "@/lib/storage";
import type { AnalysisOutcome } from "../analysis-outcome";

/**
 * Messages between the ingest job (parent, in the server's or worker's process) and the
 * analysis child (lib/ingest/child/analysis-child.ts) over Node's IPC channel with the
 * "advanced" (structured clone) serialisation. Bulk stays in the child: it reads the
 * original, compresses and stores artifact texts and the model itself (lib/storage), so only
 * progress, timeline batches, stored-artifact facts and the slim outcome cross.
 *
 * Backpressure: every "events" message carries a sequence number and the child waits for
 * its "ack" (sent once the batch is written to the database) before the analysis goes on,
 * so at most one batch is in flight and a slow database slows the analysis, not the heap.
 */
export interface StartMessage {
  type: "start";
  bundleId: string;
  originalPath: string;
  storeMaxBytes: number;
  timelineKeep: number;
}

export type ParentMessage = StartMessage | { type: "ack"; seq: number };

export type ChildMessage =
  | { type: "progress"; progress: AnalyzeProgress }
  | { type: "events"; seq: number; batch: TimelineEvent[] }
  | { type: "artifact"; meta: StoredArtifactMeta; stored: StoredArtifact }
  | { type: "result"; outcome: AnalysisOutcome; usage: ChildUsage }
  /** kind "unusable": nothing in the archive can be read (BundleUnusableError) — permanent. */
  | { type: "error"; kind: "unusable" | "error"; message: string };

/** What the analysis cost, measured by the child at its end (for the job's log and bench/). */
export interface ChildUsage {
  cpuSeconds: number;
  maxRssMiB: number;
}

/** argv of the CLI (bin/netbundle.mjs) that makes it the analysis child. Internal: not in the usage text. */
export const CHILD_COMMAND = "__ingest-child";

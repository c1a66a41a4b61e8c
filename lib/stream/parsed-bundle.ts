/**
 * What the model builder consumes: every artifact with its parsed records, plus what the
 * streaming pass produced on the way (log signals, kept timeline events, captures).
 */
import type { BundleArtifact, TManifest } from "@/lib/bundle";
import type { ArtifactInfo, CaptureInfo, LogSignal, TimelineEvent } from "@/lib/stream/types";

export interface ParsedArtifact<R = unknown> {
  info: ArtifactInfo;
  records: R[];
  backend?: BundleArtifact["backend"];
  /** A netns known only by name (sosreport's ip_netns_exec_NAME_...), when no inode is. */
  netnsName?: string;
  /** The archive member's modification time (UTC, ISO), when the archive has one. */
  mtime?: string;
}

export interface ParsedBundle {
  manifest: TManifest | null;
  artifacts: ParsedArtifact[];
  logSignals: LogSignal[];
  /** Matches per signal id, including those past the kept-sample cap. */
  logSignalCounts: Record<string, number>;
  timeline: TimelineEvent[];
  captures: CaptureInfo[];
  errors: string[];
}

/** Artifacts of the given kinds that parsed without error, in bundle order. */
export function byKind<R>(pb: Pick<ParsedBundle, "artifacts">, ...kinds: string[]): ParsedArtifact<R>[] {
  return pb.artifacts.filter((a) => a.info.kind !== null && kinds.includes(a.info.kind) && !a.info.error) as ParsedArtifact<R>[];
}

/** The first artifact of a kind, preferring the host folder. */
export function firstOf<R>(pb: Pick<ParsedBundle, "artifacts">, kind: string): ParsedArtifact<R> | undefined {
  const all = byKind<R>(pb, kind);
  return all.find((a) => a.info.path.startsWith("host/")) ?? all[0];
}

export function srcOf(artifact: string, line: number, lineEnd = line) {
  return { artifact, lineStart: line, lineEnd };
}

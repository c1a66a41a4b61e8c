/**
 * What the stream stage (lib/stream/stream-bundle.ts) makes while it reads a bundle: one
 * ArtifactInfo per member, timeline events, log-signal matches and capture summaries. The
 * model keeps them as they are (lib/model/types re-exports them).
 */
import type { Severity } from "@/lib/rules/finding";

export interface ArtifactInfo {
  path: string;
  /** Parser kind id, or null when no parser claims the file (it is still browsable). */
  kind: string | null;
  sizeBytes: number;
  records: number;
  warnings: { line?: number; message: string }[];
  unparsedLines: number;
  /** Per-artifact failure (unreadable entry, parser bug, not data). Never sinks the bundle. */
  error: string | null;
  /** The netns inode the artifact was collected in, for per-netns artifacts. */
  netns?: number;
  /** From the manifest: the command that produced it. */
  command?: CommandInfo;
}

export interface CommandInfo {
  argv: string[];
  exitCode: number | null;
  durationMs: number | null;
  timedOut: boolean;
  truncated: boolean;
  notFound: boolean;
  stderr: string;
  netns?: number;
  reachedVia?: string;
}

/** Where a timeline event comes from: every list of sources (filters, histogram) is this one. */
export const TIMELINE_SOURCES = ["journal", "log", "process", "netns", "pcap", "finding", "file"] as const;

export type TimelineSource = (typeof TIMELINE_SOURCES)[number];

export interface TimelineEvent {
  /** UTC ISO 8601 with milliseconds (or finer, as text). */
  ts: string;
  source: TimelineSource;
  severity?: Severity;
  /** journal unit / log file / process comm: a short label for grouping. */
  label: string;
  text: string;
  artifact?: string;
  line?: number;
}

/** One log/journal line that matched a declared signal (e.g. "cni-del-statfs-failure"). */
export interface LogSignal {
  signal: string;
  ts: string | null;
  artifact: string;
  line: number;
  text: string;
  /** Named regex groups of the match (pid, ip, chain, ...). */
  groups: Record<string, string>;
  /** The sender's PID as journald recorded it (journal records only: the host's PID namespace). */
  pid?: number;
}

/** A capture analysed by lib/pcap, with anomalies attributed to interfaces/netns where possible. */
export interface CaptureInfo {
  artifact: string;
  packets: number;
  firstTs: string | null;
  lastTs: string | null;
  error: string | null;
  /** lib/pcap's PcapSummary (flows, anomalies, macsByIp), kept as opaque JSON here. */
  summary: unknown;
}

/** A member the caller may keep for the artifact viewer (body given beside it, or null when too big). */
export interface StoredArtifactMeta {
  path: string;
  kind: string | null;
  sizeBytes: number;
  mtime: string | null;
}

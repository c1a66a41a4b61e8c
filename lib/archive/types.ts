import type { ArchiveError } from "./errors";
import type { ArchiveLimits } from "./limits";

export type ArchiveFormat = "tar" | "tar.gz" | "tar.xz" | "tar.bz2" | "zip";

/** A regular file or directory handed to the consumer. Links and devices never are. */
export interface ArchiveEntry {
  /** Normalized relative path: no leading "./", no "..", no trailing "/". */
  path: string;
  size: number;
  type: "file" | "directory";
  mtime: Date | null;
  mode: number;
  /** Offset of the entry's header in the tar stream (zip: local header offset, when known). */
  offset: number;
}

export type EntrySummary = ArchiveEntry;

export type SkipKind =
  | "symlink"
  | "hardlink"
  | "device"
  | "fifo"
  | "absolute-path"
  | "traversal"
  | "nul-in-name"
  | "name-too-long"
  | "empty-name"
  | "entry-too-large"
  | "unsupported-type"
  /** A metadata header (pax global header over maxGlobalPaxKeys) that was not applied. */
  | "ignored-header";

export interface SkippedEntry {
  path: string;
  kind: SkipKind;
  reason: string;
  offset?: number;
  /** For links: the target as written in the archive (never followed). */
  linkTarget?: string;
  /** For links: true when the target points outside the bundle root. */
  leavesBundle?: boolean;
}

/**
 * The bytes of one entry. The consumer picks per entry: stream it, buffer it up to a cap,
 * or ignore it (the reader then skips it without copying). Bodies are only valid until the
 * consumer returns from onEntry / asks the iterator for the next event.
 */
export interface EntryBody {
  readonly size: number;
  /** Chunks in order; can be iterated once. Throws ArchiveError on a fault mid-entry. */
  chunks(): AsyncIterable<Buffer>;
  /** Whole body, or null (nothing consumed) when size > maxBytes (default limits.maxBufferBytes). */
  toBuffer(maxBytes?: number): Promise<Buffer | null>;
}

export interface ArchiveProgress {
  /** Bytes read from the archive file so far (compressed). */
  bytesRead: number;
  totalBytes: number;
}

export type ArchiveEvent =
  | { type: "entry"; entry: ArchiveEntry; body: EntryBody }
  | { type: "skipped"; skipped: SkippedEntry }
  | { type: "error"; error: ArchiveError };

export interface OpenArchiveOptions {
  limits?: Partial<ArchiveLimits>;
  onProgress?: (p: ArchiveProgress) => void;
}

export interface ReadArchiveOptions extends OpenArchiveOptions {
  onEntry?: (entry: ArchiveEntry, body: EntryBody) => void | Promise<void>;
  onSkipped?: (skipped: SkippedEntry) => void;
}

export interface ReadArchiveResult {
  format: ArchiveFormat | null;
  entries: EntrySummary[];
  skipped: SkippedEntry[];
  /** The fault that ended the read early, or null when the whole archive was read. */
  error: ArchiveError | null;
  bytesRead: number;
  totalBytes: number;
  expandedBytes: number;
}

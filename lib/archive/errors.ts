/**
 * The one error type of lib/archive. It always says where: the entry being read (or the
 * last good one) and the byte offset, so a support engineer can tell "truncated upload at
 * 41 MB" from "hostile archive".
 */
export type ArchiveErrorCode =
  | "unknown-format"
  | "io-error"
  | "corrupt-gzip"
  | "corrupt-xz"
  | "corrupt-bzip2"
  /** The system decoder for .tar.xz / .tar.bz2 (`xz`, `bzip2`) is not installed. */
  | "decoder-unavailable"
  | "truncated"
  | "bad-checksum"
  | "bad-header"
  | "total-size-exceeded"
  | "entry-size-exceeded"
  | "ratio-exceeded"
  | "too-many-entries"
  | "meta-too-large"
  | "zip-too-large"
  | "corrupt-zip";

export interface ArchiveErrorWhere {
  /** Entry being read when it happened (or the last complete one, said so in the message). */
  entry?: string;
  /** Offset in the uncompressed tar stream (or the zip file). */
  offset?: number;
  /** Compressed bytes read from the file when it happened (gzip, xz, bzip2). */
  compressedOffset?: number;
}

export class ArchiveError extends Error {
  readonly code: ArchiveErrorCode;
  readonly entry: string | undefined;
  readonly offset: number | undefined;
  readonly compressedOffset: number | undefined;

  constructor(code: ArchiveErrorCode, message: string, where: ArchiveErrorWhere = {}) {
    super(message);
    this.name = "ArchiveError";
    this.code = code;
    this.entry = where.entry;
    this.offset = where.offset;
    this.compressedOffset = where.compressedOffset;
  }
}

export function isArchiveError(e: unknown): e is ArchiveError {
  return e instanceof ArchiveError;
}

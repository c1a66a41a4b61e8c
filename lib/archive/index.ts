export { readArchive } from "./read-archive";
export { openArchive, type OpenedArchive } from "./open-archive";
export { ArchiveError, isArchiveError, type ArchiveErrorCode } from "./errors";
export { DEFAULT_LIMITS, resolveLimits, type ArchiveLimits } from "./limits";
export { detectFormat } from "./detect-format";
export { BufferBody } from "./tar-body";
export { SkipTally, summarizeSkipped, NAMES_PER_KIND } from "./skip-summary";
export type * from "./types";

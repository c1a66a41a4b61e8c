/**
 * readArchive: the callback face of openArchive. Calls onEntry for each regular file and
 * directory (the body is the consumer's to stream, buffer or ignore), collects skipped
 * entries and the final fault. Entries read before a fault are always in the result.
 * Throws only for consumer bugs (an onEntry that throws something other than ArchiveError).
 */
import { isArchiveError, type ArchiveError } from "./errors";
import { openArchive } from "./open-archive";
import type { EntrySummary, ReadArchiveOptions, ReadArchiveResult, SkippedEntry } from "./types";

export async function readArchive(filePath: string, opts: ReadArchiveOptions = {}): Promise<ReadArchiveResult> {
  const archive = await openArchive(filePath, opts);
  const entries: EntrySummary[] = [];
  const skipped: SkippedEntry[] = [];
  let error: ArchiveError | null = null;
  for await (const ev of archive.events) {
    if (ev.type === "error") {
      error = ev.error;
      break;
    }
    if (ev.type === "skipped") {
      skipped.push(ev.skipped);
      opts.onSkipped?.(ev.skipped);
      continue;
    }
    if (opts.onEntry) {
      try {
        await opts.onEntry(ev.entry, ev.body);
      } catch (e) {
        // A fault inside the body surfaces here; the reader has recorded it and ends with it next.
        if (!isArchiveError(e)) {
          await archive.events.return(undefined);
          throw e;
        }
        continue;
      }
    }
    entries.push(ev.entry);
  }
  return {
    format: archive.format,
    entries,
    skipped,
    error,
    bytesRead: archive.bytesRead(),
    totalBytes: archive.totalBytes,
    expandedBytes: archive.expandedBytes(),
  };
}

/**
 * One safe streaming pass over a .tar, .tar.gz/.tgz, .tar.xz, .tar.bz2 or .zip: detects the format by magic
 * bytes and yields entry / skipped events, ending with an { type: "error" } event when the
 * archive is faulty or hostile. Nothing is written to disk. The next event is only read
 * after the consumer is done with the previous entry's body.
 */
import fs from "node:fs/promises";
import { ByteSource } from "./byte-source";
import { detectFormat } from "./detect-format";
import { ArchiveError, isArchiveError } from "./errors";
import { openChildDecoderFeed } from "./decompress-child";
import { openFileFeed, openGzipFeed } from "./feeds";
import { resolveLimits, type ArchiveLimits } from "./limits";
import { readTarEvents } from "./tar-reader";
import type { ArchiveEvent, ArchiveFormat, OpenArchiveOptions } from "./types";
import { readZipEvents } from "./zip-reader";

export interface OpenedArchive {
  format: ArchiveFormat | null;
  totalBytes: number;
  limits: ArchiveLimits;
  events: AsyncGenerator<ArchiveEvent>;
  /** Compressed bytes read from the file so far. */
  bytesRead(): number;
  /** Inflated bytes pulled so far (tar stream bytes, or zip entry bytes). */
  expandedBytes(): number;
}

const BOMB_NAME: Partial<Record<ArchiveFormat, string>> = { "tar.gz": "gzip", "tar.xz": "xz", "tar.bz2": "bzip2" };

function sizeGuard(limits: ArchiveLimits, format: ArchiveFormat) {
  const compressed = format !== "tar";
  return (pulled: number, compressedRead: number) => {
    if (pulled > limits.maxTotalBytes) {
      throw new ArchiveError("total-size-exceeded", `archive expands past the ${limits.maxTotalBytes}-byte total limit`);
    }
    if (compressed && pulled >= limits.ratioMinBytes && pulled / Math.max(1, compressedRead) > limits.maxRatio) {
      const ratio = Math.round(pulled / Math.max(1, compressedRead));
      throw new ArchiveError("ratio-exceeded", `compression ratio ${ratio}:1 is over the ${limits.maxRatio}:1 limit (${BOMB_NAME[format] ?? "decompression"} bomb?)`);
    }
  };
}

async function* only(event: ArchiveEvent): AsyncGenerator<ArchiveEvent> {
  yield event;
}

export async function openArchive(filePath: string, opts: OpenArchiveOptions = {}): Promise<OpenedArchive> {
  const limits = resolveLimits(opts.limits);
  let totalBytes = 0;
  let format: ArchiveFormat;
  try {
    totalBytes = (await fs.stat(filePath)).size;
    format = await detectFormat(filePath);
  } catch (e) {
    const error = isArchiveError(e) ? e : new ArchiveError("io-error", `cannot open archive: ${e instanceof Error ? e.message : String(e)}`);
    return { format: null, totalBytes, limits, events: only({ type: "error", error }), bytesRead: () => 0, expandedBytes: () => 0 };
  }
  const progress = opts.onProgress ?? (() => {});

  if (format === "zip") {
    let read = 0;
    let expanded = 0;
    const events = (async function* () {
      for await (const ev of readZipEvents(filePath, limits, (p) => ((read = p.bytesRead), progress(p)))) {
        if (ev.type === "entry") expanded += ev.entry.size;
        yield ev;
      }
    })();
    return { format, totalBytes, limits, events, bytesRead: () => read, expandedBytes: () => expanded };
  }

  const onRead = (bytesRead: number) => progress({ bytesRead, totalBytes });
  const feed =
    format === "tar.gz"
      ? openGzipFeed(filePath, onRead)
      : format === "tar.xz" || format === "tar.bz2"
        ? openChildDecoderFeed(filePath, format === "tar.xz" ? "xz" : "bzip2", limits.maxDecoderMemoryBytes, onRead)
        : openFileFeed(filePath, onRead);
  const src = new ByteSource(feed, sizeGuard(limits, format));
  const events = (async function* () {
    try {
      yield* readTarEvents(src, limits);
    } finally {
      src.close();
    }
  })();
  return { format, totalBytes, limits, events, bytesRead: () => src.compressedRead, expandedBytes: () => src.pulled };
}

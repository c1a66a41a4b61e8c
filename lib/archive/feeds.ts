/**
 * Chunk feeds for the tar reader: the file itself (plain .tar) or the file through gunzip.
 * Buffer sizes were measured on this project's 2-core box: a 1 MiB read highWaterMark and
 * 256 KiB gunzip chunks read a 300 MB bundle 2-2.5x faster than the defaults (64 KiB / 16 KiB).
 * 2 MiB gunzip chunks then cut a whole analysis of the ingest bench bundle by another 15-30%
 * (bench/ingest, A/B interleaved): each chunk is one thread-pool job whose end wakes the main
 * thread, and each becomes one block for the keyword worker (two more wake-ups). On this VM a
 * cross-thread wake-up is costly (perf puts a quarter of the process's samples in the kernel's
 * wake-up path at 256 KiB), so fewer, larger chunks win; 4 MiB was no better than 2.
 */
import fs from "node:fs";
import zlib from "node:zlib";
import type { Readable } from "node:stream";
import type { ChunkFeed } from "./byte-source";

export const READ_HIGH_WATER_MARK = 1024 * 1024;
export const GUNZIP_CHUNK_SIZE = 2 * 1024 * 1024;

export function openFileFeed(filePath: string, onRead: (bytesRead: number) => void): ChunkFeed {
  const file = fs.createReadStream(filePath, { highWaterMark: READ_HIGH_WATER_MARK });
  const it = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let read = 0;
  // Counted on pull: a 'data' listener would switch the stream to flowing mode under the iterator.
  return {
    async next() {
      const r = await it.next();
      if (r.done) return null;
      read += r.value.length;
      onRead(read);
      return r.value;
    },
    compressedRead: () => read,
    close: () => file.destroy(),
  };
}

/**
 * zlib hands on its output when an output chunk fills or an input read is used up, so a
 * gzip fault loses what the current step had inflated: up to a whole 2 MiB chunk, which can
 * be several small entries. After a fault the file is inflated once more from the start in
 * small steps, skipping what was already handed on, so that everything before the fault
 * (to within SALVAGE_CHUNK_SIZE) still reaches the reader; the same fault then ends it.
 */
const SALVAGE_CHUNK_SIZE = 16 * 1024;

export function openGzipFeed(filePath: string, onRead: (bytesRead: number) => void): ChunkFeed {
  let handedOn = 0;
  const fast = gunzip(filePath, GUNZIP_CHUNK_SIZE, READ_HIGH_WATER_MARK, onRead);
  let salvage: { stream: Readable; it: AsyncIterator<Buffer> } | null = null;
  return {
    async next() {
      if (!salvage) {
        try {
          const r = await fast.it.next();
          if (r.done) return null;
          handedOn += r.value.length;
          return r.value;
        } catch (e) {
          if (!String((e as { code?: unknown }).code ?? "").startsWith("Z_")) throw e;
          fast.close();
          const again = gunzip(filePath, SALVAGE_CHUNK_SIZE, SALVAGE_CHUNK_SIZE, () => undefined);
          salvage = { stream: again.stream, it: skipBytes(again.stream, handedOn)[Symbol.asyncIterator]() };
        }
      }
      const r = await salvage.it.next();
      return r.done ? null : r.value;
    },
    // The salvage pass re-reads what the first pass already counted: the count stays the first's.
    compressedRead: fast.bytesRead,
    close: () => {
      fast.close();
      salvage?.stream.destroy();
    },
  };
}

function gunzip(filePath: string, chunkSize: number, readSize: number, onRead: (bytesRead: number) => void) {
  const file = fs.createReadStream(filePath, { highWaterMark: readSize });
  const stream = zlib.createGunzip({ chunkSize });
  let read = 0;
  file.on("data", (c) => {
    read += c.length;
    onRead(read);
  });
  file.on("error", (e) => stream.destroy(e));
  file.pipe(stream);
  return {
    stream,
    bytesRead: () => read,
    it: stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>,
    close: () => {
      file.unpipe(stream);
      file.destroy();
      stream.destroy();
    },
  };
}

async function* skipBytes(chunks: AsyncIterable<Buffer>, skip: number): AsyncGenerator<Buffer> {
  for await (const c of chunks) {
    if (skip >= c.length) {
      skip -= c.length;
      continue;
    }
    yield skip > 0 ? c.subarray(skip) : c;
    skip = 0;
  }
}

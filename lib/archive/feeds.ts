/**
 * Chunk feeds for the tar reader: the file itself (plain .tar) or the file through gunzip.
 * Buffer sizes were measured on this project's 2-core box: a 1 MiB read highWaterMark and
 * 256 KiB gunzip chunks read a 300 MB bundle 2-2.5x faster than the defaults (64 KiB / 16 KiB).
 */
import fs from "node:fs";
import zlib from "node:zlib";
import type { Readable } from "node:stream";
import type { ChunkFeed } from "./byte-source";

export const READ_HIGH_WATER_MARK = 1024 * 1024;
export const GUNZIP_CHUNK_SIZE = 256 * 1024;

function iterate(stream: Readable, counted: () => number, closeAll: () => void): ChunkFeed {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return {
    async next() {
      const r = await it.next();
      return r.done ? null : r.value;
    },
    compressedRead: counted,
    close: closeAll,
  };
}

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

export function openGzipFeed(filePath: string, onRead: (bytesRead: number) => void): ChunkFeed {
  const file = fs.createReadStream(filePath, { highWaterMark: READ_HIGH_WATER_MARK });
  const gunzip = zlib.createGunzip({ chunkSize: GUNZIP_CHUNK_SIZE });
  let read = 0;
  file.on("data", (c) => {
    read += c.length;
    onRead(read);
  });
  file.on("error", (e) => gunzip.destroy(e));
  file.pipe(gunzip);
  return iterate(gunzip, () => read, () => {
    file.unpipe(gunzip);
    file.destroy();
    gunzip.destroy();
  });
}

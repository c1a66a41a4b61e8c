import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError } from "@/lib/errors";
import type { BlobStore } from "./blob-store";

export interface ReceivedUpload {
  tmpPath: string;
  sha256: string;
  sizeBytes: number;
}

/** Free space is checked again after every this many bytes received. */
const RECHECK_BYTES = 16 * 1024 * 1024;

/** Bytes an unprivileged writer may still use on the filesystem holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await fs.promises.statfs(dir);
  return s.bavail * s.bsize;
}

/**
 * Streams an upload body to a temp file under the store, hashing as it goes; never holds
 * the body in memory. Past `maxBytes` the stream is cut, the partial file removed, and a
 * 413 AppError thrown, so a 50 GB mistake costs at most maxBytes of disk for a moment.
 * With `reserveBytes`, the disk keeps that much free: an upload that would eat into it is
 * refused with 507 before it starts (when its size is declared) or as soon as it would
 * (checked every 16 MiB), so a loop of large uploads cannot fill the disk.
 */
export async function receiveUpload(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  opts: { maxBytes: number; store: BlobStore; reserveBytes?: number; declaredBytes?: number },
): Promise<ReceivedUpload> {
  const tmpPath = await opts.store.tempPath();
  const reserve = opts.reserveBytes ?? 0;
  const dir = path.dirname(tmpPath);
  if (reserve > 0 && (await freeBytes(dir)) - (opts.declaredBytes ?? 0) < reserve) throw insufficientStorage(reserve);
  const hash = crypto.createHash("sha256");
  let size = 0;
  let checkedAt = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > opts.maxBytes) return cb(tooLarge(opts.maxBytes));
      hash.update(chunk);
      if (reserve === 0 || size - checkedAt < RECHECK_BYTES) return cb(null, chunk);
      checkedAt = size;
      freeBytes(dir).then(
        (free) => (free - chunk.length < reserve ? cb(insufficientStorage(reserve)) : cb(null, chunk)),
        (err: Error) => cb(err),
      );
    },
  });
  const source = Symbol.asyncIterator in body ? Readable.from(body as AsyncIterable<Uint8Array>) : Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  try {
    await pipeline(source, meter, fs.createWriteStream(tmpPath, { flags: "wx" }));
  } catch (e) {
    await fs.promises.rm(tmpPath, { force: true });
    throw e instanceof AppError ? e : new AppError("BAD_REQUEST", `upload interrupted: ${(e as Error).message}`);
  }
  if (size === 0) {
    await fs.promises.rm(tmpPath, { force: true });
    throw new AppError("BAD_REQUEST", "empty upload: send the bundle file as the request body");
  }
  return { tmpPath, sha256: hash.digest("hex"), sizeBytes: size };
}

function gib(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(1)} GiB` : `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

export function insufficientStorage(reserveBytes: number): AppError {
  return new AppError("INSUFFICIENT_STORAGE", `The server is low on disk space: it keeps ${gib(reserveBytes)} free and this upload would use it. Try again later or ask the administrator to free space.`, { reserveBytes });
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `Bundle too large: the limit is ${maxBytes} bytes (${gib(maxBytes)})`, { maxBytes });
}

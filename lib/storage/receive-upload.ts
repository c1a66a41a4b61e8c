import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError } from "@/lib/errors";
import type { BlobStore } from "./blob-store";

export interface ReceivedUpload {
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
 * Streams an upload body into the store as `bundleId`'s original, hashing as it goes; never
 * holds the body in memory. Past `maxBytes` the stream is cut, what was written removed, and
 * a 413 AppError thrown, so a 50 GB mistake costs at most maxBytes for a moment.
 * With `reserveBytes`, a store that fills the local disk keeps that much free: an upload that
 * would eat into it is refused with 507 before it starts (when its size is declared) or as
 * soon as it would (checked every 16 MiB), so a loop of large uploads cannot fill the disk.
 * A store that fails (bucket unreachable) is a 503 with the reason; the body is not kept.
 */
export async function receiveUpload(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  opts: { maxBytes: number; store: BlobStore; bundleId: string; ext: string; reserveBytes?: number; declaredBytes?: number },
): Promise<ReceivedUpload> {
  const dir = await opts.store.uploadDiskDir();
  const reserve = dir ? (opts.reserveBytes ?? 0) : 0;
  if (dir && reserve > 0 && (await freeBytes(dir)) - (opts.declaredBytes ?? 0) < reserve) throw insufficientStorage(reserve);
  const hash = crypto.createHash("sha256");
  let size = 0;
  let checkedAt = 0;
  let refused: AppError | undefined;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > opts.maxBytes) return cb((refused = tooLarge(opts.maxBytes)));
      hash.update(chunk);
      if (!dir || reserve === 0 || size - checkedAt < RECHECK_BYTES) return cb(null, chunk);
      checkedAt = size;
      freeBytes(dir).then(
        (free) => (free - chunk.length < reserve ? cb((refused = insufficientStorage(reserve))) : cb(null, chunk)),
        (err: Error) => cb(err),
      );
    },
  });
  const source = Symbol.asyncIterator in body ? Readable.from(body as AsyncIterable<Uint8Array>) : Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  let bodyFailed: Error | undefined;
  source.once("error", (e) => (bodyFailed = e));
  try {
    // The store reads the metered stream; if the store fails it stops reading, so the meter is
    // destroyed to end the pipeline (else it would wait on backpressure forever).
    const stored = opts.store.receiveOriginal(opts.bundleId, opts.ext, meter).catch((e: unknown) => {
      meter.destroy(e instanceof Error ? e : new Error(String(e)));
      throw e;
    });
    await Promise.all([pipeline(source, meter).catch(() => undefined), stored]);
  } catch (e) {
    await opts.store.removeBundle(opts.bundleId).catch(() => undefined);
    if (refused) throw refused;
    if (e instanceof AppError) throw e;
    if (bodyFailed || size === 0) throw new AppError("BAD_REQUEST", `upload interrupted: ${(bodyFailed ?? (e as Error)).message}`);
    throw new AppError("SERVICE_UNAVAILABLE", `The bundle could not be stored: ${storeFailure(e)}. Nothing was kept; try the upload again later.`);
  }
  if (refused) throw refused;
  if (bodyFailed) {
    await opts.store.removeBundle(opts.bundleId).catch(() => undefined);
    throw new AppError("BAD_REQUEST", `upload interrupted: ${bodyFailed.message}`);
  }
  if (size === 0) {
    await opts.store.removeBundle(opts.bundleId);
    throw new AppError("BAD_REQUEST", "empty upload: send the bundle file as the request body");
  }
  return { sha256: hash.digest("hex"), sizeBytes: size };
}

/** What went wrong with the store, in words a user may see: the error's name and status, no endpoint or key. */
function storeFailure(e: unknown): string {
  const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode;
  return `${err.code ?? err.name ?? "error"}${status ? ` (HTTP ${status})` : ""}`;
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

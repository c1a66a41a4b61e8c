import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
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

/**
 * Streams an upload body to a temp file under the store, hashing as it goes; never holds
 * the body in memory. Past `maxBytes` the stream is cut, the partial file removed, and a
 * 413 AppError thrown, so a 50 GB mistake costs at most maxBytes of disk for a moment.
 */
export async function receiveUpload(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  opts: { maxBytes: number; store: BlobStore },
): Promise<ReceivedUpload> {
  const tmpPath = await opts.store.tempPath();
  const hash = crypto.createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > opts.maxBytes) return cb(tooLarge(opts.maxBytes));
      hash.update(chunk);
      cb(null, chunk);
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

export function tooLarge(maxBytes: number): AppError {
  const human = maxBytes >= 1024 ** 3 ? `${+(maxBytes / 1024 ** 3).toFixed(1)} GiB` : `${+(maxBytes / 1024 ** 2).toFixed(1)} MiB`;
  return new AppError("PAYLOAD_TOO_LARGE", `Bundle too large: the limit is ${maxBytes} bytes (${human})`, { maxBytes });
}

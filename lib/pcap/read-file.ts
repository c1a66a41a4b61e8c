/**
 * Reads a file as a stream of chunks from two reused 1 MiB buffers. Reusing buffers saves
 * the allocation and GC of a fresh one per chunk (the capture reader copies the only bytes it
 * keeps, a record straddling two chunks). Two buffers instead of one let the next read run on
 * the libuv thread pool while the caller parses the current chunk: with a single buffer the
 * main thread sat idle for every read (~100 ms of a 524 MB capture).
 *
 * A yielded chunk is refilled once the caller asks for the next one: the caller must be done
 * with it by then (as with a single reused buffer).
 */
import { open } from "node:fs/promises";

const CHUNK = 1024 * 1024;

export async function* readChunks(path: string): AsyncIterable<Buffer> {
  const fh = await open(path, "r");
  let pending: ReturnType<typeof fh.read> | undefined;
  try {
    const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let k = 0;
    pending = fh.read(bufs[0]!, 0, CHUNK, null);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) return;
      const buf = bufs[k]!;
      // Fill the other buffer while the caller works on this one.
      k ^= 1;
      pending = fh.read(bufs[k]!, 0, CHUNK, null);
      yield bytesRead === CHUNK ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    // An early return leaves one read in flight: let it settle before closing.
    await pending?.catch(() => undefined);
    await fh.close();
  }
}

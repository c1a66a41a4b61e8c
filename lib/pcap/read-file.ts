/**
 * Reads a file as a stream of chunks from a few reused 4 MiB buffers, with the next reads
 * already running on the libuv thread pool while the caller parses the current chunk.
 * Reusing buffers saves the allocation and GC of a fresh one per chunk (the capture reader
 * copies the only bytes it keeps, a record straddling two chunks).
 *
 * Why two reads ahead in 4 MiB: once the capture parser got faster, the main thread sat idle
 * for ~100 ms of a 524 MB capture waiting for one 1 MiB read at a time (each read also costs
 * two cross-thread wake-ups, which are dear on a VM).
 *
 * A yielded chunk is refilled once the caller asks for the next one: the caller must be done
 * with it by then (as with a single reused buffer).
 */
import { open } from "node:fs/promises";

const CHUNK = 4 * 1024 * 1024;
/** Reads in flight while the caller works on a chunk. */
const AHEAD = 2;

export async function* readChunks(path: string): AsyncIterable<Buffer> {
  const fh = await open(path, "r");
  const bufs = Array.from({ length: AHEAD + 1 }, () => Buffer.allocUnsafe(CHUNK));
  const inFlight: Promise<{ bytesRead: number }>[] = [];
  // Reads name their file position: several run at once.
  let position = 0;
  let into = 0;
  const issue = () => {
    inFlight.push(fh.read(bufs[into]!, 0, CHUNK, position));
    position += CHUNK;
    into = (into + 1) % bufs.length;
  };
  try {
    for (let i = 0; i < AHEAD; i++) issue();
    for (let k = 0; ; k = (k + 1) % bufs.length) {
      const { bytesRead } = await inFlight.shift()!;
      if (bytesRead === 0) return;
      // The buffer refilled now is the one the caller just finished with.
      issue();
      yield bytesRead === CHUNK ? bufs[k]! : bufs[k]!.subarray(0, bytesRead);
      if (bytesRead < CHUNK) return; // a short read of a regular file: its end
    }
  } finally {
    // An early return leaves reads in flight: let them settle before closing.
    await Promise.allSettled(inFlight);
    await fh.close();
  }
}

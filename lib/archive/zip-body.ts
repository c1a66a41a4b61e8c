/**
 * Body of one zip entry, inflated by jszip on demand. jszip's internal stream works in
 * 16 KiB compressed steps; we pause it while our small queue is full, so a bomb entry is
 * never inflated far ahead of the consumer. Each chunk is counted against the entry's
 * declared size (a zip that lies about it is refused) and the archive-wide guard.
 */
import type JSZip from "jszip";
import { ArchiveError } from "./errors";
import type { EntryBody } from "./types";

interface StreamHelperLike {
  on(ev: "data", fn: (chunk: Buffer) => void): StreamHelperLike;
  on(ev: "end", fn: () => void): StreamHelperLike;
  on(ev: "error", fn: (e: Error) => void): StreamHelperLike;
  pause(): StreamHelperLike;
  resume(): StreamHelperLike;
}

const QUEUE_HIGH = 4;

export class ZipBody implements EntryBody {
  private used = false;

  constructor(
    private readonly file: JSZip.JSZipObject,
    readonly size: number,
    private readonly entryPath: string,
    /** Called with each inflated chunk size; throws ArchiveError past a cap. */
    private readonly guard: (n: number) => void,
    private readonly defaultMax: number,
    /** Records the fault so the reader stops even if the consumer swallows the throw. */
    private readonly onFault: (e: ArchiveError) => ArchiveError,
  ) {}

  async *chunks(): AsyncGenerator<Buffer> {
    if (this.used) throw new Error("entry body already read");
    this.used = true;
    const helper = (this.file as unknown as { internalStream(t: "nodebuffer"): StreamHelperLike }).internalStream("nodebuffer");
    const queue: Buffer[] = [];
    let ended = false;
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    const poke = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    helper.on("data", (c) => {
      queue.push(c);
      if (queue.length >= QUEUE_HIGH) helper.pause();
      poke();
    });
    helper.on("end", () => {
      ended = true;
      poke();
    });
    helper.on("error", (e) => {
      failure = e;
      poke();
    });
    helper.resume();
    let got = 0;
    try {
      for (;;) {
        const c = queue.shift();
        if (c) {
          if (queue.length < QUEUE_HIGH) helper.resume();
          got += c.length;
          if (got > this.size) {
            throw this.onFault(new ArchiveError("entry-size-exceeded", `zip entry "${this.entryPath}" inflates beyond its declared ${this.size} bytes`, { entry: this.entryPath }));
          }
          this.guard(c.length);
          yield c;
        } else if (failure) {
          const msg = (failure as Error).message;
          throw this.onFault(
            new ArchiveError("corrupt-zip", `zip entry "${this.entryPath}" cannot be inflated (${msg}) after ${got} bytes`, { entry: this.entryPath, offset: got }),
          );
        } else if (ended) {
          return;
        } else {
          await new Promise<void>((r) => (wake = r));
        }
      }
    } finally {
      helper.pause();
    }
  }

  async toBuffer(maxBytes = this.defaultMax): Promise<Buffer | null> {
    if (this.size > maxBytes) return null;
    const parts: Buffer[] = [];
    for await (const c of this.chunks()) parts.push(c);
    return Buffer.concat(parts);
  }
}

/**
 * Body of one tar entry, read lazily from the shared ByteSource. Whatever the consumer
 * leaves unread is skipped by drain() (still inflated, since gzip cannot seek, but never
 * copied). After drain() the body is closed: a late read is a consumer bug and throws.
 */
import type { ByteSource } from "./byte-source";
import type { EntryBody } from "./types";

export class TarBody implements EntryBody {
  private remaining: number;
  private state: "fresh" | "reading" | "closed" = "fresh";

  constructor(
    private readonly src: ByteSource,
    readonly size: number,
    private readonly defaultMax: number,
  ) {
    this.remaining = size;
  }

  async *chunks(): AsyncGenerator<Buffer> {
    if (this.state !== "fresh") throw new Error("entry body already read or no longer available");
    this.state = "reading";
    while (this.remaining > 0 && this.state === "reading") {
      const c = await this.src.chunk(this.remaining);
      if (!c) {
        throw this.src.fail("truncated", `archive ends inside the body (${this.size - this.remaining} of ${this.size} bytes)`);
      }
      this.remaining -= c.length;
      yield c;
    }
  }

  async toBuffer(maxBytes = this.defaultMax): Promise<Buffer | null> {
    if (this.size > maxBytes) return null;
    const out = Buffer.allocUnsafe(this.size);
    let off = 0;
    for await (const c of this.chunks()) off += c.copy(out, off);
    return out;
  }

  /** Skip what the consumer did not read; called by the reader before the next header. */
  async drain(): Promise<void> {
    this.state = "closed";
    if (this.remaining > 0) await this.src.skip(this.remaining, "the body");
    this.remaining = 0;
  }
}

/** Body of a directory or a body already in memory (zip symlink targets, manifest replays). */
export class BufferBody implements EntryBody {
  private used = false;
  constructor(private readonly buf: Buffer) {}
  get size(): number {
    return this.buf.length;
  }
  async *chunks(): AsyncGenerator<Buffer> {
    if (this.used) throw new Error("entry body already read");
    this.used = true;
    if (this.buf.length > 0) yield this.buf;
  }
  async toBuffer(maxBytes = Infinity): Promise<Buffer | null> {
    return this.buf.length > maxBytes ? null : this.buf;
  }
}

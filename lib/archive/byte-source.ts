/**
 * Pull-based reader over a stream of chunks (the inflated tar stream). The tar reader asks
 * for exact byte counts; bodies get zero-copy slices of the current chunk. Every chunk
 * pulled passes the guard (total size and ratio caps) before anyone sees it, and the first
 * fault sticks: later calls rethrow it, so a consumer that swallows a body error cannot
 * make the reader carry on past a corrupt spot.
 */
import { ArchiveError, isArchiveError, type ArchiveErrorCode } from "./errors";

export interface ChunkFeed {
  /** Next chunk, or null at the end. Rejects with the decoder's error. */
  next(): Promise<Buffer | null>;
  /** Compressed bytes read from the file so far (equals the file bytes for plain tar). */
  compressedRead(): number;
  close(): void;
}

/** Where we are, for error messages: set by the tar reader as it goes. */
export interface ReadContext {
  entry?: string;
  lastGood?: string;
}

export class ByteSource {
  /** Bytes handed out (consumed or skipped) so far: the tar stream offset. */
  position = 0;
  /** Bytes pulled from the feed (inflated), including the unread rest of the current chunk. */
  pulled = 0;
  readonly ctx: ReadContext = {};
  private cur: Buffer | null = null;
  private curPos = 0;
  private fault: ArchiveError | null = null;

  constructor(
    private readonly feed: ChunkFeed,
    private readonly guard: (pulled: number, compressed: number) => void,
  ) {}

  get compressedRead(): number {
    return this.feed.compressedRead();
  }

  where(): string {
    if (this.ctx.entry) return `in entry "${this.ctx.entry}"`;
    if (this.ctx.lastGood) return `after entry "${this.ctx.lastGood}"`;
    return "before the first entry";
  }

  /** Build (and remember) an error that names the entry and offset. */
  fail(code: ArchiveErrorCode, what: string, offset = this.position): ArchiveError {
    if (this.fault) return this.fault;
    const msg = `${what} ${this.where()} at tar offset ${offset} (compressed offset ${this.compressedRead})`;
    this.fault = new ArchiveError(code, msg, { entry: this.ctx.entry ?? this.ctx.lastGood, offset, compressedOffset: this.compressedRead });
    return this.fault;
  }

  private async fill(): Promise<boolean> {
    if (this.fault) throw this.fault;
    if (this.cur && this.curPos < this.cur.length) return true;
    let c: Buffer | null;
    try {
      c = await this.feed.next();
    } catch (e) {
      if (isArchiveError(e)) throw this.fail(e.code, e.message);
      const msg = e instanceof Error ? e.message : String(e);
      const zcode = (e as { code?: string }).code ?? "";
      if (zcode === "Z_BUF_ERROR") throw this.fail("truncated", `gzip stream ends early (${msg})`);
      if (zcode.startsWith("Z_")) throw this.fail("corrupt-gzip", `gzip data corrupt (${msg})`);
      throw this.fail("io-error", `read failed (${msg})`);
    }
    if (!c) return false;
    this.pulled += c.length;
    try {
      this.guard(this.pulled, this.feed.compressedRead());
    } catch (e) {
      if (isArchiveError(e)) throw this.fail(e.code, e.message);
      throw e;
    }
    this.cur = c;
    this.curPos = 0;
    return true;
  }

  /** Up to max bytes (at least 1), zero-copy; null at the end of the stream. */
  async chunk(max: number): Promise<Buffer | null> {
    if (!(await this.fill())) return null;
    const cur = this.cur as Buffer;
    const n = Math.min(max, cur.length - this.curPos);
    const out = cur.subarray(this.curPos, this.curPos + n);
    this.curPos += n;
    this.position += n;
    return out;
  }

  /** Exactly n bytes; null if the stream ends cleanly before the first byte; throws if it ends mid-way. */
  async read(n: number, what: string): Promise<Buffer | null> {
    const first = await this.chunk(n);
    if (!first) return null;
    if (first.length === n) return first;
    const parts = [first];
    let got = first.length;
    while (got < n) {
      const c = await this.chunk(n - got);
      if (!c) throw this.fail("truncated", `archive ends inside ${what} (${got} of ${n} bytes)`);
      parts.push(c);
      got += c.length;
    }
    return Buffer.concat(parts, n);
  }

  /** Skip n bytes; throws "truncated" if the stream ends first. */
  async skip(n: number, what: string): Promise<void> {
    let left = n;
    while (left > 0) {
      const c = await this.chunk(left);
      if (!c) throw this.fail("truncated", `archive ends inside ${what} (${n - left} of ${n} bytes)`);
      left -= c.length;
    }
  }

  close(): void {
    this.feed.close();
  }
}

/**
 * Salvage for a zip whose central directory is gone (an upload cut short): walk the local
 * file headers from the start, as far as they are complete. Local headers carry no Unix
 * mode, so links cannot be told from files here; bodies are handed out as plain bytes and
 * never followed. Entries written with a data descriptor (sizes after the data, flag bit 3)
 * end the salvage: their length is unknown without the central directory.
 */
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { ArchiveError } from "./errors";
import type { EntryBody } from "./types";

const LOCAL_SIG = 0x04034b50;

export interface LocalEntry {
  name: string;
  offset: number;
  method: number;
  compressedSize: number;
  size: number;
  data: Buffer;
  mtime: Date | null;
}

export type LocalScan = { type: "entry"; entry: LocalEntry } | { type: "stop"; reason: string; offset: number; name?: string };

function dosDate(date: number, time: number): Date | null {
  const d = new Date(Date.UTC(1980 + (date >> 9), ((date >> 5) & 15) - 1, date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2));
  return Number.isNaN(d.getTime()) ? null : d;
}

export function* scanLocalHeaders(buf: Buffer): Generator<LocalScan> {
  let pos = 0;
  while (pos + 30 <= buf.length && buf.readUInt32LE(pos) === LOCAL_SIG) {
    const flags = buf.readUInt16LE(pos + 6);
    const method = buf.readUInt16LE(pos + 8);
    const compressedSize = buf.readUInt32LE(pos + 18);
    const size = buf.readUInt32LE(pos + 22);
    const nameLen = buf.readUInt16LE(pos + 26);
    const extraLen = buf.readUInt16LE(pos + 28);
    const dataStart = pos + 30 + nameLen + extraLen;
    const name = buf.toString(flags & 0x800 ? "utf8" : "latin1", pos + 30, Math.min(buf.length, pos + 30 + nameLen));
    if (dataStart > buf.length) {
      yield { type: "stop", reason: "archive ends inside a local header", offset: pos, name };
      return;
    }
    if (flags & 8) {
      yield { type: "stop", reason: "entry sizes are in a data descriptor, unknown without the central directory", offset: pos, name };
      return;
    }
    if (flags & 1) {
      yield { type: "stop", reason: "encrypted entry", offset: pos, name };
      return;
    }
    if (dataStart + compressedSize > buf.length) {
      yield { type: "stop", reason: `archive ends inside the data (${buf.length - dataStart} of ${compressedSize} bytes)`, offset: pos, name };
      return;
    }
    const mtime = dosDate(buf.readUInt16LE(pos + 12), buf.readUInt16LE(pos + 10));
    yield { type: "entry", entry: { name, offset: pos, method, compressedSize, size, data: buf.subarray(dataStart, dataStart + compressedSize), mtime } };
    pos = dataStart + compressedSize;
  }
  if (pos < buf.length) yield { type: "stop", reason: "no further local header", offset: pos };
}

/** Body of a salvaged entry: stored bytes, or raw deflate inflated in 256 KiB steps. */
export class LocalEntryBody implements EntryBody {
  private used = false;
  constructor(
    private readonly e: LocalEntry,
    private readonly path: string,
    private readonly guard: (n: number) => void,
    private readonly defaultMax: number,
    private readonly onFault: (e: ArchiveError) => ArchiveError,
  ) {}
  get size(): number {
    return this.e.size;
  }
  async *chunks(): AsyncGenerator<Buffer> {
    if (this.used) throw new Error("entry body already read");
    this.used = true;
    if (this.e.method !== 0 && this.e.method !== 8) {
      throw this.onFault(new ArchiveError("corrupt-zip", `zip entry "${this.path}" uses unsupported compression method ${this.e.method}`, { entry: this.path, offset: this.e.offset }));
    }
    const source = this.e.method === 0 ? Readable.from([this.e.data]) : Readable.from([this.e.data]).pipe(zlib.createInflateRaw({ chunkSize: 256 * 1024 }));
    let got = 0;
    try {
      for await (const c of source as AsyncIterable<Buffer>) {
        got += c.length;
        if (got > this.e.size) {
          throw this.onFault(new ArchiveError("entry-size-exceeded", `zip entry "${this.path}" inflates beyond its declared ${this.e.size} bytes`, { entry: this.path, offset: this.e.offset }));
        }
        this.guard(c.length);
        yield c;
      }
    } catch (err) {
      if (err instanceof ArchiveError) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      throw this.onFault(new ArchiveError("corrupt-zip", `zip entry "${this.path}" cannot be inflated (${msg})`, { entry: this.path, offset: this.e.offset }));
    } finally {
      source.destroy();
    }
  }
  async toBuffer(maxBytes = this.defaultMax): Promise<Buffer | null> {
    if (this.size > maxBytes) return null;
    const parts: Buffer[] = [];
    for await (const c of this.chunks()) parts.push(c);
    return Buffer.concat(parts);
  }
}

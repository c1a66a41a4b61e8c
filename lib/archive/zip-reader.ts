/**
 * Zip bundles through jszip. jszip needs the whole file in memory, hence the maxZipBytes
 * cap (see limits.ts); entries are then inflated one at a time, on demand, with the same
 * per-entry, total and ratio caps as tar. We check names against jszip's
 * unsafeOriginalName: its `name` is already "resolved" and would hide a traversal attempt.
 * When jszip cannot read the zip (central directory cut off), the local headers are
 * salvaged as far as they go, then the fault is reported (zip-salvage.ts).
 */
import fs from "node:fs/promises";
import JSZip from "jszip";
import { ArchiveError, isArchiveError } from "./errors";
import type { ArchiveLimits } from "./limits";
import { checkEntryPath, linkLeavesBundle } from "./path-guard";
import { BufferBody } from "./tar-body";
import type { ArchiveEvent, ArchiveProgress, EntryBody } from "./types";
import { ZipBody } from "./zip-body";
import { LocalEntryBody, scanLocalHeaders } from "./zip-salvage";

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFIFO = 0o010000;
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;
const MAX_LINK_TARGET = 4096;

/** Entry count from the end-of-central-directory record, to refuse before jszip parses it. */
export function zipDeclaredEntryCount(buf: Buffer): number | null {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      const n = buf.readUInt16LE(i + 10);
      return n === 0xffff ? null : n; // zip64: the real count lives elsewhere; jszip + maxEntries handle it
    }
  }
  return null;
}

interface ZipInternals {
  unsafeOriginalName?: string;
  _data?: { compressedSize?: number; uncompressedSize?: number };
}

/** One zip entry, from jszip or from a salvaged local header. */
interface ZipItem {
  rawName: string;
  dir: boolean;
  mode: number;
  size: number;
  compressedSize: number;
  mtime: Date | null;
  offset: number;
  body(guard: (n: number) => void, record: (e: ArchiveError) => ArchiveError, path: string): EntryBody;
}

function* jszipItems(zip: JSZip, limits: ArchiveLimits): Generator<ZipItem> {
  for (const file of Object.values(zip.files)) {
    const internals = file as unknown as ZipInternals;
    const size = internals._data?.uncompressedSize ?? 0;
    yield {
      rawName: internals.unsafeOriginalName ?? file.name,
      dir: file.dir,
      mode: typeof file.unixPermissions === "number" ? file.unixPermissions : 0,
      size,
      compressedSize: internals._data?.compressedSize ?? 0,
      mtime: file.date instanceof Date && !Number.isNaN(file.date.getTime()) ? file.date : null,
      offset: -1,
      body: (guard, record, path) => new ZipBody(file, size, path, guard, limits.maxBufferBytes, record),
    };
  }
}

export async function* readZipEvents(
  filePath: string,
  limits: ArchiveLimits,
  progress: (p: ArchiveProgress) => void,
): AsyncGenerator<ArchiveEvent> {
  const totalBytes = (await fs.stat(filePath)).size;
  if (totalBytes > limits.maxZipBytes) {
    const msg = `zip file is ${totalBytes} bytes, over the ${limits.maxZipBytes}-byte zip limit (zips are read whole into memory; send .tar.gz instead)`;
    yield { type: "error", error: new ArchiveError("zip-too-large", msg, { offset: 0 }) };
    return;
  }
  const buf = await fs.readFile(filePath);
  const declared = zipDeclaredEntryCount(buf);
  if (declared !== null && declared > limits.maxEntries) {
    const msg = `zip declares ${declared} entries, more than the ${limits.maxEntries}-entry limit`;
    yield { type: "error", error: new ArchiveError("too-many-entries", msg, { offset: buf.length }) };
    return;
  }
  let items: Iterable<ZipItem>;
  let salvage: ArchiveError | null = null;
  try {
    items = jszipItems(await JSZip.loadAsync(buf, { checkCRC32: false }), limits); // CRC checking would inflate every entry up front
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const scanned = [...scanLocalHeaders(buf)];
    const stop = scanned.find((s) => s.type === "stop");
    const found = scanned.flatMap((s) => (s.type === "entry" ? [s.entry] : []));
    let msg = `zip unreadable: ${why}; ${found.length} entries salvaged from local headers`;
    if (stop?.type === "stop") msg += `, then ${stop.reason}${stop.name ? ` in entry "${stop.name}"` : ""} at offset ${stop.offset}`;
    salvage = new ArchiveError("corrupt-zip", msg, { entry: stop?.type === "stop" ? stop.name : undefined, offset: stop?.type === "stop" ? stop.offset : buf.length });
    items = found.map((entry) => ({
      rawName: entry.name,
      dir: entry.name.endsWith("/"),
      mode: 0,
      size: entry.size,
      compressedSize: entry.compressedSize,
      mtime: entry.mtime,
      offset: entry.offset,
      body: (guard, record, path) => new LocalEntryBody(entry, path, guard, limits.maxBufferBytes, record),
    }));
  }

  let expanded = 0;
  let compressed = 0;
  let count = 0;
  let fault: ArchiveError | null = null;
  const record = (e: ArchiveError) => (fault ??= e);
  const guardFor = (entry: string) => (n: number) => {
    expanded += n;
    if (expanded > limits.maxTotalBytes) {
      throw record(new ArchiveError("total-size-exceeded", `zip expands past the ${limits.maxTotalBytes}-byte total limit in entry "${entry}"`, { entry }));
    }
    if (expanded >= limits.ratioMinBytes && expanded / Math.max(1, compressed) > limits.maxRatio) {
      const ratio = Math.round(expanded / Math.max(1, compressed));
      throw record(new ArchiveError("ratio-exceeded", `compression ratio ${ratio}:1 is over the ${limits.maxRatio}:1 limit in entry "${entry}" (zip bomb?)`, { entry }));
    }
  };

  try {
    for (const item of items) {
      compressed += item.compressedSize;
      progress({ bytesRead: Math.min(compressed, totalBytes), totalBytes });
      const { rawName, size, offset } = item;
      if (++count > limits.maxEntries) throw new ArchiveError("too-many-entries", `more than ${limits.maxEntries} entries (at "${rawName}")`, { entry: rawName });
      const check = checkEntryPath(rawName, limits);
      if (!check.ok) {
        yield { type: "skipped", skipped: { path: rawName, kind: check.kind, reason: `${check.reason}: ${JSON.stringify(rawName)}` } };
        continue;
      }
      const path = check.path;
      const fmt = item.mode & S_IFMT;
      if (item.dir) {
        yield { type: "entry", entry: { path, size: 0, type: "directory", mtime: item.mtime, mode: item.mode, offset }, body: new BufferBody(Buffer.alloc(0)) };
        continue;
      }
      const body = item.body(guardFor(path), record, path);
      if (fmt === S_IFLNK) {
        const target = (await body.toBuffer(MAX_LINK_TARGET))?.toString("utf8") ?? "(target too long)";
        const leaves = linkLeavesBundle(path, target, false);
        const reason = leaves ? `symlink to ${JSON.stringify(target)} points outside the bundle; not followed` : `symlink to ${JSON.stringify(target)}; links are never followed`;
        yield { type: "skipped", skipped: { path, kind: "symlink", reason, linkTarget: target, leavesBundle: leaves } };
      } else if (fmt === S_IFIFO || fmt === S_IFCHR || fmt === S_IFBLK) {
        const what = fmt === S_IFIFO ? "fifo" : fmt === S_IFCHR ? "character device" : "block device";
        yield { type: "skipped", skipped: { path, kind: fmt === S_IFIFO ? "fifo" : "device", reason: `${what} entry refused` } };
      } else if (size > limits.maxEntryBytes) {
        yield { type: "skipped", skipped: { path, kind: "entry-too-large", reason: `entry declares ${size} bytes, over the ${limits.maxEntryBytes}-byte per-entry limit` } };
      } else if (expanded + size > limits.maxTotalBytes) {
        throw new ArchiveError("total-size-exceeded", `entry "${path}" (${size} bytes) would take the zip past the ${limits.maxTotalBytes}-byte total limit`, { entry: path });
      } else {
        yield { type: "entry", entry: { path, size, type: "file", mtime: item.mtime, mode: item.mode, offset }, body };
      }
      if (fault) throw fault;
    }
    if (salvage) throw salvage;
    progress({ bytesRead: totalBytes, totalBytes });
  } catch (e) {
    if (!isArchiveError(e)) throw e;
    yield { type: "error", error: e };
  }
}

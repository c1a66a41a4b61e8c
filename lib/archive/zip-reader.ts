/**
 * Zip bundles through jszip. jszip needs the whole file in memory, hence the maxZipBytes
 * cap (see limits.ts); entries are then inflated one at a time, on demand, with the same
 * per-entry, total and ratio caps as tar. We check names against jszip's
 * unsafeOriginalName: its `name` is already "resolved" and would hide a traversal attempt.
 * When jszip cannot read the zip (central directory cut off), the local headers are
 * salvaged as far as they go, then the fault is reported (zip-salvage.ts).
 * A zip whose entries share bytes (the "overlapping files" zip bomb: each entry's data
 * holds the next entries and one kernel, so a small file reads as gigabytes, at a ratio of
 * 1:1 when stored) is refused before any entry is read: see findOverlap.
 */
import fs from "node:fs/promises";
import JSZip from "jszip";
import { ArchiveError, isArchiveError } from "./errors";
import type { ArchiveLimits } from "./limits";
import { checkEntryPath, linkLeavesBundle } from "./path-guard";
import { BufferBody } from "./tar-body";
import type { ArchiveEvent, ArchiveProgress, EntryBody } from "./types";
import { ZipBody } from "./zip-body";
import { LocalEntryBody, scanLocalHeaders, type LocalEntry, type LocalScan } from "./zip-salvage";

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
  _data?: { compressedSize?: number; uncompressedSize?: number; compressedContent?: unknown };
}

/**
 * Two entries whose compressed bytes overlap, or null. jszip hands each entry its bytes as a
 * view into our buffer (Buffer.slice), so the ranges are exactly what it would inflate: sorted
 * by start, any start before the furthest end so far is an overlap. Should a jszip version
 * copy instead, the pigeonhole bound stands in: entries that do not overlap cannot hold more
 * compressed bytes in all than the file has. Either way an entry's bytes are read once.
 */
export function findOverlap(zip: JSZip, buf: Buffer): { a: string; b: string; offset: number } | { total: number } | null {
  const ranges: { start: number; end: number; name: string }[] = [];
  let total = 0;
  let views = true;
  for (const file of Object.values(zip.files)) {
    const d = (file as unknown as ZipInternals)._data;
    const size = d?.compressedSize ?? 0;
    if (!d || size <= 0) continue;
    total += size;
    const c = d.compressedContent;
    if (c instanceof Uint8Array && c.buffer === buf.buffer && c.length === size) {
      const start = c.byteOffset - buf.byteOffset;
      ranges.push({ start, end: start + size, name: (file as unknown as ZipInternals).unsafeOriginalName ?? file.name });
    } else views = false;
  }
  if (!views) return total > buf.length ? { total } : null;
  ranges.sort((x, y) => x.start - y.start);
  let furthest: (typeof ranges)[number] | null = null;
  for (const r of ranges) {
    if (furthest && r.start < furthest.end) return { a: furthest.name, b: r.name, offset: r.start };
    if (!furthest || r.end > furthest.end) furthest = r;
  }
  return null;
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
  let items: Iterable<ZipItem> = [];
  let salvage: ArchiveError | null = null;
  let zip: JSZip | null = null;
  try {
    zip = await JSZip.loadAsync(buf, { checkCRC32: false }); // CRC checking would inflate every entry up front
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    // Local headers follow one another, so the salvage reads each byte once; it stops one past the entry cap.
    const found: LocalEntry[] = [];
    let stop: LocalScan | undefined;
    for (const s of scanLocalHeaders(buf)) {
      if (s.type === "stop") {
        stop = s;
        break;
      }
      found.push(s.entry);
      if (found.length > limits.maxEntries) break;
    }
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
  if (zip) {
    const overlap = findOverlap(zip, buf);
    if (overlap) {
      const msg =
        "a" in overlap
          ? `zip entries "${overlap.a}" and "${overlap.b}" share bytes (at offset ${overlap.offset}): an overlapping-entry zip bomb? Not read`
          : `zip entries hold ${overlap.total} compressed bytes in a ${buf.length}-byte file, so they overlap: an overlapping-entry zip bomb? Not read`;
      yield { type: "error", error: new ArchiveError("corrupt-zip", msg, { entry: "a" in overlap ? overlap.b : undefined, offset: "a" in overlap ? overlap.offset : 0 }) };
      return;
    }
    items = jszipItems(zip, limits);
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

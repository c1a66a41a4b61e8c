/**
 * Test- and bench-only: generators for the hostile archives of the "no bundle can stall the
 * server" corpus (lib/archive/linear.test.ts, bench/archive/hostile.mjs). Each is built in
 * memory, in milliseconds to a few seconds; none is checked in.
 */
import zlib from "node:zlib";
import { END_OF_ARCHIVE, paxEntry, tarEntry, tarHeader } from "./tar-builder";

const name = (prefix: string, i: number) => `${prefix}/${String(i).padStart(7, "0")}`;

/** `keys` distinct pax keys of ~10 bytes each: 68k keys is ~1 MiB of records, 1,000 is ~15 KiB. */
export function globalPaxRecords(keys: number): Record<string, string> {
  const records: Record<string, string> = {};
  for (let k = 0; k < keys; k++) records[`NB.k${k}`] = "v";
  return records;
}

/**
 * Tar of `files` empty regular files, preceded (when `keys` > 0) by one pax GLOBAL header
 * ('g') of `keys` keys. The headers of the files are all alike but their names, so the
 * .tar.gz is tiny: 68k keys + 8,000 files ≈ 250 KB gzipped.
 */
export function paxGlobalTar(keys: number, files: number, prefix = "b/f"): Buffer {
  const parts: Buffer[] = keys > 0 ? [paxEntry(globalPaxRecords(keys), true)] : [];
  for (let i = 0; i < files; i++) parts.push(tarHeader({ name: name(prefix, i) }));
  parts.push(END_OF_ARCHIVE);
  return Buffer.concat(parts);
}

/**
 * Tar of one regular file (so the analysis has something to report on) and `n` symlinks to
 * it, or `n` empty files as the baseline.
 */
export function symlinkTar(n: number, { baseline = false }: { baseline?: boolean } = {}): Buffer {
  const parts: Buffer[] = [tarEntry({ name: "b/host/uname.txt" }, "Linux node-1 6.8.0 #1 SMP x86_64 GNU/Linux\n")];
  for (let i = 0; i < n; i++) {
    parts.push(baseline ? tarHeader({ name: name("b/l", i) }) : tarHeader({ name: name("b/l", i), type: "2", linkname: "../host/uname.txt" }));
  }
  parts.push(END_OF_ARCHIVE);
  return Buffer.concat(parts);
}

/** Tar of `n` one-byte files. */
export function tinyFilesTar(n: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < n; i++) parts.push(tarEntry({ name: name("b/t", i) }, "x"));
  parts.push(END_OF_ARCHIVE);
  return Buffer.concat(parts);
}

export const gz = (tar: Buffer) => zlib.gzipSync(tar, { level: 1 });

/**
 * .tar.gz of `n` one-byte files (under `prefix`: "b/logs/files/t" makes them logs), built 10k entries at a time as concatenated gzip members
 * (gunzip reads them as one stream), so 1M members never sit in memory uncompressed (1 GB).
 */
export function tinyFilesTarGz(n: number, prefix = "b/t"): Buffer {
  const members: Buffer[] = [];
  for (let start = 0; start < n; start += 10_000) {
    const parts: Buffer[] = [];
    for (let i = start; i < Math.min(n, start + 10_000); i++) parts.push(tarEntry({ name: name(prefix, i) }, "x"));
    members.push(gz(Buffer.concat(parts)));
  }
  members.push(gz(END_OF_ARCHIVE));
  return Buffer.concat(members);
}

// ---- zip ------------------------------------------------------------------------------

function localHeader(n: string, method: number, csize: number, size: number, crc: number): Buffer {
  const nb = Buffer.from(n);
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(method, 8);
  h.writeUInt16LE(0x21, 12); // 1980-01-01
  h.writeUInt32LE(crc, 14);
  h.writeUInt32LE(csize, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(nb.length, 26);
  return Buffer.concat([h, nb]);
}

function centralHeader(n: string, method: number, csize: number, size: number, crc: number, offset: number): Buffer {
  const nb = Buffer.from(n);
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(method, 10);
  h.writeUInt16LE(0x21, 14);
  h.writeUInt32LE(crc, 16);
  h.writeUInt32LE(csize, 20);
  h.writeUInt32LE(size, 24);
  h.writeUInt16LE(nb.length, 28);
  h.writeUInt32LE(offset, 42);
  return Buffer.concat([h, nb]);
}

function endOfCentral(count: number, cdSize: number, cdOffset: number): Buffer {
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(count, 8);
  e.writeUInt16LE(count, 10);
  e.writeUInt32LE(cdSize, 12);
  e.writeUInt32LE(cdOffset, 16);
  return e;
}

/**
 * A zip of `entries` stored entries whose data ranges overlap (the "overlapping files" zip
 * bomb, stored variant): entry i's data runs from the end of its own local header to the end
 * of a shared `kernelBytes` kernel, so it contains the local headers of entries i+1.. and the
 * kernel. Reading every entry reads the kernel `entries` times: ~entries x kernelBytes bytes
 * from a file of ~kernelBytes. Stored, so the compression ratio (1:1) never trips.
 */
export function overlappingZip(entries: number, kernelBytes: number): Buffer {
  const names = Array.from({ length: entries }, (_, i) => `o/${String(i).padStart(6, "0")}`);
  const lens = names.map((n) => 30 + Buffer.byteLength(n));
  const end = lens.reduce((a, b) => a + b, 0) + kernelBytes;
  // CRCs are left 0: lib/archive does not check them (checkCRC32: false), and the bytes are the point.
  const headers: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  names.forEach((n, i) => {
    const size = end - offset - lens[i]!;
    headers.push(localHeader(n, 0, size, size, 0));
    central.push(centralHeader(n, 0, size, size, 0, offset));
    offset += lens[i]!;
  });
  const cd = Buffer.concat(central);
  return Buffer.concat([...headers, Buffer.alloc(kernelBytes, 0x61), cd, endOfCentral(entries, cd.length, end)]);
}

/** The same entry count, without the overlap: each entry holds its share of the kernel. */
export function plainZip(entries: number, kernelBytes: number): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  const each = Math.max(1, Math.floor(kernelBytes / entries));
  let offset = 0;
  for (let i = 0; i < entries; i++) {
    const n = `o/${String(i).padStart(6, "0")}`;
    const data = Buffer.alloc(each, 0x61);
    const h = localHeader(n, 0, each, each, 0);
    central.push(centralHeader(n, 0, each, each, 0, offset));
    parts.push(h, data);
    offset += h.length + each;
  }
  const cd = Buffer.concat(central);
  return Buffer.concat([...parts, cd, endOfCentral(entries, cd.length, offset)]);
}

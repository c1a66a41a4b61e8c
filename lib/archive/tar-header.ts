/**
 * One 512-byte tar header → raw fields. Handles ustar (name + prefix), old GNU ("ustar  ",
 * whose prefix area holds atime/ctime instead, so it is ignored), v7 (no magic), octal and
 * GNU base-256 numbers (sizes over 8 GiB). Pax and GNU long-name records are read by the
 * tar reader and override these fields.
 */
export const BLOCK = 512;

export interface RawTarHeader {
  name: string;
  mode: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
}

export type HeaderResult =
  | { kind: "zero" }
  | { kind: "bad-checksum"; stored: number; computed: number }
  | { kind: "bad-number"; field: string }
  | { kind: "header"; header: RawTarHeader };

function cstr(buf: Buffer, start: number, len: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString("utf8", start, end === -1 || end > start + len ? start + len : end);
}

/** Octal text (NUL/space padded) or base-256 (high bit of the first byte set). NaN if neither. */
export function readNumber(buf: Buffer, start: number, len: number): number {
  const first = buf[start] ?? 0;
  if (first & 0x80) {
    if (first === 0xff) return NaN; // negative base-256: never valid for size/mtime here
    let v = first & 0x7f;
    for (let i = start + 1; i < start + len; i++) v = v * 256 + (buf[i] ?? 0);
    return v;
  }
  const text = buf.toString("latin1", start, start + len).replace(/[\0 ]+$/, "").replace(/^[ ]+/, "");
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) return NaN;
  return parseInt(text, 8);
}

export function isZeroBlock(buf: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (buf[i] !== 0) return false;
  return true;
}

export function parseTarHeader(buf: Buffer): HeaderResult {
  if (isZeroBlock(buf)) return { kind: "zero" };
  const stored = readNumber(buf, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (buf[i] ?? 0);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  // Some old tars summed signed chars; accept either, as GNU tar does.
  if (stored !== unsigned && stored !== signed) return { kind: "bad-checksum", stored, computed: unsigned };

  const size = readNumber(buf, 124, 12);
  if (Number.isNaN(size)) return { kind: "bad-number", field: "size" };
  const mode = readNumber(buf, 100, 8);
  const mtime = readNumber(buf, 136, 12);
  const magic = buf.toString("latin1", 257, 263);
  let name = cstr(buf, 0, 100);
  if (magic === "ustar\0") {
    const prefix = cstr(buf, 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  return {
    kind: "header",
    header: {
      name,
      mode: Number.isNaN(mode) ? 0 : mode,
      size,
      mtime: Number.isNaN(mtime) ? 0 : mtime,
      typeflag: String.fromCharCode(buf[156] ?? 0),
      linkname: cstr(buf, 157, 100),
    },
  };
}

/**
 * Pax extended header records: "<len> <key>=<value>\n", len counting the whole record in
 * bytes. Returns null when malformed.
 */
export function parsePax(buf: Buffer): Map<string, string> | null {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < buf.length) {
    if (buf[pos] === 0) break; // NUL padding after the last record
    const sp = buf.indexOf(0x20, pos);
    if (sp === -1) return null;
    const len = Number(buf.toString("latin1", pos, sp));
    if (!Number.isInteger(len) || len <= sp - pos + 1 || pos + len > buf.length) return null;
    const rec = buf.subarray(sp + 1, pos + len);
    if (rec[rec.length - 1] !== 0x0a) return null;
    const eq = rec.indexOf(0x3d);
    if (eq === -1) return null;
    out.set(rec.toString("utf8", 0, eq), rec.toString("utf8", eq + 1, rec.length - 1));
    pos += len;
  }
  return out;
}

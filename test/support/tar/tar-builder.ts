/**
 * Test-only: write raw tar bytes by hand so tests can build archives no well-behaved tar
 * tool would produce (traversal names, devices, lying sizes, bad checksums).
 */
export interface RawHeader {
  name: string;
  /** Tar typeflag: "0" file, "1" hardlink, "2" symlink, "3"/"4" devices, "5" dir, "6" fifo, "L", "K", "x", "g". */
  type?: string;
  size?: number;
  linkname?: string;
  mode?: number;
  mtime?: number;
  prefix?: string;
  /** Write size as GNU base-256 instead of octal. */
  base256Size?: boolean;
  badChecksum?: boolean;
}

function putString(buf: Buffer, off: number, len: number, s: string | Buffer) {
  const b = typeof s === "string" ? Buffer.from(s, "utf8") : s;
  b.copy(buf, off, 0, Math.min(len, b.length));
}

function putOctal(buf: Buffer, off: number, len: number, n: number) {
  putString(buf, off, len, n.toString(8).padStart(len - 1, "0") + "\0");
}

export function tarHeader(h: RawHeader): Buffer {
  const buf = Buffer.alloc(512);
  putString(buf, 0, 100, h.name);
  putOctal(buf, 100, 8, h.mode ?? 0o644);
  putOctal(buf, 108, 8, 0);
  putOctal(buf, 116, 8, 0);
  const size = h.size ?? 0;
  if (h.base256Size) {
    buf[124] = 0x80;
    let v = size;
    for (let i = 135; i > 124; i--) {
      buf[i] = v % 256;
      v = Math.floor(v / 256);
    }
  } else putOctal(buf, 124, 12, size);
  putOctal(buf, 136, 12, h.mtime ?? 1_795_435_200);
  buf.write(h.type ?? "0", 156, "latin1");
  putString(buf, 157, 100, h.linkname ?? "");
  buf.write("ustar\u000000", 257, "latin1");
  putString(buf, 345, 155, h.prefix ?? "");
  buf.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of buf) sum += b;
  if (h.badChecksum) sum += 1;
  putString(buf, 148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  return buf;
}

const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512);

/** Header + body + padding. `size` in h overrides the body length (for lying headers). */
export function tarEntry(h: RawHeader, body: Buffer | string = ""): Buffer {
  const b = typeof body === "string" ? Buffer.from(body) : body;
  return Buffer.concat([tarHeader({ size: b.length, ...h }), b, pad(b.length)]);
}

export function paxRecords(records: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(records)) {
    const core = ` ${k}=${v}\n`;
    let len = Buffer.byteLength(core) + 1;
    while (String(len).length + Buffer.byteLength(core) !== len) len = String(len).length + Buffer.byteLength(core);
    parts.push(Buffer.from(`${len}${core}`));
  }
  return Buffer.concat(parts);
}

export function paxEntry(records: Record<string, string>, global = false): Buffer {
  return tarEntry({ name: "PaxHeaders/x", type: global ? "g" : "x" }, paxRecords(records));
}

export function gnuLongEntry(value: string | Buffer, type: "L" | "K" = "L"): Buffer {
  const b = typeof value === "string" ? Buffer.from(value + "\0") : value;
  return tarEntry({ name: "././@LongLink", type }, b);
}

export const END_OF_ARCHIVE = Buffer.alloc(1024);

export function tarOf(...parts: Buffer[]): Buffer {
  return Buffer.concat([...parts, END_OF_ARCHIVE]);
}

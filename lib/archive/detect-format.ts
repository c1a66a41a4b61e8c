/**
 * Archive format from the first bytes, never from the file name: uploads arrive as
 * "bundle (1).tgz", "download", or with a .zip name over a tarball.
 */
import fs from "node:fs/promises";
import { ArchiveError } from "./errors";
import { BLOCK, parseTarHeader } from "./tar-header";
import type { ArchiveFormat } from "./types";

export const ACCEPTED_FORMATS = ".tar, .tar.gz/.tgz, .tar.xz, .tar.bz2 or .zip";

const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
/** "BZh" + block size '1'..'9' + the first block's magic (pi) or the end-of-stream magic (sqrt pi). */
function isBzip2(head: Buffer): boolean {
  if (head.length < 10 || head[0] !== 0x42 || head[1] !== 0x5a || head[2] !== 0x68) return false;
  if ((head[3] ?? 0) < 0x31 || (head[3] ?? 0) > 0x39) return false;
  const block = head.toString("hex", 4, 10);
  return block === "314159265359" || block === "177245385090";
}

const OTHER_MAGIC: [number[], string][] = [
  [[0x28, 0xb5, 0x2f, 0xfd], "zstd"],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], "7-zip"],
];

export function detectFormatFromBytes(head: Buffer): ArchiveFormat | { unknown: string } {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "tar.gz";
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && [3, 5, 7].includes(head[2] ?? 0)) return "zip";
  if (head.length >= BLOCK) {
    const h = parseTarHeader(head.subarray(0, BLOCK));
    if (h.kind === "header" || h.kind === "zero") return "tar";
    if (head.toString("latin1", 257, 262) === "ustar") return "tar"; // bad checksum: reported by the reader
  }
  // After the tar check: a tar whose first name starts "BZh91AY&SY" stays a tar.
  if (XZ_MAGIC.every((b, i) => head[i] === b)) return "tar.xz";
  if (isBzip2(head)) return "tar.bz2";
  for (const [magic, name] of OTHER_MAGIC) {
    if (magic.every((b, i) => head[i] === b)) return { unknown: `${name}-compressed archives are not supported (send ${ACCEPTED_FORMATS})` };
  }
  return { unknown: `not a ${ACCEPTED_FORMATS} archive (unrecognized first bytes)` };
}

export async function detectFormat(filePath: string): Promise<ArchiveFormat> {
  const fh = await fs.open(filePath, "r");
  try {
    const head = Buffer.alloc(BLOCK);
    const { bytesRead } = await fh.read(head, 0, BLOCK, 0);
    if (bytesRead === 0) throw new ArchiveError("unknown-format", "archive file is empty", { offset: 0 });
    const r = detectFormatFromBytes(head.subarray(0, bytesRead));
    if (typeof r === "object") throw new ArchiveError("unknown-format", r.unknown, { offset: 0 });
    return r;
  } finally {
    await fh.close();
  }
}

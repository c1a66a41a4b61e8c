import zlib from "node:zlib";

/**
 * Artifact texts are stored as a series of independent gzip members, each holding at most
 * LINES_PER_CHUNK lines. Concatenated members are still one valid .gz file (zcat reads it),
 * and an index of member offsets lets the viewer read lines 500000-500100 of a large log
 * by inflating one member instead of the whole file.
 */
export const LINES_PER_CHUNK = 2000;

export interface ChunkIndex {
  lineCount: number;
  /** [byte offset in the .gz, compressed length, first line (1-based)] per member. */
  chunks: [number, number, number][];
}

export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export function encodeChunked(text: string): { gz: Buffer; index: ChunkIndex } {
  const lines = splitLines(text);
  const parts: Buffer[] = [];
  const chunks: ChunkIndex["chunks"] = [];
  let offset = 0;
  for (let i = 0; i < lines.length; i += LINES_PER_CHUNK) {
    const member = zlib.gzipSync(lines.slice(i, i + LINES_PER_CHUNK).join("\n") + "\n", { level: 6 });
    chunks.push([offset, member.length, i + 1]);
    parts.push(member);
    offset += member.length;
  }
  return { gz: Buffer.concat(parts), index: { lineCount: lines.length, chunks } };
}

/** Indices of the members that hold lines [start, start + count). */
export function chunksFor(index: ChunkIndex, start: number, count: number): number[] {
  const end = Math.min(index.lineCount, start + count - 1);
  const out: number[] = [];
  index.chunks.forEach(([, , first], i) => {
    const last = first + LINES_PER_CHUNK - 1;
    if (last >= start && first <= end) out.push(i);
  });
  return out;
}

/**
 * Most artifacts fit in one member (a bundle of 100k tiny files is all of them): they are
 * stored without an index file, whose only facts are then the file's length and its lines.
 * Halves the files written per artifact (a file create costs ~90 µs of CPU).
 */
export function needsIndexFile(index: ChunkIndex): boolean {
  return index.chunks.length > 1;
}

/** The index of an artifact stored as at most one member, rebuilt from its bytes. */
export function singleMemberIndex(gz: Buffer): ChunkIndex {
  if (gz.length === 0) return { lineCount: 0, chunks: [] };
  return { lineCount: splitLines(zlib.gunzipSync(gz).toString("utf8")).length, chunks: [[0, gz.length, 1]] };
}

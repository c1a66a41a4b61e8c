import zlib from "node:zlib";
import { promisify } from "node:util";
import type { LinePage, LineRange } from "./blob-store";
import { chunksFor, splitLines, type ChunkIndex } from "./chunked-gzip";

const gunzip = promisify(zlib.gunzip);

/** Lines per viewer page, at most. */
export const MAX_PAGE_LINES = 5000;

/**
 * A page of the viewer holds at most this much of one line: a hostile or minified artifact
 * can be a single 60 MB line, which must not become 60 MB of HTML.
 */
export const MAX_VIEW_LINE_CHARS = 4000;

function clipLine(line: string): string {
  return line.length > MAX_VIEW_LINE_CHARS ? `${line.slice(0, MAX_VIEW_LINE_CHARS)}… (${line.length - MAX_VIEW_LINE_CHARS} more characters)` : line;
}

/**
 * Lines [start, start + count) of a chunked-gzip artifact, reading only the members that hold
 * them through `readMember(offset, length)` (a file read, or a ranged GET on an object store).
 */
export async function readLinePage(index: ChunkIndex, range: LineRange, readMember: (offset: number, length: number) => Promise<Buffer>): Promise<LinePage> {
  const start = Math.max(1, Math.floor(range.start));
  const count = Math.min(MAX_PAGE_LINES, Math.max(0, Math.floor(range.count)));
  const lines: string[] = [];
  for (const i of chunksFor(index, start, count)) {
    const [offset, length, first] = index.chunks[i]!;
    splitLines((await gunzip(await readMember(offset, length))).toString("utf8")).forEach((l, j) => {
      const n = first + j;
      if (n >= start && n < start + count) lines.push(clipLine(l));
    });
  }
  return { start, lines, totalLines: index.lineCount };
}

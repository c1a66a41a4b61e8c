/**
 * Split a stream of byte chunks into lines without holding the whole body. Each chunk is
 * decoded once up to its last newline and split as a string (one decode per chunk instead
 * of one Buffer view and one decode per line: a third less allocation on a journal); bytes
 * after the last newline are carried to the next chunk, so a multi-byte character split
 * across chunks decodes correctly. A line longer than `maxLine` bytes is cut, and the rest
 * up to the next newline dropped, so one hostile 1 GB "line" cannot exhaust memory.
 */
export async function forEachLine(
  chunks: AsyncIterable<Buffer>,
  encoding: BufferEncoding,
  onLine: (line: string, lineNo: number) => void,
  opts: { maxLine?: number; afterChunk?: () => Promise<void> } = {},
): Promise<number> {
  const maxLine = opts.maxLine ?? 1024 * 1024;
  let carry: Buffer | null = null;
  let skipping = false;
  let lineNo = 0;
  for await (const raw of chunks) {
    let chunk = raw;
    if (skipping) {
      const nl = chunk.indexOf(10);
      if (nl === -1) continue;
      skipping = false;
      chunk = chunk.subarray(nl + 1);
    }
    const last = chunk.lastIndexOf(10);
    if (last === -1) {
      carry = carry ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
      if (carry.length > maxLine) {
        onLine(carry.subarray(0, maxLine).toString(encoding), ++lineNo);
        carry = null;
        skipping = true;
      }
    } else {
      const head = carry ? Buffer.concat([carry, chunk.subarray(0, last)]) : chunk.subarray(0, last);
      carry = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : null;
      const text = head.toString(encoding);
      let start = 0;
      for (let nl = text.indexOf("\n"); ; nl = text.indexOf("\n", start)) {
        const end = nl === -1 ? text.length : nl;
        onLine(end - start > maxLine ? text.slice(start, start + maxLine) : text.slice(start, end), ++lineNo);
        if (nl === -1) break;
        start = nl + 1;
      }
    }
    if (opts.afterChunk) await opts.afterChunk();
  }
  if (carry && carry.length) onLine(carry.subarray(0, maxLine).toString(encoding), ++lineNo);
  return lineNo;
}

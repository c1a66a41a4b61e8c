/**
 * Split a stream of byte chunks into lines without holding the whole body: a partial line
 * is carried to the next chunk. A line longer than `maxLine` is cut (the rest is dropped
 * up to the next newline) so one hostile 1 GB "line" cannot exhaust memory.
 */
export async function forEachLine(
  chunks: AsyncIterable<Buffer>,
  encoding: BufferEncoding,
  onLine: (line: string, lineNo: number) => void,
  opts: { maxLine?: number; afterChunk?: () => Promise<void> } = {},
): Promise<number> {
  const maxLine = opts.maxLine ?? 1024 * 1024;
  let carry: Buffer[] = [];
  let carryLen = 0;
  let skipping = false;
  let lineNo = 0;
  const emit = (buf: Buffer) => onLine(buf.toString(encoding), ++lineNo);
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      if (skipping) skipping = false;
      else if (carryLen) {
        carry.push(piece.subarray(0, Math.max(0, maxLine - carryLen)));
        emit(Buffer.concat(carry));
      } else emit(piece.length > maxLine ? piece.subarray(0, maxLine) : piece);
      carry = [];
      carryLen = 0;
      start = nl + 1;
    }
    if (start < chunk.length && !skipping) {
      const rest = chunk.subarray(start);
      const room = maxLine - carryLen;
      if (rest.length >= room) {
        carry.push(Buffer.from(rest.subarray(0, room)));
        emit(Buffer.concat(carry));
        carry = [];
        carryLen = 0;
        skipping = true;
      } else {
        // Copy: the chunk's memory may be reused by the reader.
        carry.push(Buffer.from(rest));
        carryLen += rest.length;
      }
    }
    if (opts.afterChunk) await opts.afterChunk();
  }
  if (carryLen) emit(Buffer.concat(carry));
  return lineNo;
}

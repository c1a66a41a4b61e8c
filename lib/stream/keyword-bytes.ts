/**
 * Which lines of a block of log bytes hold one of a set of ASCII keywords, found on the bytes
 * themselves (Wu-Manber: a window as long as the shortest keyword, shifted by a table of its
 * last two bytes). The keyword worker used to decode each block and run the keywords' regex
 * alternation over the text: 0.3 s of decoding and 1.4-1.7 s of regex for a 629 MB journal,
 * where this takes a fraction of that and allocates nothing per block.
 *
 * Exact for UTF-8 and latin1 text: an ASCII byte is that character in both (UTF-8 never uses
 * one inside a multi-byte sequence, and a decoder that meets a broken sequence still decodes
 * the ASCII byte after it as itself), and no keyword holds a newline, so matching bytes and
 * counting newline bytes finds the same lines as matching the decoded text.
 *
 * Both functions are self-contained (no imports, no closures, no helpers a compiler might
 * inject for newer syntax): the worker gets their source text, see keyword-scan-worker.ts.
 */

export interface KeywordTable {
  /** Length of the shortest keyword: the window. */
  m: number;
  /** By the window's last two bytes: how far the window may move without passing a match. */
  shift: Uint8Array;
  /** Keywords whose first m bytes end with that pair: cand[candStart[pair] .. candStart[pair + 1]). */
  candStart: Int32Array;
  cand: Int32Array;
  /** Keyword k is wordBytes[wordStart[k] .. wordStart[k + 1]). */
  wordBytes: Uint8Array;
  wordStart: Int32Array;
}

/** The table for these keywords; null unless every one is 2+ characters of printable ASCII. */
export function buildKeywordTable(keywords: string[]): KeywordTable | null {
  if (keywords.length === 0) return null;
  let m = 255;
  let total = 0;
  for (let k = 0; k < keywords.length; k++) {
    const w = keywords[k]!;
    if (w.length < 2) return null;
    for (let j = 0; j < w.length; j++) {
      const c = w.charCodeAt(j);
      if (c < 32 || c > 126) return null;
    }
    if (w.length < m) m = w.length;
    total += w.length;
  }
  const wordBytes = new Uint8Array(total);
  const wordStart = new Int32Array(keywords.length + 1);
  const shift = new Uint8Array(65536).fill(m - 1);
  const counts = new Int32Array(65537);
  for (let k = 0, o = 0; k < keywords.length; k++) {
    const w = keywords[k]!;
    wordStart[k] = o;
    for (let j = 0; j < w.length; j++) wordBytes[o++] = w.charCodeAt(j);
    // Pair j..j+1 of the first m bytes may end the window when the window starts m-2-j earlier.
    for (let j = 0; j + 1 < m; j++) {
      const pair = (w.charCodeAt(j) << 8) | w.charCodeAt(j + 1);
      if (m - 2 - j < shift[pair]!) shift[pair] = m - 2 - j;
    }
    counts[((w.charCodeAt(m - 2) << 8) | w.charCodeAt(m - 1)) + 1]!++;
  }
  wordStart[keywords.length] = total;
  const candStart = new Int32Array(65537);
  for (let p = 0; p < 65536; p++) candStart[p + 1] = candStart[p]! + counts[p + 1]!;
  const cand = new Int32Array(keywords.length);
  const fill = candStart.slice(0, 65536);
  for (let k = 0; k < keywords.length; k++) {
    const w = keywords[k]!;
    cand[fill[(w.charCodeAt(m - 2) << 8) | w.charCodeAt(m - 1)]!++] = k;
  }
  return { m, shift, candStart, cand, wordBytes, wordStart };
}

/**
 * Indices (0-based, ascending) of the lines of b[0..n) that hold a keyword; line k is what
 * follows the k-th newline byte.
 */
export function keywordLineIndices(b: Uint8Array, n: number, t: KeywordTable): number[] {
  const shift = t.shift;
  const hits: number[] = [];
  let pos = t.m - 1; // the window's last byte
  while (pos < n) {
    const s = shift[(b[pos - 1]! << 8) | b[pos]!]!;
    pos = s !== 0 ? pos + s : keywordAt(b, pos, n, t, hits);
  }
  // Hit offsets to line numbers: one pass over the bytes up to the last hit.
  let line = 0;
  let q = 0;
  for (let k = 0; k < hits.length; k++) {
    const at = hits[k]!;
    for (; q < at; q++) if (b[q] === 10) line++;
    hits[k] = line;
  }
  return hits;
}

/**
 * The window ending at b[pos] has a pair some keyword's first m bytes end with: when a keyword
 * starts at the window (and ends before `end`), note its offset and return where the next
 * line's first window ends (one hit per line is enough); else the next window.
 */
export function keywordAt(b: Uint8Array, pos: number, end: number, t: KeywordTable, hits: number[]): number {
  const start = pos - t.m + 1;
  const pair = (b[pos - 1]! << 8) | b[pos]!;
  for (let c = t.candStart[pair]!; c < t.candStart[pair + 1]!; c++) {
    const w = t.cand[c]!;
    const ws = t.wordStart[w]!;
    const len = t.wordStart[w + 1]! - ws;
    if (start + len > end) continue;
    let j = 0;
    while (j < len && b[start + j] === t.wordBytes[ws + j]) j++;
    if (j < len) continue;
    hits.push(start);
    let nl = pos + 1;
    while (nl < end && b[nl] !== 10) nl++;
    return nl >= end ? end : nl + t.m;
  }
  return pos + 1;
}

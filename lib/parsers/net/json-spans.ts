/**
 * Finds the objects of a JSON document's element array, with the lines they span, without
 * parsing the whole document first.
 *
 * Why: `ip -j` and `nft -j` print one line (so every record is "line 1"), but `ip -j -p` is
 * pretty-printed and the collector concatenates `ip -j route` and `ip -6 -j route` into one
 * file (two arrays back to back, which JSON.parse rejects). Scanning for the objects at a
 * given nesting depth handles all three, and a truncated file still yields its complete
 * objects. Depth counts open brackets: `[ {..} ]` has its objects at depth 1,
 * `{"nftables": [ {..} ]}` at depth 2.
 */

export interface JsonSpan {
  /** Parsed object, or undefined when its text did not parse. */
  value: unknown;
  text: string;
  lineStart: number;
  lineEnd: number;
}

export interface JsonScan {
  spans: JsonSpan[];
  /** Brackets still open at the end: the text was cut. */
  truncated: boolean;
}

export function scanJsonObjects(text: string, depth: number): JsonScan {
  const spans: JsonSpan[] = [];
  let level = 0;
  let line = 1;
  let inStr = false;
  let start = -1;
  let startLine = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") line++;
    if (inStr) {
      if (c === "\\") i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === "{" || c === "[") {
      if (c === "{" && level === depth) {
        start = i;
        startLine = line;
      }
      level++;
    } else if (c === "}" || c === "]") {
      level--;
      if (c === "}" && level === depth && start >= 0) {
        const body = text.slice(start, i + 1);
        let value: unknown;
        try {
          value = JSON.parse(body);
        } catch {
          value = undefined;
        }
        spans.push({ value, text: body, lineStart: startLine, lineEnd: line });
        start = -1;
      }
    }
  }
  return { spans, truncated: level > 0 };
}

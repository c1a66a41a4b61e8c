/**
 * Cutting a fixed-width table (lsns, crictl, docker ps) into cells by the header's positions.
 *
 * Why positions and not split-on-blanks: cells can be empty (lsns PID of a namespace held
 * only by a mount) and text cells can contain blanks (COMMAND "sleep 300", docker STATUS
 * "Up 2 hours"). Left-aligned cells start exactly under their header word; right-aligned
 * ones (numbers in libsmartcols tables) end exactly under the header's last character.
 */

export interface Column {
  name: string;
  start: number;
  end: number;
  align: "left" | "right";
}

/** Header words separated by 1+ blanks; `multiWord` joins names like "CONTAINER ID". */
export function headerColumns(header: string, rightAligned: ReadonlySet<string>, multiWord: readonly string[] = []): Column[] {
  const cols: Column[] = [];
  let text = header;
  // Protect multi-word names by replacing their inner blank with a marker of the same width.
  for (const name of multiWord) text = text.split(name).join(name.replace(/ /g, "\u0000"));
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[0].replace(/\u0000/g, " ");
    cols.push({ name, start: m.index, end: m.index + m[0].length, align: rightAligned.has(name) ? "right" : "left" });
  }
  return cols;
}

/**
 * Cells of one row. A right-aligned cell is the single token ending at col.end; a left-aligned
 * cell runs from col.start to where the next cell begins. Returns misaligned column names so
 * callers can warn, and `short` when the row ends before the last column (truncated output).
 */
export function cutRow(line: string, cols: Column[]): { cells: Record<string, string>; misaligned: string[]; short: boolean } {
  const cells: Record<string, string> = {};
  const misaligned: string[] = [];
  const spans: { start: number; end: number }[] = cols.map((c) => {
    if (c.align === "right") {
      const before = line.slice(0, c.end);
      const m = /\S+$/.exec(before);
      const endsHere = m !== null && before.length === c.end && (c.end === line.length || /\s/.test(line[c.end] ?? ""));
      if (m && endsHere) return { start: m.index, end: c.end };
      return { start: c.end, end: c.end };
    }
    return { start: c.start, end: -1 };
  });
  cols.forEach((c, i) => {
    const span = spans[i] ?? { start: c.start, end: c.end };
    let end = span.end;
    if (c.align === "left") {
      const next = spans[i + 1];
      end = next ? Math.max(span.start, next.start) : line.length;
    }
    const value = line.slice(span.start, end).trim();
    cells[c.name] = value;
    if (c.align === "right" && value === "" && /\S/.test(line.slice(c.start, c.end + 1))) misaligned.push(c.name);
  });
  const last = cols[cols.length - 1];
  return { cells, misaligned, short: last !== undefined && line.trimEnd().length < last.start };
}

/**
 * Tables whose cells are all left-aligned under their header word, as Go's tabwriter prints
 * them (docker ps, crictl ps, crictl pods). Stage 1 only: rows of raw string cells.
 *
 * Why positions: CREATED ("About a minute ago") and STATUS ("Exited (0) 2 weeks ago") hold
 * blanks and PORTS is often empty, so splitting on blanks cannot tell cells apart.
 */
import type { ParseResult } from "@/lib/parsers/types";
import { cutRow, headerColumns, type Column } from "./column-table";
import { ResultBuilder, classifyErrorLine, detectNotData, splitLines } from "@/lib/parsers/common";

export interface TableRow {
  cells: Record<string, string>;
  line: number;
  text: string;
}

export interface LeftTableOptions {
  isHeader: (line: string) => boolean;
  multiWord?: readonly string[];
}

/** Rows under the (last seen) header; notData when the text is empty, an error, or headerless. */
export function readLeftTable<R>(text: string, opts: LeftTableOptions): { rows: TableRow[]; out: ResultBuilder<R>; notData?: ParseResult<R>["notData"] } {
  const out = new ResultBuilder<R>();
  const rows: TableRow[] = [];
  const notData = detectNotData(text);
  // A runtime's own error line often quotes a socket path "no such file": that is error text.
  if (notData && notData.reason !== "no-such-file") return { rows, out, notData };
  const lines = splitLines(text);
  if (!lines.some(opts.isHeader)) {
    return { rows, out, notData: { reason: "error-text", message: lines.slice(0, 3).join("\n").slice(0, 500) } };
  }
  const endsWithNewline = /\n$/.test(text);
  let cols: Column[] | undefined;
  lines.forEach((t, i) => {
    const line = i + 1;
    if (t.trim() === "") return;
    if (opts.isHeader(t)) {
      cols = headerColumns(t, new Set(), opts.multiWord ?? []);
      return;
    }
    if (!cols) return classifyErrorLine(t) ? out.warn(t, line) : out.skip(line, t, "row before the header");
    const { cells, short } = cutRow(t, cols);
    if (short && i === lines.length - 1 && !endsWithNewline) return out.skip(line, t, "last line ends early without a newline (truncated output?)");
    rows.push({ cells, line, text: t });
  });
  return { rows, out };
}

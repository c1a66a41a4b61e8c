/**
 * lsns, plain table (host/lsns.txt). Columns vary by release and -o list; the header tells.
 *
 *         NS TYPE   NPROCS   PID  PPID COMMAND          UID USER PATH
 *   4026531833 net        82     2     0 kthreadd           0 root /proc/2/ns/net
 *   4026532247 net         1 13979 13975 └─sleep 5          0 root /proc/13979/ns/net
 *
 * → LsnsRecord { ns: 4026532247, type: "net", nprocs: 1, pid: 13979, ppid: 13975,
 *                command: "sleep 5", uid: 0, user: "root", path: "/proc/13979/ns/net", line: 3 }
 *
 * Quirks: COMMAND holds blanks and, in util-linux 2.38+, tree drawing (└─) that is dropped;
 * cells can be empty (no PID for a namespace held only by an nsfs mount), so cells are cut
 * by header position (column-table.ts), not by splitting on blanks.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { cutRow, headerColumns, type Column } from "./column-table";
import { ResultBuilder, classifyErrorLine, detectNotData, notDataResult, splitLines } from "@/lib/parsers/common";
import { normaliseLsnsRow, type LsnsRecord } from "./lsns-record";

export type { LsnsRecord } from "./lsns-record";

const RIGHT_ALIGNED = new Set(["NS", "NPROCS", "PID", "PPID", "UID", "NETNSID"]);

function isHeader(text: string): boolean {
  return /^\s*NS\s+TYPE\b/.test(text);
}

export const parser: ArtifactParser<LsnsRecord> = {
  kind: "lsns",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<LsnsRecord>();
    const lines = splitLines(text);
    const endsWithNewline = /\n$/.test(text);
    let cols: Column[] | undefined;
    lines.forEach((text, i) => {
      const line = i + 1;
      if (text.trim() === "") return;
      if (isHeader(text)) {
        cols = headerColumns(text, RIGHT_ALIGNED);
        return;
      }
      if (!cols) {
        if (classifyErrorLine(text)) out.warn(text, line);
        else out.skip(line, text, "row before any NS TYPE header");
        return;
      }
      const { cells, misaligned, short } = cutRow(text, cols);
      const raw = Object.fromEntries(Object.entries(cells).map(([k, v]) => [k.toLowerCase(), v]));
      const rec = normaliseLsnsRow(raw, line);
      if (typeof rec === "string") return out.skip(line, text, rec);
      if (misaligned.length > 0) out.warn(`cells not aligned with header: ${misaligned.join(", ")}`, line);
      if (short && i === lines.length - 1 && !endsWithNewline) out.warn("last line ends early without a newline (truncated output?)", line);
      out.records.push(rec);
    });
    if (!cols && out.records.length === 0 && out.unparsed.length > 0) out.warn("no lsns header line found");
    return out.done();
  },
};
